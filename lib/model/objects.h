// model/objects.h — one plain struct per object kind, and the Object that wraps them.
//
// Fields hold what PostgreSQL's catalogs say, in the form PostgreSQL's own deparsers
// print it (pg_get_indexdef, pg_get_expr, format_type, ...) where such a deparser
// exists, so rendering and comparing never re-derive SQL that the server already
// produced. No OIDs: references between objects are names. std::optional marks
// "not set" apart from "empty".
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "model/boxed.h"
#include "model/object_id.h"
#include "util/error.h"

namespace pgdrift::model {

/// One privilege of an ACL, as aclexplode() reports it. grantee "" is PUBLIC.
struct Grant {
  std::string grantee;
  std::string grantor;
  std::string privilege;  ///< SELECT, INSERT, USAGE, EXECUTE, ...
  bool grantable = false;
  bool operator==(const Grant&) const = default;
};
/// The items of an ACL in catalog order. Absent (std::nullopt) means "the default".
using Acl = std::vector<Grant>;

struct QualifiedName {
  std::string schema;
  std::string name;
  auto operator<=>(const QualifiedName&) const = default;
  bool operator==(const QualifiedName&) const = default;
};

struct SchemaDef {
  bool operator==(const SchemaDef&) const = default;
};

/// Privileges on one object of an extension that differ from what the extension's
/// script set up (pg_init_privs).
struct ExtensionMemberPrivileges {
  std::string object_type;  ///< pg_identify_object() type: function, table, sequence, ...
  std::string identity;     ///< pg_identify_object() identity, quoted and qualified
  std::string owner;
  std::optional<Acl> acl;          ///< current ACL (nullopt: built-in default)
  std::optional<Acl> initial_acl;  ///< ACL after CREATE EXTENSION (nullopt: built-in default)
  bool operator==(const ExtensionMemberPrivileges&) const = default;
};

struct ExtensionDef {
  std::string schema;   ///< schema the extension's objects live in
  std::string version;  ///< installed version
  std::vector<ExtensionMemberPrivileges> member_privileges;  ///< sorted by type, identity
  bool operator==(const ExtensionDef&) const = default;
};

struct CollationDef {
  std::string provider;  ///< "libc", "icu" or "builtin"
  std::string lc_collate;
  std::string lc_ctype;
  std::string locale;     ///< ICU / builtin locale
  std::string icu_rules;  ///< PostgreSQL 16+
  bool deterministic = true;
  bool operator==(const CollationDef&) const = default;
};

struct CompositeAttribute {
  std::string name;
  std::string type;  ///< format_type() text
  std::optional<QualifiedName> collation;
  std::optional<std::string> comment;
  bool operator==(const CompositeAttribute&) const = default;
};

/// A base type made with CREATE TYPE name (INPUT = ..., OUTPUT = ..., ...).
struct BaseTypeDef {
  std::string input;  ///< regproc texts of the support functions
  std::string output;
  std::optional<std::string> receive;
  std::optional<std::string> send;
  std::optional<std::string> typmod_in;
  std::optional<std::string> typmod_out;
  std::optional<std::string> analyze;
  std::optional<std::string> subscript;  ///< PostgreSQL 14+
  int internal_length = -1;              ///< -1: variable
  bool passed_by_value = false;
  std::string alignment = "int4";  ///< char, int2, int4 or double
  std::string storage = "plain";   ///< plain, external, extended or main
  std::string category = "U";
  bool preferred = false;
  std::optional<std::string> default_value;
  std::optional<std::string> element;  ///< format_type() text
  std::string delimiter = ",";
  bool collatable = false;
  bool operator==(const BaseTypeDef&) const = default;
};

/// Enum, composite, range and base types, and shell types (a name reserved with
/// CREATE TYPE name; and never defined). Domains have their own kind.
struct TypeDef {
  std::string type_kind;            ///< "enum", "composite", "range", "base" or "shell"
  std::vector<std::string> labels;  ///< enum labels in sort order
  std::vector<CompositeAttribute> attributes;
  std::string range_subtype;
  std::optional<QualifiedName> range_opclass;  ///< only when not the subtype's default
  std::optional<QualifiedName> range_collation;
  std::optional<std::string> range_canonical;  ///< function, regproc text
  std::optional<std::string> range_subtype_diff;
  std::optional<QualifiedName> multirange;  ///< PostgreSQL 14+
  std::optional<BaseTypeDef> base;
  bool operator==(const TypeDef&) const = default;
};

struct DomainConstraint {
  std::string name;
  std::string definition;  ///< pg_get_constraintdef() text, e.g. CHECK ((VALUE > 0))
  bool validated = true;
  std::optional<std::string> comment;
  bool operator==(const DomainConstraint&) const = default;
};

struct DomainDef {
  std::string base_type;
  std::optional<QualifiedName> collation;
  std::optional<std::string> default_expr;
  bool not_null = false;
  std::vector<DomainConstraint> constraints;  ///< sorted by name
  bool operator==(const DomainDef&) const = default;
};

struct FunctionDef {
  std::string routine_kind;  ///< "function", "procedure" or "window"
  std::string language;
  std::string definition;  ///< pg_get_functiondef() text without the final newline
  bool operator==(const FunctionDef&) const = default;
};

struct AggregateDef {
  std::string aggregate_kind;  ///< "normal", "ordered_set" or "hypothetical"
  std::string arguments;       ///< pg_get_function_arguments() text
  /// All argument types as a plain list: GRANT names an ordered-set aggregate this way.
  std::string input_types;
  std::string sfunc;
  std::string stype;
  int sspace = 0;
  std::optional<std::string> finalfunc;
  bool finalfunc_extra = false;
  std::string finalfunc_modify;  ///< "read_only", "shareable" or "read_write"
  std::optional<std::string> combinefunc;
  std::optional<std::string> serialfunc;
  std::optional<std::string> deserialfunc;
  std::optional<std::string> initcond;
  std::optional<std::string> msfunc;
  std::optional<std::string> minvfunc;
  std::optional<std::string> mstype;
  int msspace = 0;
  std::optional<std::string> mfinalfunc;
  bool mfinalfunc_extra = false;
  std::string mfinalfunc_modify;
  std::optional<std::string> minitcond;
  std::optional<std::string> sortop;  ///< OPERATOR(schema.op) text
  std::string parallel;               ///< "safe", "restricted" or "unsafe"
  bool operator==(const AggregateDef&) const = default;
};

struct SequenceOwner {
  std::string table;  ///< in the sequence's schema (PostgreSQL requires it)
  std::string column;
  bool operator==(const SequenceOwner&) const = default;
};

struct SequenceDef {
  std::string data_type;
  std::int64_t start = 1;
  std::int64_t increment = 1;
  std::int64_t min_value = 1;
  std::int64_t max_value = 0;
  std::int64_t cache = 1;
  bool cycle = false;
  bool unlogged = false;
  std::optional<SequenceOwner> owned_by;
  bool operator==(const SequenceDef&) const = default;
};

/// The sequence behind an identity column (not an object of its own).
struct IdentityDef {
  std::string generation;  ///< "always" or "by_default"
  QualifiedName sequence;
  std::int64_t start = 1;
  std::int64_t increment = 1;
  std::int64_t min_value = 1;
  std::int64_t max_value = 0;
  std::int64_t cache = 1;
  bool cycle = false;
  std::optional<Acl> acl;  ///< privileges granted on the sequence itself
  bool operator==(const IdentityDef&) const = default;
};

/// A column's NOT NULL as a constraint of its own (catalog rows from PostgreSQL 18),
/// kept only where it says more than a plain NOT NULL: a name other than the one
/// PostgreSQL chooses (<table>_<column>_not_null), NO INHERIT, NOT VALID or a comment.
struct NotNullConstraint {
  std::string name;
  bool no_inherit = false;
  bool validated = true;  ///< false: NOT VALID (the column is not marked NOT NULL)
  std::optional<std::string> comment;
  bool operator==(const NotNullConstraint&) const = default;
};

struct Column {
  std::string name;
  std::string type;                   ///< format_type() text
  Indirect<QualifiedName> collation;  ///< only when not the type's default
  bool not_null = false;
  std::optional<std::string> default_expr;  ///< pg_get_expr() text
  Indirect<IdentityDef> identity;
  Indirect<std::string> generated_expr;  ///< GENERATED ALWAYS AS (...) STORED
  /// Column comes only from a parent (inheritance, not a partition): CREATE TABLE omits it.
  bool inherited = false;
  // Rare: kept behind a pointer (90,000 columns at 10,000 tables).
  Indirect<std::string> storage;      ///< only when not the type's default
  Indirect<std::string> compression;  ///< PostgreSQL 14+, only when set
  std::optional<int> statistics;      ///< only when set
  std::vector<std::string> options;   ///< attoptions, e.g. n_distinct=100
  Indirect<std::string> comment;
  Indirect<Acl> acl;                                ///< column privileges
  Indirect<NotNullConstraint> not_null_constraint;  ///< PostgreSQL 18+, see above
  Indirect<std::vector<std::string>> fdw_options;   ///< a foreign table's column options
  bool operator==(const Column&) const = default;
};

struct TableDef {
  std::string table_kind = "table";  ///< "table", "partitioned" or "foreign"
  bool unlogged = false;
  std::optional<std::string> partition_key;  ///< pg_get_partkeydef() text
  std::optional<QualifiedName> partition_of;
  std::optional<std::string> partition_bound;  ///< FOR VALUES ... / DEFAULT
  std::vector<QualifiedName> inherits;         ///< in inhseqno order
  std::optional<std::string> of_type;          ///< typed table (CREATE TABLE ... OF type)
  std::optional<std::string> access_method;    ///< only when not heap
  std::optional<std::string> tablespace;       ///< only when not the database's default
  std::vector<std::string> options;            ///< reloptions
  std::string replica_identity = "default";    ///< default, nothing, full or index
  std::optional<std::string> replica_identity_index;
  bool row_security = false;
  bool force_row_security = false;
  std::vector<Column> columns;                ///< in attnum order
  std::optional<std::string> foreign_server;  ///< a foreign table's server
  std::vector<std::string> foreign_options;   ///< a foreign table's options
  bool operator==(const TableDef&) const = default;
};

/// Per-column extras of views and materialized views (the columns themselves come from
/// the query).
struct ViewColumn {
  std::string name;
  std::optional<std::string> default_expr;
  std::optional<std::string> comment;
  std::optional<Acl> acl;
  bool operator==(const ViewColumn&) const = default;
};

struct ViewDef {
  std::string definition;                   ///< pg_get_viewdef() text without the final ';'
  std::vector<std::string> options;         ///< reloptions other than check_option
  std::optional<std::string> check_option;  ///< "local" or "cascaded"
  std::vector<ViewColumn> columns;          ///< only columns with extras
  /// Set for a view that reads itself: the SELECT list of a stand-in with its columns
  /// (NULL::type AS name, ...), created before the real definition replaces it.
  std::optional<std::string> placeholder;
  bool operator==(const ViewDef&) const = default;
};

struct MaterializedViewDef {
  std::string definition;
  std::vector<std::string> options;
  std::optional<std::string> access_method;
  std::optional<std::string> tablespace;  ///< only when not the database's default
  std::vector<ViewColumn> columns;
  bool operator==(const MaterializedViewDef&) const = default;
};

struct ConstraintDef {
  std::string constraint_type;  ///< primary_key, unique, check, foreign_key, exclusion
  std::string definition;       ///< pg_get_constraintdef() text
  bool validated = true;
  /// Added with ALTER TABLE ONLY (not recursing into inheritance children/partitions).
  bool only = true;
  /// For a partition's copy of a partitioned table's key: the parent's index, which the
  /// copy's index must be attached to.
  std::optional<QualifiedName> attach_to;
  std::string index_name;  ///< backing index of primary key / unique / exclusion
  /// Set for an inherited check constraint that is valid while the same constraint of
  /// this parent table is NOT VALID: rendered as VALIDATE CONSTRAINT after the parent's.
  std::optional<QualifiedName> validated_copy_of;
  std::optional<std::string> index_comment;     ///< COMMENT ON INDEX of the backing index
  bool index_clustered = false;                 ///< ALTER TABLE ... CLUSTER ON the backing index
  std::optional<std::string> index_tablespace;  ///< of the backing index, when not the default
  bool operator==(const ConstraintDef&) const = default;
};

struct IndexDef {
  std::string definition;  ///< pg_get_indexdef() text
  bool clustered = false;
  std::optional<std::string> tablespace;   ///< only when not the database's default
  std::optional<QualifiedName> attach_to;  ///< parent index of a partition's index
  /// Per-column statistics targets set with ALTER INDEX ... SET STATISTICS: (column, n).
  std::vector<std::pair<int, int>> column_statistics;
  /// False for an index left INVALID by a failed CREATE INDEX CONCURRENTLY. Kept in the
  /// model so `check` and `diff` report it; never rendered (as pg_dump skips it too).
  bool valid = true;
  bool operator==(const IndexDef&) const = default;
};

struct RuleDef {
  std::string definition;  ///< pg_get_ruledef() text without the final ';'
  std::string enabled;     ///< origin, disabled, replica or always
  bool operator==(const RuleDef&) const = default;
};

struct TriggerDef {
  std::string definition;  ///< pg_get_triggerdef() text
  std::string enabled;     ///< origin, disabled, replica or always
  bool operator==(const TriggerDef&) const = default;
};

struct EventTriggerDef {
  std::string event;
  std::vector<std::string> tags;
  std::string function;  ///< qualified function name
  std::string enabled;
  bool operator==(const EventTriggerDef&) const = default;
};

struct PolicyDef {
  std::string command;  ///< ALL, SELECT, INSERT, UPDATE or DELETE
  bool permissive = true;
  std::vector<std::string> roles;  ///< "" is PUBLIC
  std::optional<std::string> using_expr;
  std::optional<std::string> check_expr;
  bool operator==(const PolicyDef&) const = default;
};

struct StatisticsDef {
  std::string definition;  ///< pg_get_statisticsobjdef() text
  std::optional<int> statistics_target;
  bool operator==(const StatisticsDef&) const = default;
};

struct PublicationTable {
  QualifiedName table;
  std::vector<std::string> columns;  ///< PostgreSQL 15+ column lists
  std::optional<std::string> where;  ///< PostgreSQL 15+ row filter
  bool operator==(const PublicationTable&) const = default;
};

struct PublicationDef {
  bool all_tables = false;
  std::vector<std::string> publish;  ///< insert, update, delete, truncate
  bool via_root = false;
  std::vector<PublicationTable> tables;  ///< sorted by table
  std::vector<std::string> schemas;      ///< PostgreSQL 15+ TABLES IN SCHEMA, sorted
  bool operator==(const PublicationDef&) const = default;
};

/// ALTER DEFAULT PRIVILEGES state of one role (id.name), schema (id.schema, "" for the
/// global entry) and object type (id.args: tables, sequences, functions, types, schemas).
struct DefaultPrivilegesDef {
  Acl acl;
  bool operator==(const DefaultPrivilegesDef&) const = default;
};

/// A user-defined operator. The argument types are also the id's args ("left, right",
/// NONE for a missing side).
struct OperatorDef {
  std::optional<std::string> left_type;   ///< format_type() text; nullopt for a prefix operator
  std::optional<std::string> right_type;  ///< nullopt for a postfix operator (before 14)
  std::string function;                   ///< regproc text
  std::optional<std::string> commutator;  ///< OPERATOR(schema.name) text
  std::optional<std::string> negator;
  std::optional<std::string> restrict_function;
  std::optional<std::string> join_function;
  bool hashes = false;
  bool merges = false;
  bool operator==(const OperatorDef&) const = default;
};

/// OPERATOR n op(left, right) [FOR ORDER BY family] of an operator class or family.
struct OperatorMember {
  int strategy = 0;
  std::string name;  ///< regoperator text, e.g. public.<<<(integer,integer)
  std::optional<QualifiedName> order_by_family;  ///< set for an ordering operator
  bool operator==(const OperatorMember&) const = default;
};

/// FUNCTION n (left, right) f(args) of an operator class or family.
struct FunctionMember {
  int number = 0;
  std::string left_type;
  std::string right_type;
  std::string function;  ///< regprocedure text
  bool operator==(const FunctionMember&) const = default;
};

/// An operator family (the access method is the id's args). Holds the "loose" members
/// added with ALTER OPERATOR FAMILY ... ADD; an operator class's members are its own.
struct OperatorFamilyDef {
  std::vector<OperatorMember> operators;  ///< by strategy, then name
  std::vector<FunctionMember> functions;  ///< by number, then types
  bool operator==(const OperatorFamilyDef&) const = default;
};

/// An operator class (the access method is the id's args).
struct OperatorClassDef {
  bool is_default = false;
  std::string type;  ///< format_type() text of the indexed type
  QualifiedName family;
  std::optional<std::string> storage;  ///< STORAGE type when it differs from the type
  std::vector<OperatorMember> operators;
  std::vector<FunctionMember> functions;
  bool operator==(const OperatorClassDef&) const = default;
};

struct TextSearchParserDef {
  std::string start;  ///< regproc texts of the parser's functions
  std::string gettoken;
  std::string end;
  std::string lextypes;
  std::optional<std::string> headline;
  bool operator==(const TextSearchParserDef&) const = default;
};

struct TextSearchTemplateDef {
  std::optional<std::string> init;  ///< regproc texts
  std::string lexize;
  bool operator==(const TextSearchTemplateDef&) const = default;
};

struct TextSearchDictionaryDef {
  QualifiedName template_name;
  std::optional<std::string> options;  ///< dictinitoption, e.g. language = 'english'
  bool operator==(const TextSearchDictionaryDef&) const = default;
};

/// The dictionaries a configuration consults for one token type, in order.
struct TextSearchMapping {
  std::string token_type;  ///< the parser's alias, e.g. asciiword
  std::vector<QualifiedName> dictionaries;
  bool operator==(const TextSearchMapping&) const = default;
};

struct TextSearchConfigurationDef {
  QualifiedName parser;
  std::vector<TextSearchMapping> mappings;  ///< in the parser's token type order
  bool operator==(const TextSearchConfigurationDef&) const = default;
};

/// A cast; the id's name is the source type and its args the target type.
struct CastDef {
  std::string method;                   ///< "function", "inout" or "binary"
  std::optional<std::string> function;  ///< regprocedure text, for method "function"
  std::string context;                  ///< "explicit", "assignment" or "implicit"
  bool operator==(const CastDef&) const = default;
};

struct ConversionDef {
  std::string source_encoding;
  std::string target_encoding;
  std::string function;  ///< regproc text
  bool is_default = false;
  bool operator==(const ConversionDef&) const = default;
};

/// A procedural language created by hand (not by an extension).
struct LanguageDef {
  bool trusted = false;
  std::string handler;  ///< regproc texts
  std::optional<std::string> inline_handler;
  std::optional<std::string> validator;
  bool operator==(const LanguageDef&) const = default;
};

struct AccessMethodDef {
  std::string method_type;  ///< "index" or "table"
  std::string handler;      ///< regproc text
  bool operator==(const AccessMethodDef&) const = default;
};

/// A transform; the id's name is the type and its args the language.
struct TransformDef {
  std::optional<std::string> from_sql;  ///< regprocedure texts
  std::optional<std::string> to_sql;
  bool operator==(const TransformDef&) const = default;
};

/// Options of foreign-data wrappers, servers, user mappings, foreign tables and their
/// columns are "name=value" strings sorted by name (the order they were given in is not
/// kept: pg_dump sorts them too). A value that is a credential is replaced by
/// kRedactedCredential when it is read (see catalog/), so it never reaches any output.
inline constexpr const char* kRedactedCredential = "pgdrift:redacted";

struct ForeignDataWrapperDef {
  std::optional<std::string> handler;  ///< regproc texts
  std::optional<std::string> validator;
  std::vector<std::string> options;
  bool operator==(const ForeignDataWrapperDef&) const = default;
};

struct ForeignServerDef {
  std::string wrapper;
  std::optional<std::string> type;
  std::optional<std::string> version;
  std::vector<std::string> options;
  bool operator==(const ForeignServerDef&) const = default;
};

/// A user mapping; the id's name is the role (PUBLIC for everyone) and its args the server.
struct UserMappingDef {
  std::vector<std::string> options;
  bool operator==(const UserMappingDef&) const = default;
};

/// A subscription of this database. pgdrift writes it as pg_dump does: created without
/// connecting (connect = false), so neither a replay nor check's shadow ever reaches the
/// publisher. Whether it is enabled, its replication slot's state and its progress are
/// run-time state, not schema, and are not modelled.
struct SubscriptionDef {
  /// The connection string in libpq's key=value form, with the values of password and
  /// sslpassword replaced by kRedactedCredential ("" when unreadable).
  std::string conninfo;
  /// In the order they were given (pg_dump keeps it; it means nothing to PostgreSQL).
  std::vector<std::string> publications;
  std::optional<std::string> slot_name;  ///< nullopt: slot_name = NONE
  /// The WITH options this server's version has, as "name=value" sorted by name.
  std::vector<std::string> options;
  /// The fields the reading role could not see, sorted: "conninfo" unless it is a
  /// superuser, and before 14 also "comment" and "options". They are never compared.
  std::vector<std::string> unreadable;
  bool operator==(const SubscriptionDef&) const = default;
  bool readable(std::string_view field) const {
    return std::find(unreadable.begin(), unreadable.end(), field) == unreadable.end();
  }
};

/// Kind-specific part of an Object. The alternative's index equals the ObjectKind's value.
// The largest definitions are boxed: an object is as large as the largest alternative
// (AggregateDef made every object 1 KB), and most objects are indexes and constraints.
// def_as<T> and def_if<T> see through the box.
using Definition =
    std::variant<SchemaDef, ExtensionDef, CollationDef, Boxed<TypeDef>, DomainDef, FunctionDef,
                 Boxed<AggregateDef>, SequenceDef, Boxed<TableDef>, ViewDef, MaterializedViewDef,
                 Boxed<ConstraintDef>, IndexDef, RuleDef, TriggerDef, EventTriggerDef, PolicyDef,
                 StatisticsDef, PublicationDef, DefaultPrivilegesDef, OperatorDef,
                 OperatorFamilyDef, Boxed<OperatorClassDef>, TextSearchParserDef,
                 TextSearchTemplateDef, TextSearchDictionaryDef, TextSearchConfigurationDef,
                 CastDef, ConversionDef, LanguageDef, AccessMethodDef, TransformDef,
                 ForeignDataWrapperDef, ForeignServerDef, UserMappingDef, SubscriptionDef>;
static_assert(std::variant_size_v<Definition> == kObjectKindCount,
              "every ObjectKind needs exactly one definition struct, in the same order");

struct Object {
  ObjectId id;
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  std::optional<Acl> acl;
  /// Objects that must exist before this one (from pg_depend), sorted, no duplicates.
  std::vector<ObjectId> depends_on;
  Definition definition;
  bool operator==(const Object&) const = default;
};

template <typename T, typename Variant>
struct is_alternative;
template <typename T, typename... Ts>
struct is_alternative<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {
};

/// The definition as \a T (boxed or not), or nullptr if the object is another kind.
template <typename T>
const T* def_if(const Object& object) {
  if constexpr (is_alternative<Boxed<T>, Definition>::value) {
    const auto* boxed = std::get_if<Boxed<T>>(&object.definition);
    return boxed ? &**boxed : nullptr;
  } else {
    return std::get_if<T>(&object.definition);
  }
}

/// The definition as \a T to change in place, or nullptr if the object is another kind.
template <typename T>
T* def_if(Object& object) {
  return const_cast<T*>(def_if<T>(static_cast<const Object&>(object)));
}

/// Returns the definition as \a T; throws Error(kInternal) if the object is another kind.
template <typename T>
const T& def_as(const Object& object) {
  if (const T* def = def_if<T>(object)) return *def;
  throw Error(ErrorCategory::kInternal, "object " + describe(object.id) + " has another kind");
}

}  // namespace pgdrift::model

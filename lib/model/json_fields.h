// model/json_fields.h — JSON field mapping of the model structs (nlohmann-json).
//
// Shared by the snapshot format (model/json.cpp) and the catalog reader, whose queries
// build nested values (columns, constraints, ACLs) directly in this JSON shape. Reading
// is lenient about absent fields (they keep their default); the document's format
// version guards against real layout changes.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "model/catalog.h"

// std::optional <-> JSON null. nlohmann-json 3.11 has no built-in support.
namespace nlohmann {
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value) {
      j = *value;
    } else {
      j = nullptr;
    }
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null()) {
      value.reset();
    } else {
      value = j.get<T>();
    }
  }
};

// Boxed<T> is its T; Indirect<T> is its T or null, like std::optional.
template <typename T>
struct adl_serializer<pgdrift::model::Boxed<T>> {
  static void to_json(json& j, const pgdrift::model::Boxed<T>& value) { j = *value; }
  static void from_json(const json& j, pgdrift::model::Boxed<T>& value) { value = j.get<T>(); }
};
template <typename T>
struct adl_serializer<pgdrift::model::Indirect<T>> {
  static void to_json(json& j, const pgdrift::model::Indirect<T>& value) {
    if (value) {
      j = *value;
    } else {
      j = nullptr;
    }
  }
  static void from_json(const json& j, pgdrift::model::Indirect<T>& value) {
    if (j.is_null()) {
      value.reset();
    } else {
      value = j.get<T>();
    }
  }
};
}  // namespace nlohmann

namespace pgdrift::model {

/// While set on this thread, the model's to_json leaves out every field equal to its
/// default (the compact layout, see JsonLayout). Readers fill absent fields with their
/// defaults, so the document reads back as the same catalog.
bool& json_omit_defaults();

// nlohmann's NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT, except that to_json can
// leave out fields equal to those of a default-constructed Type.
#define PGDRIFT_JSON_TO(v1)                                           \
  if (!omit || !(nlohmann_json_t.v1 == nlohmann_json_default_obj.v1)) \
    nlohmann_json_j[#v1] = nlohmann_json_t.v1;
#define PGDRIFT_JSON(Type, ...)                                                             \
  inline void to_json(nlohmann::json& nlohmann_json_j, const Type& nlohmann_json_t) {       \
    static const Type nlohmann_json_default_obj{};                                          \
    const bool omit = json_omit_defaults();                                                 \
    nlohmann_json_j = nlohmann::json::object();                                             \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(PGDRIFT_JSON_TO, __VA_ARGS__))                 \
  }                                                                                         \
  inline void from_json(const nlohmann::json& nlohmann_json_j, Type& nlohmann_json_t) {     \
    static const Type nlohmann_json_default_obj{};                                          \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__)) \
  }

PGDRIFT_JSON(Grant, grantee, grantor, privilege, grantable)
PGDRIFT_JSON(QualifiedName, schema, name)
PGDRIFT_JSON(ExtensionMemberPrivileges, object_type, identity, owner, acl, initial_acl)
PGDRIFT_JSON(ExtensionDef, schema, version, member_privileges)
PGDRIFT_JSON(CollationDef, provider, lc_collate, lc_ctype, locale, icu_rules, deterministic)
PGDRIFT_JSON(CompositeAttribute, name, type, collation, comment)
PGDRIFT_JSON(BaseTypeDef, input, output, receive, send, typmod_in, typmod_out, analyze, subscript,
             internal_length, passed_by_value, alignment, storage, category, preferred,
             default_value, element, delimiter, collatable)
PGDRIFT_JSON(TypeDef, type_kind, labels, attributes, range_subtype, range_opclass, range_collation,
             range_canonical, range_subtype_diff, multirange, base)
PGDRIFT_JSON(DomainConstraint, name, definition, validated, comment)
PGDRIFT_JSON(DomainDef, base_type, collation, default_expr, not_null, constraints)
PGDRIFT_JSON(FunctionDef, routine_kind, language, definition)
PGDRIFT_JSON(AggregateDef, aggregate_kind, arguments, input_types, sfunc, stype, sspace, finalfunc,
             finalfunc_extra, finalfunc_modify, combinefunc, serialfunc, deserialfunc, initcond,
             msfunc, minvfunc, mstype, msspace, mfinalfunc, mfinalfunc_extra, mfinalfunc_modify,
             minitcond, sortop, parallel)
PGDRIFT_JSON(SequenceOwner, table, column)
PGDRIFT_JSON(SequenceDef, data_type, start, increment, min_value, max_value, cache, cycle, unlogged,
             owned_by)
PGDRIFT_JSON(IdentityDef, generation, sequence, start, increment, min_value, max_value, cache,
             cycle, acl)
PGDRIFT_JSON(NotNullConstraint, name, no_inherit, validated, comment)
PGDRIFT_JSON(Column, name, type, collation, not_null, default_expr, identity, generated_expr,
             inherited, storage, compression, statistics, options, comment, acl,
             not_null_constraint, fdw_options)
PGDRIFT_JSON(TableDef, table_kind, unlogged, partition_key, partition_of, partition_bound, inherits,
             of_type, access_method, tablespace, options, replica_identity, replica_identity_index,
             row_security, force_row_security, columns, foreign_server, foreign_options)
PGDRIFT_JSON(ViewColumn, name, default_expr, comment, acl)
PGDRIFT_JSON(ViewDef, definition, options, check_option, columns, placeholder)
PGDRIFT_JSON(MaterializedViewDef, definition, options, access_method, tablespace, columns)
PGDRIFT_JSON(ConstraintDef, constraint_type, definition, validated, only, attach_to, index_name,
             validated_copy_of, index_comment, index_clustered, index_tablespace)
PGDRIFT_JSON(IndexDef, definition, clustered, tablespace, attach_to, column_statistics, valid)
PGDRIFT_JSON(RuleDef, definition, enabled)
PGDRIFT_JSON(TriggerDef, definition, enabled)
PGDRIFT_JSON(EventTriggerDef, event, tags, function, enabled)
PGDRIFT_JSON(PolicyDef, command, permissive, roles, using_expr, check_expr)
PGDRIFT_JSON(StatisticsDef, definition, statistics_target)
PGDRIFT_JSON(PublicationTable, table, columns, where)
PGDRIFT_JSON(PublicationDef, all_tables, publish, via_root, tables, schemas)
PGDRIFT_JSON(DefaultPrivilegesDef, acl)
PGDRIFT_JSON(OperatorDef, left_type, right_type, function, commutator, negator, restrict_function,
             join_function, hashes, merges)
PGDRIFT_JSON(OperatorMember, strategy, name, order_by_family)
PGDRIFT_JSON(FunctionMember, number, left_type, right_type, function)
PGDRIFT_JSON(OperatorFamilyDef, operators, functions)
PGDRIFT_JSON(OperatorClassDef, is_default, type, family, storage, operators, functions)
PGDRIFT_JSON(TextSearchParserDef, start, gettoken, end, lextypes, headline)
PGDRIFT_JSON(TextSearchTemplateDef, init, lexize)
PGDRIFT_JSON(TextSearchDictionaryDef, template_name, options)
PGDRIFT_JSON(TextSearchMapping, token_type, dictionaries)
PGDRIFT_JSON(TextSearchConfigurationDef, parser, mappings)
PGDRIFT_JSON(CastDef, method, function, context)
PGDRIFT_JSON(ConversionDef, source_encoding, target_encoding, function, is_default)
PGDRIFT_JSON(LanguageDef, trusted, handler, inline_handler, validator)
PGDRIFT_JSON(AccessMethodDef, method_type, handler)
PGDRIFT_JSON(TransformDef, from_sql, to_sql)
PGDRIFT_JSON(ForeignDataWrapperDef, handler, validator, options)
PGDRIFT_JSON(ForeignServerDef, wrapper, type, version, options)
PGDRIFT_JSON(UserMappingDef, options)
PGDRIFT_JSON(SubscriptionDef, conninfo, publications, slot_name, options, unreadable)
PGDRIFT_JSON(UnsupportedObject, kind, name)

#undef PGDRIFT_JSON

inline void to_json(nlohmann::json& j, const SchemaDef&) {
  j = nlohmann::json::object();
}
inline void from_json(const nlohmann::json&, SchemaDef&) {}

}  // namespace pgdrift::model

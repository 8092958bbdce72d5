// render/builders.h — per-kind entry builders (internal to render/).
//
// Each builder turns one object into its entries. The main entry waits for every
// object the catalog says it depends on; builders add the waits that pg_depend does not
// record (a partition attach waits for both tables, ...).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "render/entry.h"

namespace pgdrift::render {

/// The object whose main entry creates the index named (schema, name): the index itself
/// or the constraint it implements. Views into the catalog's strings.
using IndexCreators =
    std::map<std::pair<std::string_view, std::string_view>, const model::ObjectId*>;

struct BuildContext {
  const model::Catalog& catalog;
  std::vector<Entry>& out;
  const IndexCreators& index_creators;
  /// Entries the next main entry waits for (see before_main_entry).
  std::vector<EntryKey> before_next_main = {};

  /// A main entry for \a object, waiting for the object's dependencies (and for the
  /// entries made by before_main_entry since the last main entry).
  Entry& main_entry(const model::Object& object, std::string sql);
  /// An entry of \a part for \a object that must come before the object's main entry
  /// (a shell type before the full type), waiting for \a after. The main entry, built
  /// next, waits for it.
  void before_main_entry(const model::Object& object, Part part, std::string header,
                         std::string sql, std::vector<EntryKey> after);
  /// An extra entry of \a part for \a object, waiting for \a after.
  Entry& part_entry(const model::Object& object, Part part, std::string header, std::string sql,
                    std::vector<EntryKey> after);
  /// The entry that creates the index named \a name in \a schema: an index or the
  /// constraint that owns it. Returns a key with an empty name when there is none.
  EntryKey index_creator(const std::string& schema, const std::string& name) const;
};

// Shared statement pieces.
std::string comment_statement(const std::string& target, const std::optional<std::string>& comment);
std::string owner_statement(const std::string& target, const std::optional<std::string>& owner);
/// "WITH (a='1', b='x')" from reloptions "a=1", "b=x"; "" when there are none.
std::string with_options(const std::vector<std::string>& options);
std::string qualified(const model::QualifiedName& name);
/// \a statements run with default_tablespace set to \a tablespace, then reset (as pg_dump
/// writes them: deparsed definitions stay as the server printed them); unchanged when
/// there is no tablespace.
std::string in_tablespace(const std::optional<std::string>& tablespace, std::string statements);
/// "OPTIONS (a 'x', b 'y')" from generic options "a=x", "b=y".
std::string options_clause(const std::vector<std::string>& options);

void build_schema(BuildContext& ctx, const model::Object& o, const model::SchemaDef& d);
void build_extension(BuildContext& ctx, const model::Object& o, const model::ExtensionDef& d);
void build_collation(BuildContext& ctx, const model::Object& o, const model::CollationDef& d);
void build_type(BuildContext& ctx, const model::Object& o, const model::TypeDef& d);
void build_domain(BuildContext& ctx, const model::Object& o, const model::DomainDef& d);
void build_function(BuildContext& ctx, const model::Object& o, const model::FunctionDef& d);
void build_aggregate(BuildContext& ctx, const model::Object& o, const model::AggregateDef& d);
void build_sequence(BuildContext& ctx, const model::Object& o, const model::SequenceDef& d);
void build_table(BuildContext& ctx, const model::Object& o, const model::TableDef& d);
void build_view(BuildContext& ctx, const model::Object& o, const model::ViewDef& d);
void build_materialized_view(BuildContext& ctx, const model::Object& o,
                             const model::MaterializedViewDef& d);
void build_constraint(BuildContext& ctx, const model::Object& o, const model::ConstraintDef& d);
void build_index(BuildContext& ctx, const model::Object& o, const model::IndexDef& d);
void build_rule(BuildContext& ctx, const model::Object& o, const model::RuleDef& d);
void build_trigger(BuildContext& ctx, const model::Object& o, const model::TriggerDef& d);
void build_event_trigger(BuildContext& ctx, const model::Object& o,
                         const model::EventTriggerDef& d);
void build_policy(BuildContext& ctx, const model::Object& o, const model::PolicyDef& d);
void build_statistics(BuildContext& ctx, const model::Object& o, const model::StatisticsDef& d);
void build_publication(BuildContext& ctx, const model::Object& o, const model::PublicationDef& d);
void build_default_privileges(BuildContext& ctx, const model::Object& o,
                              const model::DefaultPrivilegesDef& d);
void build_operator(BuildContext& ctx, const model::Object& o, const model::OperatorDef& d);
void build_operator_family(BuildContext& ctx, const model::Object& o,
                           const model::OperatorFamilyDef& d);
void build_operator_class(BuildContext& ctx, const model::Object& o,
                          const model::OperatorClassDef& d);
void build_text_search_parser(BuildContext& ctx, const model::Object& o,
                              const model::TextSearchParserDef& d);
void build_text_search_template(BuildContext& ctx, const model::Object& o,
                                const model::TextSearchTemplateDef& d);
void build_text_search_dictionary(BuildContext& ctx, const model::Object& o,
                                  const model::TextSearchDictionaryDef& d);
void build_text_search_configuration(BuildContext& ctx, const model::Object& o,
                                     const model::TextSearchConfigurationDef& d);
void build_cast(BuildContext& ctx, const model::Object& o, const model::CastDef& d);
void build_conversion(BuildContext& ctx, const model::Object& o, const model::ConversionDef& d);
void build_language(BuildContext& ctx, const model::Object& o, const model::LanguageDef& d);
void build_access_method(BuildContext& ctx, const model::Object& o,
                         const model::AccessMethodDef& d);
void build_transform(BuildContext& ctx, const model::Object& o, const model::TransformDef& d);
void build_foreign_data_wrapper(BuildContext& ctx, const model::Object& o,
                                const model::ForeignDataWrapperDef& d);
void build_foreign_server(BuildContext& ctx, const model::Object& o,
                          const model::ForeignServerDef& d);
void build_user_mapping(BuildContext& ctx, const model::Object& o, const model::UserMappingDef& d);
void build_subscription(BuildContext& ctx, const model::Object& o, const model::SubscriptionDef& d);

}  // namespace pgdrift::render

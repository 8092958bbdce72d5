#include "render/sql.h"

#include <algorithm>
#include <variant>

#include "render/builders.h"
#include "render/order.h"
#include "util/error.h"

namespace pgdrift::render {
namespace {

// Session settings for the replay: check_function_bodies is off because a function may
// refer to tables created after it, and the empty search_path makes the replay read
// every name exactly as written (everything in the script is schema-qualified).
constexpr const char* kPreamble =
    "-- Schema snapshot written by pgdrift. Replay it with psql into an empty database\n"
    "-- in which the roles it names exist.\n"
    "\n"
    "SET client_encoding = 'UTF8';\n"
    "SET standard_conforming_strings = on;\n"
    "SET check_function_bodies = false;\n"
    "SET client_min_messages = warning;\n"
    "SET default_table_access_method = heap;\n"
    "SET default_tablespace = '';\n"
    "SET xmloption = content;\n"
    "SELECT pg_catalog.set_config('search_path', '', false);\n";

struct Dispatch {
  BuildContext& ctx;
  const model::Object& o;
  void operator()(const model::SchemaDef& d) { build_schema(ctx, o, d); }
  void operator()(const model::ExtensionDef& d) { build_extension(ctx, o, d); }
  void operator()(const model::CollationDef& d) { build_collation(ctx, o, d); }
  void operator()(const model::TypeDef& d) { build_type(ctx, o, d); }
  void operator()(const model::DomainDef& d) { build_domain(ctx, o, d); }
  void operator()(const model::FunctionDef& d) { build_function(ctx, o, d); }
  void operator()(const model::AggregateDef& d) { build_aggregate(ctx, o, d); }
  void operator()(const model::SequenceDef& d) { build_sequence(ctx, o, d); }
  void operator()(const model::TableDef& d) { build_table(ctx, o, d); }
  void operator()(const model::ViewDef& d) { build_view(ctx, o, d); }
  void operator()(const model::MaterializedViewDef& d) { build_materialized_view(ctx, o, d); }
  void operator()(const model::ConstraintDef& d) { build_constraint(ctx, o, d); }
  void operator()(const model::IndexDef& d) {
    if (d.valid) build_index(ctx, o, d);  // an invalid index is never recreated
  }
  void operator()(const model::RuleDef& d) { build_rule(ctx, o, d); }
  void operator()(const model::TriggerDef& d) { build_trigger(ctx, o, d); }
  void operator()(const model::EventTriggerDef& d) { build_event_trigger(ctx, o, d); }
  void operator()(const model::PolicyDef& d) { build_policy(ctx, o, d); }
  void operator()(const model::StatisticsDef& d) { build_statistics(ctx, o, d); }
  void operator()(const model::PublicationDef& d) { build_publication(ctx, o, d); }
  void operator()(const model::DefaultPrivilegesDef& d) { build_default_privileges(ctx, o, d); }
  void operator()(const model::OperatorDef& d) { build_operator(ctx, o, d); }
  void operator()(const model::OperatorFamilyDef& d) { build_operator_family(ctx, o, d); }
  void operator()(const model::OperatorClassDef& d) { build_operator_class(ctx, o, d); }
  void operator()(const model::TextSearchParserDef& d) { build_text_search_parser(ctx, o, d); }
  void operator()(const model::TextSearchTemplateDef& d) { build_text_search_template(ctx, o, d); }
  void operator()(const model::TextSearchDictionaryDef& d) {
    build_text_search_dictionary(ctx, o, d);
  }
  void operator()(const model::TextSearchConfigurationDef& d) {
    build_text_search_configuration(ctx, o, d);
  }
  void operator()(const model::CastDef& d) { build_cast(ctx, o, d); }
  void operator()(const model::ConversionDef& d) { build_conversion(ctx, o, d); }
  void operator()(const model::LanguageDef& d) { build_language(ctx, o, d); }
  void operator()(const model::AccessMethodDef& d) { build_access_method(ctx, o, d); }
  void operator()(const model::TransformDef& d) { build_transform(ctx, o, d); }
  void operator()(const model::ForeignDataWrapperDef& d) { build_foreign_data_wrapper(ctx, o, d); }
  void operator()(const model::ForeignServerDef& d) { build_foreign_server(ctx, o, d); }
  void operator()(const model::UserMappingDef& d) { build_user_mapping(ctx, o, d); }
  void operator()(const model::SubscriptionDef& d) { build_subscription(ctx, o, d); }
  template <typename T>
  void operator()(const model::Boxed<T>& d) {
    (*this)(*d);
  }
};

// What the builders need besides the catalog: which object creates each index.
IndexCreators index_creators_of(const model::Catalog& catalog) {
  IndexCreators creators;
  for (const auto& object : catalog.objects) {
    if (object.id.kind == model::ObjectKind::kIndex) {
      creators[{object.id.schema, object.id.name}] = &object.id;
    } else if (object.id.kind == model::ObjectKind::kConstraint) {
      const auto& def = model::def_as<model::ConstraintDef>(object);
      if (!def.index_name.empty()) creators[{object.id.schema, def.index_name}] = &object.id;
    }
  }
  return creators;
}

// Runs the builder of every object, keeping the text only when asked to.
std::vector<Entry> plan_entries(const model::Catalog& catalog, const IndexCreators& creators,
                                bool keep_text) {
  std::vector<Entry> entries;
  entries.reserve(catalog.objects.size() + catalog.objects.size() / 8);
  BuildContext ctx{catalog, entries, creators};
  for (const auto& object : catalog.objects) {
    const size_t first = entries.size();
    std::visit(Dispatch{ctx, object}, object.definition);
    for (size_t i = first; i < entries.size(); ++i) {
      entries[i].object = &object;
      if (!keep_text) {
        std::string().swap(entries[i].sql);
        std::string().swap(entries[i].header);
      }
    }
  }
  return order_entries(std::move(entries));
}

}  // namespace

std::vector<Entry> build_entries(const model::Catalog& catalog) {
  return plan_entries(catalog, index_creators_of(catalog), true);
}

void write_sql(const model::Catalog& catalog, const TextSink& sink) {
  const IndexCreators creators = index_creators_of(catalog);
  const std::vector<Entry> plan = plan_entries(catalog, creators, false);
  sink(kPreamble);
  // The entries of the object built last: an object with several parts is built once
  // for all of them when they come in a row.
  std::vector<Entry> built;
  BuildContext ctx{catalog, built, creators};
  const model::Object* built_for = nullptr;
  for (const auto& planned : plan) {
    if (planned.object != built_for) {
      built.clear();
      std::visit(Dispatch{ctx, *planned.object}, planned.object->definition);
      built_for = planned.object;
    }
    const auto entry = std::find_if(built.begin(), built.end(),
                                    [&](const Entry& e) { return e.key.part == planned.key.part; });
    if (entry == built.end()) {
      throw Error(ErrorCategory::kInternal,
                  "building the text of an entry again did not give it back: " +
                      model::describe(planned.key.id));
    }
    // Names may hold line breaks; a header must stay one comment line.
    for (char& c : entry->header) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    sink("\n-- ");
    sink(entry->header);
    sink("\n");
    sink(entry->sql);
  }
}

std::string render_sql(const model::Catalog& catalog) {
  std::string out;
  write_sql(catalog, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace pgdrift::render

#include "render/sql.h"

#include <variant>

#include "render/builders.h"
#include "render/order.h"

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
  template <typename T>
  void operator()(const model::Boxed<T>& d) {
    (*this)(*d);
  }
};

}  // namespace

std::vector<Entry> build_entries(const model::Catalog& catalog) {
  std::vector<Entry> entries;
  entries.reserve(catalog.objects.size() + catalog.objects.size() / 8);
  BuildContext ctx{catalog, entries, {}};
  for (const auto& object : catalog.objects) {
    if (object.id.kind == model::ObjectKind::kIndex) {
      ctx.index_creators[{object.id.schema, object.id.name}] = &object.id;
    } else if (object.id.kind == model::ObjectKind::kConstraint) {
      const auto& def = model::def_as<model::ConstraintDef>(object);
      if (!def.index_name.empty()) {
        ctx.index_creators[{object.id.schema, def.index_name}] = &object.id;
      }
    }
  }
  for (const auto& object : catalog.objects) std::visit(Dispatch{ctx, object}, object.definition);
  return order_entries(std::move(entries));
}

std::string render_sql(const model::Catalog& catalog) {
  auto entries = build_entries(catalog);
  size_t size = std::string_view(kPreamble).size();
  for (const auto& entry : entries) size += entry.header.size() + entry.sql.size() + 5;
  std::string out;
  out.reserve(size);
  out += kPreamble;
  for (auto& entry : entries) {
    // Names may hold line breaks; a header must stay one comment line.
    for (char& c : entry.header) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    out += "\n-- ";
    out += entry.header;
    out += "\n";
    out += entry.sql;
    // The text now lives in the output: let it go from the entry (the SQL text would
    // otherwise be held twice at the peak).
    std::string().swap(entry.sql);
    std::string().swap(entry.header);
  }
  return out;
}

}  // namespace pgdrift::render

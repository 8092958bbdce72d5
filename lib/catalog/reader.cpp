#include "catalog/reader.h"

#include <array>

#include "catalog/query_template.h"
#include "catalog/read_context.h"
#include "catalog/sql_text.h"

namespace pgdrift::catalog {
namespace {

// PostgreSQL's array literal for a text[] parameter.
std::string text_array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

struct Step {
  const char* progress;
  void (*read)(ReadContext&);
  int queries;
};

// Kinds whose deparsers lock the relations a definition refers to: pg_get_viewdef and
// pg_get_ruledef (AcquireRewriteLocks) and pg_get_functiondef for SQL-standard bodies
// take ACCESS SHARE on every referenced table, held to the end of the transaction.
// Their queries run inside a savepoint that is rolled back at once, which releases those
// locks; lock_timeout bounds the wait for them.
bool takes_relation_locks(std::string_view name) {
  return name == "views" || name == "rules" || name == "functions";
}

// In dependency-friendly order; read_dependencies must run after every object is known.
constexpr std::array<Step, 20> kSteps = {{
    {"reading schemas", read_schemas, 1},
    {"reading extensions", read_extensions, 2},
    {"reading collations", read_collations, 1},
    {"reading types and domains", read_types, 1},
    {"reading functions and procedures", read_functions, 1},
    {"reading aggregates", read_aggregates, 1},
    {"reading sequences", read_sequences, 1},
    {"reading tables", read_tables, 1},
    {"reading views and materialized views", read_views, 1},
    {"reading constraints", read_constraints, 1},
    {"reading indexes", read_indexes, 1},
    {"reading triggers", read_triggers, 1},
    {"reading policies", read_policies, 1},
    {"reading rules", read_rules, 1},
    {"reading event triggers", read_event_triggers, 1},
    {"reading statistics objects", read_statistics, 1},
    {"reading publications", read_publications, 1},
    {"reading default privileges", read_default_privileges, 1},
    {"looking for objects of kinds not modelled yet", read_unsupported, 1},
    {"reading dependencies", read_dependencies, 3},
}};

}  // namespace

Rows ReadContext::query(std::string_view name) {
  ++queries_sent;
  const std::string sql = expand_query(sql_text(name), version_num);
  const bool release_locks = takes_relation_locks(name);
  if (release_locks) conn.exec("SAVEPOINT pgdrift_deparse");
  // The server refuses parameters a statement does not use, so only filtered queries
  // get the schema lists.
  Rows rows(sql.find("$1") == std::string::npos ? conn.exec(sql) : conn.exec(sql, params));
  if (release_locks) conn.exec("ROLLBACK TO SAVEPOINT pgdrift_deparse");
  return rows;
}

void ReadContext::add(Oid classid, Oid oid, model::Object object) {
  objects_by_oid.emplace(CatalogRef{classid, oid}, object.id);
  catalog.objects.push_back(std::move(object));
}

model::Catalog read_catalog(pg::Connection& conn, const ReadOptions& options, Log& log) {
  model::Catalog catalog;
  catalog.server_version_num = conn.server_version();
  ReadContext ctx{
      conn,
      catalog.server_version_num,
      {text_array_literal(options.schemas), text_array_literal(options.exclude_schemas)},
      catalog,
      log,
      {},
      0};
  for (const auto& step : kSteps) {
    log.info(step.progress);
    with_context(step.progress, [&] { step.read(ctx); });
  }
  model::normalize(catalog);
  return catalog;
}

int catalog_query_count() {
  int total = 0;
  for (const auto& step : kSteps) total += step.queries;
  return total;
}

}  // namespace pgdrift::catalog

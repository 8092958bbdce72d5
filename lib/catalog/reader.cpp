#include "catalog/reader.h"

#include <algorithm>
#include <array>
#include <set>

#include "catalog/query_runner.h"
#include "catalog/query_template.h"
#include "catalog/read_changes.h"
#include "catalog/read_context.h"
#include "catalog/sql_text.h"
#include "pg/session.h"

namespace pgdrift::catalog {
namespace {

// The lanes of the query runner (see query_runner.h): the parts of tables whose
// deparsers open each table (pg_get_indexdef builds its table's deparse context for every
// index, pg_get_constraintdef for every check constraint) share one session's warm
// caches; everything else runs on the other connection.
enum Lane : int { kObjects = 0, kTableParts = 1 };

struct Step {
  const char* progress;
  void (*read)(ReadContext&);
  std::initializer_list<const char*> queries;  ///< in the order read() takes them
  Lane lane = kObjects;
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
const std::array<Step, 36> kSteps = {{
    {"reading schemas", read_schemas, {"schemas"}},
    {"reading extensions", read_extensions, {"extensions", "extension_privileges"}},
    {"reading collations", read_collations, {"collations"}},
    {"reading types and domains", read_types, {"types"}},
    {"reading functions and procedures", read_functions, {"functions"}},
    {"reading aggregates", read_aggregates, {"aggregates"}},
    {"reading sequences", read_sequences, {"sequences"}},
    {"reading tables", read_tables, {"tables", "columns"}},
    {"reading views and materialized views", read_views, {"views"}},
    {"reading indexes", read_indexes, {"indexes"}, kTableParts},
    {"reading constraints", read_constraints, {"constraints"}, kTableParts},
    {"reading triggers", read_triggers, {"triggers"}, kTableParts},
    {"reading policies", read_policies, {"policies"}},
    {"reading rules", read_rules, {"rules"}},
    {"reading event triggers", read_event_triggers, {"event_triggers"}},
    {"reading statistics objects", read_statistics, {"statistics"}},
    {"reading publications", read_publications, {"publications"}},
    {"reading default privileges", read_default_privileges, {"default_privileges"}},
    {"reading operators", read_operators, {"operators"}},
    {"reading operator families", read_operator_families, {"operator_families"}},
    {"reading operator classes", read_operator_classes, {"operator_classes"}},
    {"reading text search parsers", read_text_search_parsers, {"text_search_parsers"}},
    {"reading text search templates", read_text_search_templates, {"text_search_templates"}},
    {"reading text search dictionaries",
     read_text_search_dictionaries,
     {"text_search_dictionaries"}},
    {"reading text search configurations",
     read_text_search_configurations,
     {"text_search_configurations"}},
    {"reading casts", read_casts, {"casts"}},
    {"reading conversions", read_conversions, {"conversions"}},
    {"reading procedural languages", read_languages, {"languages"}},
    {"reading access methods", read_access_methods, {"access_methods"}},
    {"reading transforms", read_transforms, {"transforms"}},
    {"reading foreign-data wrappers", read_foreign_data_wrappers, {"foreign_data_wrappers"}},
    {"reading foreign servers", read_foreign_servers, {"foreign_servers"}},
    {"reading user mappings", read_user_mappings, {"user_mappings"}},
    {"reading subscriptions", read_subscriptions, {"subscriptions"}},
    {"looking for objects of kinds not modelled yet", read_unsupported, {"unsupported"}},
    {"reading dependencies", read_dependencies, {"aliases", "extension_members", "dependencies"}},
}};

// Runs one catalog query on \a conn (called on the runner's threads).
pg::Result run_catalog_query(pg::Connection& conn, std::string_view name,
                             const ServerTraits& server,
                             const std::vector<std::optional<std::string>>& params) {
  const std::string sql = expand_query(sql_text(name), server);
  const bool release_locks = takes_relation_locks(name);
  if (release_locks) conn.exec("SAVEPOINT pgdrift_deparse");
  // The server refuses parameters a statement does not use, so only filtered queries
  // get the schema lists.
  auto result = sql.find("$1") == std::string::npos ? conn.exec(sql) : conn.exec(sql, params);
  if (release_locks) conn.exec("ROLLBACK TO SAVEPOINT pgdrift_deparse");
  return result;
}

// The queries of kinds that have no object in the database (census.sql), asked once in
// the read's snapshot before the other queries start.
std::set<std::string, std::less<>> queries_of_absent_kinds(pg::Connection& conn,
                                                           const ServerTraits& server) {
  const pg::Result census = conn.exec(expand_query(sql_text("census"), server));
  std::set<std::string, std::less<>> absent;
  for (int col = 0; col < census.columns(); ++col) {
    if (!census.boolean(0, col)) absent.insert(census.column_name(col));
  }
  return absent;
}

// Whether a step can be left out: every query it takes is of an absent kind.
bool skipped(const Step& step, const std::set<std::string, std::less<>>& absent) {
  return std::all_of(step.queries.begin(), step.queries.end(),
                     [&](const char* name) { return absent.count(std::string_view(name)) > 0; });
}

}  // namespace

Rows ReadContext::query(std::string_view name) {
  ++queries_sent;
  return Rows(runner.take(name));
}

void ReadContext::expect(int count) {
  auto& objects = catalog.objects;
  const size_t wanted = objects.size() + static_cast<size_t>(count);
  if (wanted > objects.capacity() && static_cast<size_t>(count) > objects.size() / 4) {
    // An eighth more for the small kinds read later (triggers, policies, rules, ...),
    // so they do not double the vector again.
    objects.reserve(wanted + wanted / 8);
  }
}

void ReadContext::add(Oid classid, Oid oid, model::Object object) {
  objects_by_oid.emplace(CatalogRef{classid, oid}, catalog.objects.size());
  catalog.objects.push_back(std::move(object));
}

namespace {

CatalogAndBase read_all(pg::Connection& conn, const ReadOptions& options, Log& log, bool with_base,
                        Changes* changes) {
  CatalogAndBase out;
  model::Catalog& catalog = out.catalog;
  catalog.server_version_num = conn.server_version();
  const std::vector<std::optional<std::string>> params{
      pg::text_array_literal(options.schemas), pg::text_array_literal(options.exclude_schemas)};
  ServerTraits server{catalog.server_version_num, conn.is_superuser(), {}, {}};
  // Before the other connections join: the queries of a read of changes depend on it.
  if (changes && !plan_read_of_changes(conn, server, *changes, log)) changes = nullptr;
  if (changes) out.relations_read = changes->touched.size();
  out.read_everything = changes == nullptr;
  // More connections in the same snapshot let the server answer queries side by side.
  std::vector<pg::Connection> helpers;
  for (int i = 1; i < options.connections; ++i) {
    std::string why_not;
    auto helper = pg::join_read_snapshot(conn, why_not);
    if (!helper) {
      log.info("reading the catalog through " + std::to_string(i) +
               (i == 1 ? " connection" : " connections") + " (" + why_not + ")");
      break;
    }
    helpers.push_back(std::move(*helper));
  }
  std::vector<pg::Connection*> connections{&conn};
  for (auto& helper : helpers) connections.push_back(&helper);
  const auto absent = queries_of_absent_kinds(conn, server);
  std::vector<QueryRunner::Query> queries;
  for (const auto& step : kSteps) {
    if (skipped(step, absent)) continue;
    for (const char* name : step.queries) queries.push_back({name, step.lane});
  }
  QueryRunner runner(std::move(connections), std::move(queries),
                     [&](pg::Connection& c, std::string_view name) {
                       return run_catalog_query(c, name, server, params);
                     });
  ReadContext ctx{runner, server.version_num, catalog, log, {}, 0};
  for (const auto& step : kSteps) {
    if (skipped(step, absent)) continue;
    if (changes && step.read == read_dependencies) keep_unchanged(ctx, *changes);
    log.info(step.progress);
    with_context(step.progress, [&] { step.read(ctx); });
  }
  // Taken before the catalog is normalised, while ctx's object indexes hold.
  std::vector<std::pair<CatalogRef, model::ObjectId>> relations;
  if (with_base) relations = relation_objects(ctx);
  model::normalize(catalog);
  if (with_base) out.base = base_of(relations, catalog);
  return out;
}

}  // namespace

model::Catalog read_catalog(pg::Connection& conn, const ReadOptions& options, Log& log) {
  return read_all(conn, options, log, false, nullptr).catalog;
}

CatalogAndBase read_catalog_with_base(pg::Connection& conn, const ReadOptions& options, Log& log) {
  return read_all(conn, options, log, true, nullptr);
}

CatalogAndBase read_changes_since(pg::Connection& conn, const ReadOptions& options, ReadSince since,
                                  Log& log) {
  Changes changes{std::move(since), {}};
  return read_all(conn, options, log, true, &changes);
}

}  // namespace pgdrift::catalog

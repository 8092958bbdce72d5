#include "app/gate_live.h"

#include <map>

#include "pg/connection.h"

namespace pgdrift::app {
namespace {

// Objects that depend (normally, not automatically) on a table or one of its columns.
// A view depends through its _RETURN rule: shown as the view.
constexpr const char* kDependents = R"sql(
SELECT t.i, d.description
FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(schema, tbl, col, i)
JOIN pg_catalog.pg_namespace n ON n.nspname = CASE WHEN t.schema = '' THEN 'public' ELSE t.schema END
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.tbl
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = t.col
JOIN LATERAL (
  SELECT DISTINCT CASE
           WHEN dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
           THEN 'view ' || r.ev_class::pg_catalog.regclass::text
           ELSE pg_catalog.pg_describe_object(dep.classid, dep.objid, dep.objsubid)
         END AS description
  FROM pg_catalog.pg_depend dep
  LEFT JOIN pg_catalog.pg_rewrite r
         ON dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = dep.objid
  WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid = c.oid
    AND dep.deptype = 'n' AND (t.col = '' OR dep.refobjsubid = a.attnum)
    AND (r.ev_class IS NULL OR r.ev_class <> c.oid)
    -- the table's own check and key constraints go with the column
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                    WHERE dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                      AND k.oid = dep.objid AND k.conrelid = c.oid AND k.contype <> 'f')
) d ON true
ORDER BY t.i, d.description
)sql";

// Other sessions holding or waiting for a lock on a table, with what they call
// themselves (application_name is hidden for other roles' sessions without
// pg_read_all_stats: then the pid is shown).
constexpr const char* kSessions = R"sql(
SELECT t.i, pg_catalog.string_agg(DISTINCT
         coalesce(nullif(s.application_name, ''), 'pid ' || l.pid::text) ||
         ' (' || coalesce(s.state, 'unknown state') || ')', ', ')
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, tbl, i)
JOIN pg_catalog.pg_namespace n ON n.nspname = CASE WHEN t.schema = '' THEN 'public' ELSE t.schema END
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.tbl
JOIN pg_catalog.pg_locks l ON l.locktype = 'relation' AND l.relation = c.oid
LEFT JOIN pg_catalog.pg_stat_activity s ON s.pid = l.pid
WHERE l.pid <> pg_catalog.pg_backend_pid()
GROUP BY t.i
ORDER BY t.i
)sql";

}  // namespace

std::vector<report::GateItem> live_hazards(pg::Connection& conn,
                                           const std::vector<PendingTouches>& pending) {
  struct Target {
    const std::string* path;
    const lint::TouchedObject* object;
  };
  std::vector<Target> breaking, locking;
  for (const auto& p : pending) {
    for (const auto& o : p.objects) {
      if (o.breaking) breaking.push_back({&p.path, &o});
      locking.push_back({&p.path, &o});
    }
  }
  std::vector<report::GateItem> items;
  auto name = [](const lint::TouchedObject& o) {
    return (o.schema.empty() ? "public" : o.schema) + "." + o.table +
           (o.column.empty() ? "" : "." + o.column);
  };
  if (!breaking.empty()) {
    std::vector<std::string> schemas, tables, columns;
    for (const auto& t : breaking) {
      schemas.push_back(t.object->schema);
      tables.push_back(t.object->table);
      columns.push_back(t.object->column);
    }
    auto rows =
        conn.exec(kDependents, {pg::text_array_literal(schemas), pg::text_array_literal(tables),
                                pg::text_array_literal(columns)});
    std::map<long long, std::string> found;
    for (int r = 0; r < rows.rows(); ++r) {
      auto& list = found[rows.integer(r, 0)];
      list += (list.empty() ? "" : ", ") + rows.text(r, 1);
    }
    for (const auto& [i, list] : found) {
      const auto& t = breaking[static_cast<size_t>(i - 1)];
      items.push_back({"lint", "live-dependents", lint::Severity::kWarning, *t.path, t.object->line,
                       "live objects depend on " + name(*t.object) + ": " + list + " (line " +
                           std::to_string(t.object->line) + ": " + t.object->statement + ")",
                       false, ""});
    }
  }
  if (!locking.empty()) {
    std::vector<std::string> schemas, tables;
    for (const auto& t : locking) {
      schemas.push_back(t.object->schema);
      tables.push_back(t.object->table);
    }
    auto rows =
        conn.exec(kSessions, {pg::text_array_literal(schemas), pg::text_array_literal(tables)});
    for (int r = 0; r < rows.rows(); ++r) {
      const auto& t = locking[static_cast<size_t>(rows.integer(r, 0) - 1)];
      items.push_back({"lint", "active-sessions", lint::Severity::kWarning, *t.path, t.object->line,
                       "sessions are using " +
                           (t.object->schema.empty() ? "public" : t.object->schema) + "." +
                           t.object->table + " now: " + rows.text(r, 1) + " (line " +
                           std::to_string(t.object->line) + ": " + t.object->statement + ")",
                       false, ""});
    }
  }
  return items;
}

}  // namespace pgdrift::app

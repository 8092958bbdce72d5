#include "history/tracking_table.h"

#include <algorithm>

#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::history {

TableName TableName::parse(const std::string& text) {
  TableName table;
  const auto dot = text.find('.');
  if (dot == std::string::npos) {
    table.name = text;
  } else {
    table.schema = text.substr(0, dot);
    table.name = text.substr(dot + 1);
  }
  if (table.schema.empty() || table.name.empty()) {
    throw Error(ErrorCategory::kUsage,
                "invalid table name \"" + text + "\" (use name or schema.name)");
  }
  // PostgreSQL cuts longer names to 63 bytes, so the table pgdrift looked for and the one
  // it would create would differ.
  if (table.schema.size() > 63 || table.name.size() > 63) {
    throw Error(ErrorCategory::kUsage, "the table name \"" + text.substr(0, 40) +
                                           "...\" is longer than PostgreSQL's 63-byte limit "
                                           "for a name; use a shorter one");
  }
  return table;
}

std::string TableName::sql() const {
  return qualified_name(schema, name);
}

// Reading a tracking table's rows needs SELECT on it, beyond reading the catalogs: every
// command that reads one (check, status, gate, baseline) says so in the same words.
template <typename Fn>
auto read_rows(pg::Connection& conn, const TableName& table, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& e) {
    if (e.sqlstate() == "55P03") {
      // A migration running right now holds the table (dbmate locks it while it applies).
      throw Error(ErrorCategory::kQuery,
                  "gave up reading " + table.display() + " on " + conn.target() +
                      ": another session held a lock on it longer than --lock-timeout (a "
                      "migration running?); retry when it is done, or raise --lock-timeout",
                  e.sqlstate());
    }
    if (e.sqlstate() == "57014") {
      throw Error(ErrorCategory::kQuery,
                  "reading " + table.display() + " on " + conn.target() +
                      " ran longer than --statement-timeout; raise it",
                  e.sqlstate());
    }
    if (e.sqlstate() != "42501") throw;
    throw Error(ErrorCategory::kQuery,
                "cannot read " + table.display() + " on " + conn.target() +
                    " (permission denied); grant SELECT on it to the role pgdrift connects as",
                e.sqlstate());
  }
}

TableState inspect_table(pg::Connection& conn, const TableName& table) {
  // dbmate's shape: a column version of a string type that is the whole primary key.
  // dbmate reads and writes only that column, so other columns (an applied_by with a
  // default, say) are allowed (issue 17); golang-migrate's bigint version is not dbmate's.
  auto result = conn.exec(
      "SELECT c.oid::regclass::text AS rel,"
      " EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
      "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
      "  JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'"
      "  AND k.conkey = ARRAY[a.attnum]"
      "  WHERE a.attrelid = c.oid AND a.attname = 'version' AND NOT a.attisdropped"
      "  AND t.typcategory = 'S') AS version_key"
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
      {table.schema, table.name});
  TableState state;
  if (result.rows() == 0) return state;
  state.exists = true;
  state.dbmate_shape = result.boolean(0, result.column("version_key"));
  state.rows = read_rows(
      conn, table, [&] { return conn.exec("SELECT count(*) FROM " + table.sql()).integer(0, 0); });
  return state;
}

std::string table_owner(pg::Connection& conn, const TableName& table) {
  auto result = conn.exec(
      "SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE n.nspname = $1 AND c.relname = $2",
      {table.schema, table.name});
  if (result.rows() == 0) {
    throw Error(ErrorCategory::kInput, "table " + table.display() +
                                           " does not exist; name the tracking table with "
                                           "--migrations-table (or DBMATE_MIGRATIONS_TABLE)");
  }
  return result.text(0, 0);
}

std::vector<std::string> recorded_versions(pg::Connection& conn, const TableName& table) {
  auto result = read_rows(conn, table, [&] {
    return conn.exec("SELECT version FROM " + table.sql() + " ORDER BY version");
  });
  std::vector<std::string> versions;
  for (int r = 0; r < result.rows(); ++r) versions.push_back(result.text(r, 0));
  // Byte order, whatever the database's collation: callers binary-search this list.
  std::sort(versions.begin(), versions.end());
  return versions;
}

std::string create_dbmate_table_sql(const TableName& table) {
  return "CREATE TABLE " + table.sql() + " (version character varying NOT NULL, CONSTRAINT " +
         quote_ident(table.name + "_pkey") + " PRIMARY KEY (version))";
}

std::vector<std::string> rename_table(pg::Connection& conn, const TableName& table,
                                      const std::string& new_name, bool execute) {
  std::vector<std::string> statements;
  statements.push_back("ALTER TABLE " + table.sql() + " RENAME TO " + quote_ident(new_name));
  // Indexes (and with them their constraints) and owned sequences named after the table.
  auto related = conn.exec(
      "SELECT c.relname, c.relkind::text FROM pg_class c"
      " JOIN pg_namespace n ON n.oid = c.relnamespace"
      " WHERE n.nspname = $1 AND left(c.relname, length($2)) = $2 AND ("
      "  c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = to_regclass($3))"
      "  OR c.oid IN (SELECT d.objid FROM pg_depend d WHERE d.refobjid = to_regclass($3)"
      "   AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
      "   AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.objid AND s.relkind = 'S')))"
      " ORDER BY c.relname",
      {table.schema, table.name, table.sql()});
  for (int r = 0; r < related.rows(); ++r) {
    const std::string old_name = related.text(r, 0);
    const std::string renamed = new_name + old_name.substr(table.name.size());
    const std::string kind = related.text(r, 1) == "S" ? "SEQUENCE" : "INDEX";
    statements.push_back("ALTER " + kind + " " + qualified_name(table.schema, old_name) +
                         " RENAME TO " + quote_ident(renamed));
  }
  if (execute) {
    for (const auto& statement : statements) conn.exec(statement);
  }
  return statements;
}

}  // namespace pgdrift::history

// history/tracking_table.h — migration tracking tables in the live database.
//
// dbmate's table is exactly `version character varying NOT NULL` with a primary key on
// it; a table of that name with any other shape (a home-made table with file names and
// checksums, golang-migrate's `version bigint, dirty boolean`, ...) is a legacy table
// to keep under a new name. Depends on pg/ and util/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::history {

/// A table name, optionally schema-qualified as "schema.table" (default schema public).
struct TableName {
  std::string schema = "public";
  std::string name;
  /// Parses "name" or "schema.name". Throws Error(kUsage) for an empty part.
  static TableName parse(const std::string& text);
  std::string sql() const;  ///< quoted, qualified
  std::string display() const { return schema + "." + name; }
};

struct TableState {
  bool exists = false;
  bool dbmate_shape = false;  ///< a string column version that is the primary key
  long long rows = 0;
};

/// Looks at \a table through \a conn: does it exist, has it dbmate's shape, how many rows.
TableState inspect_table(pg::Connection& conn, const TableName& table);

/// The role that owns \a table (which must exist).
std::string table_owner(pg::Connection& conn, const TableName& table);

/// The versions recorded in a dbmate-shaped table, sorted bytewise.
std::vector<std::string> recorded_versions(pg::Connection& conn, const TableName& table);

/// The statement that creates dbmate's tracking table exactly as dbmate does.
std::string create_dbmate_table_sql(const TableName& table);

/// Renames \a table to \a new_name in the same transaction, together with the indexes,
/// constraints and owned sequences whose names start with the old table name (so the new
/// tracking table can take the usual names). Rows are untouched. Returns the statements
/// it ran (for the report and for --dry-run, which runs none: \a execute false).
std::vector<std::string> rename_table(pg::Connection& conn, const TableName& table,
                                      const std::string& new_name, bool execute);

}  // namespace pgdrift::history

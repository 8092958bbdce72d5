// app/status.h — the `pgdrift status` use case: migration files against the tracking
// table, plus what dbmate cannot see (recorded versions without files, pending files
// older than applied ones, applied files edited afterwards) and the last check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "history/tracking_status.h"
#include "pg/connection.h"
#include "util/log.h"

namespace pgdrift::app {

struct StatusOptions {
  LiveSource source;
  std::string migrations_dir;    ///< default: $DBMATE_MIGRATIONS_DIR, else ./db/migrations
  std::string migrations_table;  ///< default: $DBMATE_MIGRATIONS_TABLE, else schema_migrations
  std::string store = "reports/pgdrift.sqlite3";  ///< checksums and the last check; "" for none
  std::string format = "text";
};

/// Options with dbmate's defaults, taken from its environment variables where set.
StatusOptions default_status_options();

struct StatusProblem {
  std::string rule;  ///< recorded-without-file, pending-out-of-order, changed-after-apply,
                     ///< not-dbmate-table
  std::string version;
  std::string path;  ///< the file, or "" when there is none
  std::string message;
};

struct StatusOutcome {
  std::string database;  ///< host:port/dbname
  std::string target;    ///< for people: user@host/dbname
  bool tracking_table_exists = false;
  std::vector<history::TrackedMigration> migrations;
  std::vector<StatusProblem> problems;
  std::optional<std::string> last_check;  ///< "2026-...Z drift, 2 finding(s)"
  std::string output;
  bool consistent() const { return problems.empty(); }
};

/// Collects the status through \a conn, already inside a read-only snapshot (gate shares
/// its session). Adopts the checksums of applied files seen for the first time.
StatusOutcome collect_status(pg::Connection& conn, const StatusOptions& options, Log& log);

/// Connects, collects and renders (text or json).
StatusOutcome run_status(const StatusOptions& options, Log& log);

/// "host:port/dbname": how runs and checksums are keyed in the history store.
std::string database_key(const pg::Connection::Identity& identity);

/// The current time as ISO 8601 UTC with milliseconds.
std::string utc_now_iso();

}  // namespace pgdrift::app

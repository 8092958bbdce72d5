// baseline/rescue.h — the one write transaction of `pgdrift baseline`.
//
// Plans from the live state (which table is legacy, what dbmate's table holds, which
// files are pending), refuses anything that could lose or duplicate history, then in ONE
// transaction under an advisory lock: renames the legacy table, creates dbmate's table
// if needed, records the baseline version. The file goes into place before COMMIT and is
// removed again when anything fails, so a recorded version never lacks its file; a crash
// between the rename of the file and COMMIT leaves an unapplied pgdrift baseline file,
// which the next run replaces. Depends on history/, pg/ and util/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "history/migration_files.h"
#include "history/tracking_table.h"
#include "pg/connection.h"

namespace pgdrift::baseline {

struct RescueOptions {
  std::string migrations_dir = "./db/migrations";
  history::TableName migrations_table{"public", "schema_migrations"};
  std::optional<history::TableName> legacy_table;  ///< --legacy-table; else detected
  std::string name = "baseline";                   ///< file name suffix
  std::string lock_timeout = "5s";
};

/// What the live database and the folder look like, and what a baseline would do.
struct RescuePlan {
  /// Set when the database is already baselined: the version and file that did it.
  std::optional<history::MigrationFile> already_baselined;
  std::optional<history::TableName> legacy;  ///< table to rename
  std::string legacy_new_name;
  long long legacy_rows = 0;
  bool create_tracking_table = true;
  std::vector<history::MigrationFile> leftover_baselines;  ///< unapplied pgdrift baselines
  std::string version;
  std::string file_path;
  std::vector<std::string> statements;  ///< the transaction, in order
};

/// Inspects the database and the folder. Throws Error(kInput) with one sentence for every
/// refusal: the legacy table's new name is taken, dbmate's table already records versions,
/// unapplied migration files exist, or a named --legacy-table does not exist.
RescuePlan plan_rescue(pg::Connection& conn, const RescueOptions& options,
                       const std::string& version);

/// Writes \a file_text to plan.file_path and runs the transaction. On any failure the
/// transaction is rolled back and the file removed, then the error is rethrown; Ctrl-C or
/// SIGTERM meanwhile cancels the running statement and ends in Error(kInterrupted) the
/// same way. Returns true when an interrupt came only after the commit (the rescue is
/// whole).
[[nodiscard]] bool execute_rescue(pg::Connection& conn, const RescueOptions& options,
                                  const RescuePlan& plan, const std::string& file_text);

}  // namespace pgdrift::baseline

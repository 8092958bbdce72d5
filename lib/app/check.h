// app/check.h — the `pgdrift check` use case: the live schema against its tracked history.
//
// Reads the live catalogs and the tracking table in one read-only snapshot, replays the
// baseline and every migration the tracking table records as applied into a shadow
// database, reads the shadow with the same reader and settings, and reports what
// differs. Definitions that differ only because PostgreSQL re-deparses them are ruled
// out by replaying the live schema once more (diff/normalisation.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "diff/change_set.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct CheckOptions {
  LiveSource source;
  std::string migrations_dir;    ///< default: $DBMATE_MIGRATIONS_DIR, else ./db/migrations
  std::string migrations_table;  ///< default: $DBMATE_MIGRATIONS_TABLE, else schema_migrations
  std::optional<std::string> migration_role;  ///< default: owner of the tracking table
  shadow::ShadowOptions shadow;
  std::vector<std::string> ignore;                ///< --ignore patterns
  std::string ignore_file = ".pgdriftignore";     ///< read when it exists
  std::string format = "text";                    ///< text or json
  bool color = false;                             ///< ANSI colours in the text report
  std::string store = "reports/pgdrift.sqlite3";  ///< the history store; "" for none
  std::string report_dir = "reports";             ///< Markdown + JSON reports; "" for none
  bool use_cache = true;                          ///< reuse the stored expected catalog
};

/// Options with dbmate's defaults, taken from its environment variables where set.
CheckOptions default_check_options();

struct CheckOutcome {
  bool drift = false;
  size_t finding_count = 0;
  std::string output;  ///< the report for standard output
  bool used_cache = false;
  bool started_shadow = false;
  /// Applied files that were already in the kept shadow image, so not replayed again.
  size_t reused_image_files = 0;
  std::vector<std::string> report_files;  ///< the Markdown and JSON reports written
  diff::ChangeSet changes;                ///< the findings, after ignore rules
  /// The live catalog as compared (tracking tables left out), for gate's lint context.
  std::shared_ptr<const model::Catalog> live_catalog;
};

/// Runs the check. Throws Error for every kind of trouble (nothing is written to the
/// live database in any case).
CheckOutcome run_check(const CheckOptions& options, Log& log);

}  // namespace pgdrift::app

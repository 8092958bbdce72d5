// app/baseline.h — the `pgdrift baseline` use case: the one-command rescue.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "baseline/rescue.h"
#include "util/log.h"

namespace pgdrift::app {

struct BaselineOptions {
  LiveSource source;
  std::string migrations_dir;    ///< default: $DBMATE_MIGRATIONS_DIR, else ./db/migrations
  std::string migrations_table;  ///< default: $DBMATE_MIGRATIONS_TABLE, else schema_migrations
  std::string legacy_table;      ///< "" to detect the legacy table
  std::string name = "baseline";
  std::string lock_timeout = "5s";
  bool dry_run = false;
};

/// Options with dbmate's defaults, taken from its environment variables where set.
BaselineOptions default_baseline_options();

struct BaselineOutcome {
  bool already_baselined = false;
  std::vector<std::string> report;  ///< lines for the user, in order
};

/// Plans the rescue, and unless dry_run writes the baseline file and runs the one
/// transaction. Throws Error for every refusal and failure (nothing changed then).
BaselineOutcome run_baseline(const BaselineOptions& options, Log& log);

}  // namespace pgdrift::app

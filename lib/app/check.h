// app/check.h — the `pgdrift check` use case: the live schema against its tracked history.
//
// Scans for drift (app/drift_scan.h: the live catalog against the one the applied
// migrations build in a shadow), records the run and its findings in the history store,
// and reports them: text or JSON on standard output, Markdown and JSON in the report folder.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/drift_scan.h"
#include "diff/change_set.h"
#include "shadow/shadow.h"
#include "store/history_store.h"
#include "util/log.h"

namespace pgdrift::app {

struct CheckOptions : DriftScanOptions {
  std::string format = "text";         ///< text or json
  bool color = false;                  ///< ANSI colours in the text report
  std::string report_dir = "reports";  ///< Markdown + JSON reports; "" for none
  /// Refresh REPORT_DIR/index.html, the store's page of every database (a fleet's check
  /// writes it once, beside the fleet's report, rather than once per target).
  bool history_page = true;
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

/// The store's page of every database's runs, beside their reports: the report folder's
/// index.html. A page that cannot be refreshed (a full disk) is a warning: the run and
/// its reports are kept, and the next run writes it again. Returns its path, or "".
std::string write_history_page(const CheckOptions& options, store::HistoryStore& store, Log& log);

/// Runs the check. Throws Error for every kind of trouble (nothing is written to the
/// live database in any case).
CheckOutcome run_check(const CheckOptions& options, Log& log);

}  // namespace pgdrift::app

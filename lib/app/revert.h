// app/revert.h — the `pgdrift revert` use case: a pending migration that takes the night's
// drift back.
//
// Scans for drift as `check` does (app/drift_scan.h), plans the live schema (L) back to
// what the applied migrations build (H) for the up section and H to L for the down
// section, and writes it as a dbmate migration that is not recorded: the team reviews it,
// runs `pgdrift gate` and `dbmate up` as for any migration, and `check` is clean after.
// Nothing runs on the live database. Every other environment the history built runs the
// file too, where the drift never was: each transaction of the up section runs only where
// what it takes back is still there (app/revert_guards.h), and each index built or
// dropped CONCURRENTLY is written IF [NOT] EXISTS (a changed index is rebuilt in a guarded
// transaction instead). Proven in a shadow before it is written, three ways: L replayed +
// up gives H, the down sections go back to L, and on the applied migrations replayed no
// condition holds and no index is built or dropped.
#pragma once

#include <string>
#include <vector>

#include "app/drift_scan.h"
#include "util/log.h"

namespace pgdrift::app {

struct RevertOptions : DriftScanOptions {
  std::string name;  ///< the file is <version>_revert[_<name>].sql
  /// --only: revert just the findings these patterns match (the ignore rules' syntax);
  /// the others stay drift. Empty: all of them.
  std::vector<std::string> only;
  bool dry_run = false;  ///< print the file(s); write nothing anywhere
  bool online = true;    ///< the planner's online forms (plan::PlanOptions::online)
};

/// Options with dbmate's defaults, taken from its environment variables where set.
RevertOptions default_revert_options();

struct RevertOutcome {
  std::vector<std::string> written;  ///< the migration files (none with dry_run)
  std::string printed;               ///< what goes to standard output
  size_t finding_count = 0;          ///< the findings taken back
  size_t hazard_count = 0;           ///< statements a reviewer must look at
};

/// Writes the revert. Throws Error(kInput) with nothing written when there is no drift,
/// when migration files are pending or applied ones are missing, or when the revert does
/// not prove; Error(kUnsupported) for drift the planner cannot take back yet, or cannot
/// write to do nothing where the drift is absent (naming it).
RevertOutcome run_revert(const RevertOptions& options, Log& log);

}  // namespace pgdrift::app

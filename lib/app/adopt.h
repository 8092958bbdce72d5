// app/adopt.h — the `pgdrift adopt` use case: the night's drift becomes tracked history.
//
// Scans for drift as `check` does (app/drift_scan.h), plans what the applied migrations
// build (H) into the live schema (L) for the up section and back for the down section,
// proves both in a shadow (H replayed + up gives L, + down gives H again), then writes
// the migration into the folder and records its version in dbmate's tracking table as
// applied, together in one transaction (history/recorded_write.h): the live database
// already has these changes, and nothing else runs on it. Afterwards `check` is clean,
// and a new environment built with `dbmate up` from the folder gets the changes too.
#pragma once

#include <string>
#include <vector>

#include "app/drift_scan.h"
#include "util/log.h"

namespace pgdrift::app {

struct AdoptOptions : DriftScanOptions {
  std::string name;  ///< the file is <version>_adopt[_<name>].sql
  /// --only: adopt just the findings these patterns match (the ignore rules' syntax);
  /// the others stay drift. Empty: all of them.
  std::vector<std::string> only;
  bool dry_run = false;  ///< print the file(s) and the transaction; write nothing anywhere
  bool online = true;    ///< the planner's online forms (plan::PlanOptions::online)
};

/// Options with dbmate's defaults, taken from its environment variables where set.
AdoptOptions default_adopt_options();

struct AdoptOutcome {
  std::vector<std::string> written;   ///< the migration files (none with dry_run)
  std::vector<std::string> versions;  ///< recorded as applied (none with dry_run)
  std::string printed;                ///< what goes to standard output
  size_t finding_count = 0;           ///< the findings adopted
};

/// Adopts the drift. Throws Error(kInput) with nothing written anywhere when there is no
/// drift, when migration files are pending or applied ones are missing, when the plan
/// does not prove, or when the tracking table changed meanwhile; Error(kUnsupported) for
/// drift the planner cannot write yet (naming it); Error(kQuery) when the role may not
/// insert into the tracking table.
AdoptOutcome run_adopt(const AdoptOptions& options, Log& log);

}  // namespace pgdrift::app

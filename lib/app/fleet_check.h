// app/fleet_check.h — `pgdrift check --targets FILE`: many databases in one run.
//
// Each target of the targets file (app/targets_file.h) is checked as `check` checks one
// database, side by side (--parallel), each under its own timeouts; one that fails is
// that target's trouble, with its one-sentence reason, and the others go on. Targets
// that share a history (the same migrations folder and table) share its replay through
// the history store's cache of expected catalogs: one of them is checked first, and the
// others find the catalog cached (when the store is on and the servers' majors and
// migration roles agree, which the cache key says). One summary of every target on
// standard output (text or JSON), the same as Markdown and JSON in the report folder.
#pragma once

#include <string>
#include <vector>

#include "app/check.h"
#include "report/fleet_report.h"
#include "util/log.h"

namespace pgdrift::app {

struct FleetOptions {
  CheckOptions check;  ///< what every target shares (store, shadow, timeouts, ignores, ...)
  std::string targets_file;
  int parallel = 1;  ///< targets checked at once
  /// --shard K/N: only the targets whose name falls in part K of N (a stable hash of the
  /// name), so N workers split a fleet with no coordinator. "" for all.
  std::string shard;
};

/// Whether target \a name is in \a shard ("K/N"): SHA-256 of the name, its first 8 bytes
/// as a number, modulo N, is K - 1. Throws Error(kUsage) for anything but 1 <= K <= N.
bool in_shard(const std::string& name, const std::string& shard);

/// A target's result: name, status (clean, drift, trouble), the reason of trouble, its
/// findings by change and its own JSON report.
using TargetOutcome = report::FleetRow;

struct FleetOutcome {
  std::vector<TargetOutcome> targets;  ///< in the targets file's order
  std::string output;                  ///< the summary for standard output
  std::vector<std::string> report_files;
  size_t count(const std::string& status) const;
  /// 2 when a target had trouble, else 1 when one drifted, else 0.
  int exit_code() const;
};

/// Checks every target. Throws Error only for trouble of the run as a whole (a bad
/// targets file, a bad option, a report folder that cannot be written).
FleetOutcome run_fleet_check(const FleetOptions& options, Log& log);

}  // namespace pgdrift::app

#include "app/picked_findings.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "app/migration_naming.h"
#include "diff/ignore_rules.h"
#include "util/error.h"

namespace pgdrift::app {

DriftScan scan_drift_to_resolve(const DriftScanOptions& options, const std::string& name,
                                bool dry_run, const std::string& verb, Log& log) {
  if (!name.empty()) require_file_name_part(name);
  require_migrations_folder(options.migrations_dir);
  DriftScanOptions scanning = options;
  scanning.update_caches = !dry_run;  // a dry run writes nothing anywhere
  DriftScan scan = scan_drift(scanning, log);
  if (scan.changes.empty()) {
    throw Error(ErrorCategory::kInput, scan.target + " has no drift to " + verb +
                                           ": it is what its applied migrations build; "
                                           "nothing was written");
  }
  return scan;
}

std::string plural(size_t n, const std::string& one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

diff::ChangeSet pick_only(const DriftScan& scan, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return scan.changes;
  std::vector<diff::IgnoreRule> rules;
  for (const auto& pattern : patterns) {
    rules.push_back(with_context("--only", [&] { return diff::parse_ignore_rule(pattern); }));
    if (diff::pick_findings(scan.changes, {rules.back()}).empty()) {
      throw Error(ErrorCategory::kUsage, "--only " + pattern + " matches none of the " +
                                             plural(scan.changes.findings.size(), "finding") +
                                             " (see `pgdrift check`); nothing was written");
    }
  }
  return diff::pick_findings(scan.changes, rules);
}

void require_exactly_picked(const model::Catalog& from, const model::Catalog& target,
                            const diff::ChangeSet& picked, const std::string& command) {
  std::set<std::string> wanted, got;
  for (const auto& f : picked.findings) wanted.insert(diff::finding_key(f));
  for (const auto& f : diff::compare(from, target).findings) got.insert(diff::finding_key(f));
  if (wanted == got) return;
  std::vector<std::string> apart;
  std::set_symmetric_difference(wanted.begin(), wanted.end(), got.begin(), got.end(),
                                std::back_inserter(apart));
  throw Error(ErrorCategory::kUnsupported,
              "these findings cannot be " + command + " apart from the others (" + apart.front() +
                  "); widen --only or the ignore rules; nothing was written");
}

std::map<std::string, std::string> first_seen_by_key(DriftScan& scan) {
  std::map<std::string, std::string> first_seen;
  if (scan.store) {
    for (const auto& f : scan.store->open_findings(scan.database)) {
      first_seen[f.kind + "|" + f.object + "|" + f.change] = f.first_seen;
    }
  }
  return first_seen;
}

}  // namespace pgdrift::app

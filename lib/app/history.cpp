#include "app/history.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/history_store.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

std::string counts_text(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  for (const auto& [kind, n] : counts)
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, kind);
  return out;
}

std::string text(const std::vector<store::StoredRun>& runs,
                 const std::vector<store::StoredFinding>& findings,
                 const std::vector<store::StoredFinding>& resolved, const std::string& path) {
  std::string out = fmt::format("{} recent run(s) in {}, newest first:\n", runs.size(), path);
  for (const auto& run : runs) {
    out += fmt::format("  {}  {}  {} {}", run.record.started_at, run.record.database,
                       run.record.command, run.record.status);
    if (run.finding_count > 0) {
      out += fmt::format(": {} finding(s) ({})", run.finding_count, counts_text(run.counts));
    }
    out += fmt::format("  [{:.1f}s]\n", static_cast<double>(run.record.duration_ms) / 1000.0);
  }
  out += fmt::format("{} open finding(s):\n", findings.size());
  for (const auto& f : findings) {
    out += fmt::format("  {} {} {}", f.kind, f.object, f.change);
    if (!f.summary.empty()) out += fmt::format(" ({})", f.summary);
    out +=
        fmt::format("  first seen {}, last seen {}  [{}]\n", f.first_seen, f.last_seen, f.database);
  }
  out += fmt::format("{} recently resolved:\n", resolved.size());
  for (const auto& f : resolved) {
    out += fmt::format("  {} {} {}  first seen {}, resolved {} ({})  [{}]\n", f.kind, f.object,
                       f.change, f.first_seen, f.resolved_at.value_or(""),
                       f.resolved_by.value_or("no longer seen"), f.database);
  }
  return out;
}

std::string json(const std::vector<store::StoredRun>& runs,
                 const std::vector<store::StoredFinding>& findings,
                 const std::vector<store::StoredFinding>& resolved, const std::string& path) {
  nlohmann::json doc;
  doc["format_version"] = 1;
  doc["store"] = path;
  doc["runs"] = nlohmann::json::array();
  for (const auto& run : runs) {
    doc["runs"].push_back({{"id", run.id},
                           {"started_at", run.record.started_at},
                           {"database", run.record.database},
                           {"command", run.record.command},
                           {"server_version", run.record.server_version_num},
                           {"status", run.record.status},
                           {"finding_count", run.finding_count},
                           {"counts", run.counts},
                           {"duration_ms", run.record.duration_ms},
                           {"migration_role", run.record.migration_role}});
  }
  doc["open_findings"] = nlohmann::json::array();
  for (const auto& f : findings) {
    nlohmann::json j{{"database", f.database},     {"kind", f.kind},
                     {"object", f.object},         {"change", f.change},
                     {"first_seen", f.first_seen}, {"last_seen", f.last_seen}};
    if (!f.summary.empty()) j["summary"] = f.summary;
    doc["open_findings"].push_back(j);
  }
  doc["resolved_findings"] = nlohmann::json::array();
  for (const auto& f : resolved) {
    doc["resolved_findings"].push_back({{"database", f.database},
                                        {"kind", f.kind},
                                        {"object", f.object},
                                        {"change", f.change},
                                        {"first_seen", f.first_seen},
                                        {"last_seen", f.last_seen},
                                        {"resolved_at", f.resolved_at.value_or("")},
                                        {"resolved_by", f.resolved_by.value_or("")}});
  }
  return doc.dump(2) + "\n";
}

}  // namespace

std::string run_history(const HistoryOptions& options, Log&) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  auto store = store::HistoryStore::open_existing(options.store);
  const auto runs = store.recent_runs(options.database, options.limit);
  const auto findings = store.open_findings(options.database);
  const auto resolved = store.resolved_findings(options.database, options.limit);
  return options.format == "json" ? json(runs, findings, resolved, options.store)
                                  : text(runs, findings, resolved, options.store);
}

}  // namespace pgdrift::app

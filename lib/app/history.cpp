#include "app/history.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/output_file.h"
#include "app/status.h"
#include "report/history_page.h"
#include "store/history_store.h"
#include "util/atomic_file.h"
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
    if (!run.record.reason.empty()) out += ": " + run.record.reason;
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
    if (!run.record.reason.empty()) doc["runs"].back()["reason"] = run.record.reason;
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

report::PageFinding page_finding(const store::StoredFinding& f) {
  return {f.database,
          f.kind,
          f.object,
          f.change,
          f.summary,
          f.first_seen,
          f.last_seen,
          f.resolved_at.value_or(""),
          f.resolved_by.value_or(""),
          f.fields,
          f.text_diff,
          f.sql,
          f.legacy_details};
}

std::string html(const std::vector<store::StoredRun>& runs,
                 const std::vector<store::StoredFinding>& findings,
                 const std::vector<store::StoredFinding>& resolved, const std::string& path) {
  report::HistoryPage page;
  page.store = path;
  page.generated_at = utc_now_iso();
  for (const auto& run : runs) {
    page.runs.push_back({run.record.started_at, run.record.database, run.record.command,
                         run.record.status, run.record.reason, run.finding_count,
                         run.record.duration_ms, run.counts});
  }
  for (const auto& f : findings) page.open.push_back(page_finding(f));
  for (const auto& f : resolved) page.resolved.push_back(page_finding(f));
  return report::history_html(page);
}

constexpr int kPageRuns = 1000;    // runs on the HTML timeline by default
constexpr int kListedRuns = 20;    // runs in the text and JSON lists by default
constexpr int kPageResolved = 50;  // recently resolved findings on the page

}  // namespace

std::string history_page(store::HistoryStore& store, const std::string& store_path) {
  return html(store.recent_runs("", kPageRuns), store.open_findings(""),
              store.resolved_findings("", kPageResolved), store_path);
}

std::string run_history(const HistoryOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json" && options.format != "html") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text, json or html)");
  }
  auto store = store::HistoryStore::open_existing(options.store);
  const bool page = options.format == "html";
  const int limit = options.limit > 0 ? options.limit : page ? kPageRuns : kListedRuns;
  const auto runs = store.recent_runs(options.database, limit);
  const auto findings = store.open_findings(options.database);
  const auto resolved = store.resolved_findings(options.database, page ? kPageResolved : limit);
  const std::string out = page ? html(runs, findings, resolved, options.store)
                          : options.format == "json"
                              ? json(runs, findings, resolved, options.store)
                              : text(runs, findings, resolved, options.store);
  if (options.output.empty()) return out;
  write_named_file(options.output, out, "-o");
  log.info("wrote " + options.output);
  return "";
}

}  // namespace pgdrift::app

#include "app/status.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/dbmate_env.h"
#include "history/tracking_table.h"
#include "pg/conninfo.h"
#include "pg/session.h"
#include "store/history_store.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

std::string problem_text(const std::string& rule, const history::TrackedMigration& m,
                         const std::string& newest) {
  if (rule == "recorded-without-file") {
    return "version " + m.version + " is recorded as applied but has no file";
  }
  if (rule == "pending-out-of-order") {
    return m.filename + " is pending but older than the newest applied version " + newest +
           "; dbmate would apply it out of order";
  }
  return rule;
}

std::string render_text(const StatusOutcome& s, const StatusOptions& options) {
  std::string out = fmt::format("Migrations in {} against {}:\n", options.migrations_dir, s.target);
  size_t applied = 0, pending = 0;
  for (const auto& m : s.migrations) {
    const char* mark = m.filename.empty() ? "[?]" : m.applied ? "[X]" : "[ ]";
    std::string line =
        fmt::format("{} {}", mark, m.filename.empty() ? m.version + " (no file)" : m.filename);
    if (!m.filename.empty()) (m.applied ? applied : pending)++;
    std::vector<std::string> notes;
    if (!m.applied) notes.push_back("pending");
    for (const auto& problem : s.problems) {
      if (problem.version == m.version) notes.push_back(problem.rule);
    }
    if (!notes.empty()) {
      line += "  (";
      for (size_t i = 0; i < notes.size(); ++i) line += (i ? ", " : "") + notes[i];
      line += ")";
    }
    out += line + "\n";
  }
  out += fmt::format("Applied: {}\nPending: {}\n", applied, pending);
  if (!s.tracking_table_exists) out += "No tracking table yet: every file is pending.\n";
  out += fmt::format("Last check: {}\n", s.last_check.value_or("none recorded"));
  if (s.problems.empty()) {
    out += "Consistent.\n";
  } else {
    out += fmt::format("{} inconsistenc{}:\n", s.problems.size(),
                       s.problems.size() == 1 ? "y" : "ies");
    for (const auto& p : s.problems) out += fmt::format("  {}: {}\n", p.rule, p.message);
  }
  return out;
}

std::string render_json(const StatusOutcome& s) {
  nlohmann::json doc;
  doc["format_version"] = 1;
  doc["status"] = s.consistent() ? "consistent" : "inconsistent";
  doc["database"] = s.target;
  doc["migrations"] = nlohmann::json::array();
  for (const auto& m : s.migrations) {
    nlohmann::json j{{"version", m.version}, {"applied", m.applied}};
    if (!m.filename.empty()) j["file"] = m.path;
    doc["migrations"].push_back(j);
  }
  doc["problems"] = nlohmann::json::array();
  for (const auto& p : s.problems) {
    nlohmann::json j{{"rule", p.rule}, {"version", p.version}, {"message", p.message}};
    if (!p.path.empty()) j["file"] = p.path;
    doc["problems"].push_back(j);
  }
  doc["last_check"] = s.last_check ? nlohmann::json(*s.last_check) : nlohmann::json();
  return doc.dump(2) + "\n";
}

}  // namespace

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(millis));
  return out;
}

std::string database_key(const pg::Connection::Identity& identity) {
  return identity.host + ":" + identity.port + "/" + identity.dbname;
}

StatusOptions default_status_options() {
  StatusOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

StatusOutcome collect_status(pg::Connection& conn, const StatusOptions& options, Log&) {
  StatusOutcome s;
  s.target = conn.target();
  s.database = database_key(conn.identity());
  const auto table = history::TableName::parse(options.migrations_table);
  std::vector<std::string> recorded;
  const auto state = history::inspect_table(conn, table);
  s.tracking_table_exists = state.exists;
  if (state.exists && !state.dbmate_shape) {
    s.problems.push_back({"not-dbmate-table", "", "",
                          table.display() + " is not dbmate's tracking table; run `pgdrift "
                                            "baseline` to move to dbmate"});
  } else if (state.exists) {
    recorded = history::recorded_versions(conn, table);
  }
  s.migrations =
      history::tracking_status(history::list_migration_files(options.migrations_dir), recorded);
  const std::string newest = recorded.empty() ? "" : recorded.back();
  std::optional<store::HistoryStore> store;
  std::error_code ec;
  if (!options.store.empty()) store.emplace(store::HistoryStore::open(options.store));
  const std::string now = utc_now_iso();
  for (const auto& m : s.migrations) {
    for (const auto& rule : m.problems) {
      s.problems.push_back({rule, m.version, m.path, problem_text(rule, m, newest)});
    }
    if (store && m.applied && !m.filename.empty()) {
      const std::string checksum = history::migration_checksum(read_file(m.path));
      const std::string first =
          store->adopt_checksum(s.database, m.version, m.filename, checksum, now);
      if (first != checksum) {
        s.problems.push_back({"changed-after-apply", m.version, m.path,
                              m.filename + " changed after it was applied (" + first +
                                  " when first seen applied, " + checksum + " now)"});
      }
    }
  }
  if (store) {
    const auto runs = store->recent_runs(s.database, 1);
    if (!runs.empty()) {
      const auto& last = runs[0];
      s.last_check = last.record.started_at + " " + last.record.status +
                     (last.record.status == "trouble"
                          ? ": " + last.record.reason
                          : ", " + std::to_string(last.finding_count) + " finding(s)");
    }
  }
  return s;
}

StatusOutcome run_status(const StatusOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  auto conn = connect_live(options.source.url);
  pg::begin_read_snapshot(conn, options.source.session);
  StatusOutcome s = collect_status(conn, options, log);
  s.output = options.format == "json" ? render_json(s) : render_text(s, options);
  return s;
}

}  // namespace pgdrift::app

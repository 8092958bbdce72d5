#include "app/fleet_check.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include "app/migration_naming.h"
#include "app/status.h"
#include "app/targets_file.h"
#include "pg/conninfo.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/sha256.h"

namespace pgdrift::app {
namespace {

// One target's lines, prefixed with its name (into a SynchronizedLog: one line at a
// time however many targets run).
class TargetLog final : public Log {
 public:
  TargetLog(Log& out, std::string name) : out_(out), prefix_(std::move(name) + ": ") {}
  void info(const std::string& line) override { out_.info(prefix_ + line); }
  void warn(const std::string& line) override { out_.warn(prefix_ + line); }

 private:
  Log& out_;
  std::string prefix_;
};

// The check of one target: its outcome, or its trouble with the reason.
TargetOutcome check_target(const FleetOptions& options, const Target& target, Log& log) {
  TargetOutcome out;
  out.name = target.name;
  const auto started = std::chrono::steady_clock::now();
  try {
    CheckOptions check = options.check;
    check.format = "json";
    check.migrations_dir = target.migrations_dir;
    if (!target.migrations_table.empty()) check.migrations_table = target.migrations_table;
    // Several targets may name databases of one name: each has a folder of its own.
    if (!check.report_dir.empty()) check.report_dir += "/" + target.name;
    check.history_page = false;  // once for the fleet, at the end
    std::string conninfo = target.conninfo;
    if (!target.url_env.empty()) {
      const char* value = std::getenv(target.url_env.c_str());
      if (!value || !*value) {
        throw Error(ErrorCategory::kInput,
                    "the environment variable " + target.url_env + " (its url_env) is not set");
      }
      conninfo = value;
    }
    check.source.url = conninfo;
    const CheckOutcome result = run_check(check, log);
    out.status = result.drift ? "drift" : "clean";
    out.json = result.output;
    for (const auto& f : result.changes.findings) {
      if (f.change == diff::ChangeType::kAdded) ++out.added;
      if (f.change == diff::ChangeType::kRemoved) ++out.removed;
      if (f.change == diff::ChangeType::kChanged) ++out.changed;
    }
  } catch (const std::exception& e) {
    out.status = "trouble";
    out.reason = pg::redact_password(e.what());
  }
  out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  return out;
}

// Runs \a work for each of \a which, \a parallel at a time.
void side_by_side(const std::vector<size_t>& which, int parallel,
                  const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  const size_t count = std::min(which.size(), static_cast<size_t>(std::max(parallel, 1)));
  for (size_t k = 0; k < count; ++k) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < which.size(); i = next++) work(which[i]);
    });
  }
  for (auto& t : threads) t.join();
}

// The fleet's reports beside the targets' own: FOLDER/fleet-<UTC time>.md and .json.
std::vector<std::string> write_fleet_reports(const std::string& folder,
                                             const std::vector<TargetOutcome>& rows,
                                             const std::string& started_at) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    throw Error(ErrorCategory::kIo, "cannot create the report folder " + folder + ": " +
                                        ec.message() + "; name another with --report-dir");
  }
  const std::string base = folder + "/fleet-" + safe_file_name_part(started_at);
  write_file_atomically(base + ".json", report::fleet_json(rows));
  try {
    write_file_atomically(
        base + ".md", report::fleet_markdown(rows, "pgdrift check of a fleet at " + started_at));
  } catch (...) {
    std::filesystem::remove(base + ".json", ec);
    throw;
  }
  return {base + ".md", base + ".json"};
}

}  // namespace

bool in_shard(const std::string& name, const std::string& shard) {
  const auto slash = shard.find('/');
  auto number = [&](const std::string& text) -> unsigned long {
    if (text.empty() || text.size() > 6 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      return 0;
    return std::stoul(text);
  };
  const unsigned long k = slash == std::string::npos ? 0 : number(shard.substr(0, slash));
  const unsigned long n = slash == std::string::npos ? 0 : number(shard.substr(slash + 1));
  if (k < 1 || n < 1 || k > n) {
    throw Error(ErrorCategory::kUsage,
                "--shard \"" + shard + "\" is not K/N with 1 <= K <= N (e.g. 1/4)");
  }
  const unsigned long long hash = std::stoull(sha256_hex(name).substr(0, 16), nullptr, 16);
  return hash % n == k - 1;
}

size_t FleetOutcome::count(const std::string& status) const {
  return static_cast<size_t>(std::count_if(targets.begin(), targets.end(),
                                           [&](const auto& t) { return t.status == status; }));
}

int FleetOutcome::exit_code() const {
  return count("trouble") > 0 ? 2 : count("drift") > 0 ? 1 : 0;
}

FleetOutcome run_fleet_check(const FleetOptions& options, Log& log) {
  if (options.parallel < 1) {
    throw Error(ErrorCategory::kUsage, "--parallel must be 1 or more");
  }
  if (options.check.format != "text" && options.check.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.check.format + "\" (use text or json)");
  }
  // 1. The targets, all of them valid before any is checked.
  auto targets = read_targets_file(options.targets_file, options.check.migrations_dir);
  if (!options.shard.empty()) {
    const size_t all = targets.size();
    targets.erase(std::remove_if(targets.begin(), targets.end(),
                                 [&](const Target& t) { return !in_shard(t.name, options.shard); }),
                  targets.end());
    log.info("shard " + options.shard + ": " + std::to_string(targets.size()) + " of " +
             std::to_string(all) + " targets");
  }
  const std::string started_at = utc_now_iso();
  FleetOutcome outcome;
  outcome.targets.resize(targets.size());
  SynchronizedLog shared_log(log);
  auto work = [&](size_t i) {
    TargetLog target_log(shared_log, targets[i].name);
    outcome.targets[i] = check_target(options, targets[i], target_log);
  };
  // The store is made (or migrated) here, before the threads: two checks creating it at
  // once would both find it empty.
  if (!options.check.store.empty() && options.check.update_caches) {
    store::HistoryStore::open(options.check.store);
  }
  // 2. One target of each history first, so the others find its expected catalog in the
  //    store instead of replaying it again; then the rest, side by side.
  std::vector<size_t> first, rest;
  std::map<std::pair<std::string, std::string>, size_t> histories;
  const bool shared = !options.check.store.empty() && options.check.use_cache;
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto key = std::pair{targets[i].migrations_dir, targets[i].migrations_table};
    (shared && !histories.emplace(key, i).second ? rest : first).push_back(i);
  }
  side_by_side(first, options.parallel, work);
  side_by_side(rest, options.parallel, work);
  // 3. One report of them all.
  outcome.output = options.check.format == "json" ? report::fleet_json(outcome.targets)
                                                  : report::fleet_text(outcome.targets);
  if (!options.check.report_dir.empty()) {
    outcome.report_files =
        write_fleet_reports(options.check.report_dir, outcome.targets, started_at);
    log.info("wrote " + outcome.report_files.front() + " and .json");
    std::error_code ec;
    if (options.check.update_caches && std::filesystem::is_regular_file(options.check.store, ec)) {
      try {
        auto store = store::HistoryStore::open_existing(options.check.store);
        if (auto page = write_history_page(options.check, store, log); !page.empty()) {
          outcome.report_files.push_back(page);
        }
      } catch (const Error& e) {
        // The targets are checked and recorded; the summary is not lost for a page.
        log.warn("the history page was not refreshed: " + std::string(e.what()));
      }
    }
  }
  return outcome;
}

}  // namespace pgdrift::app

#include "app/check.h"

#include <filesystem>

#include "app/dbmate_env.h"
#include "app/finding_statements.h"
#include "app/history.h"
#include "app/migration_naming.h"
#include "app/status.h"
#include "pg/conninfo.h"
#include "report/findings_report.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {

CheckOptions default_check_options() {
  CheckOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

std::string write_history_page(const CheckOptions& options, store::HistoryStore& store, Log& log) {
  const std::string path = options.report_dir + "/index.html";
  try {
    write_file_atomically(path, history_page(store, options.store));
  } catch (const Error& e) {
    log.warn("the history page was not refreshed: " + std::string(e.what()));
    return "";
  }
  log.info("wrote " + path);
  return path;
}

namespace {

// A check that fails once it is about a database (it could not connect to a named one,
// the history did not replay, a catalog read timed out) is a run of that database too:
// the store, when there is one already, keeps it as trouble with its one-sentence reason,
// so the timeline shows the nights nothing was compared. A usage error, a local file that
// failed (the store itself, a full disk) or an interrupted run is not such a run.
void remember_trouble(const CheckOptions& options, const ScanReach& reach, const Error& error,
                      const std::string& started_at, std::chrono::steady_clock::time_point started,
                      Log& log) {
  if (error.category() == ErrorCategory::kUsage || error.category() == ErrorCategory::kIo ||
      error.category() == ErrorCategory::kInterrupted || !options.update_caches ||
      options.store.empty()) {
    return;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.store, ec)) return;
  store::RunRecord run;
  run.started_at = started_at;
  run.database = !reach.database.empty()
                     ? reach.database
                     : pg::named_database_key(pg::resolve_conninfo(options.source.url));
  if (run.database.empty()) return;
  run.status = "trouble";
  run.server_version_num = reach.server_version;
  run.migration_role = reach.migration_role;
  run.reason = pg::redact_password(error.what());
  run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  try {
    auto store = store::HistoryStore::open_existing(options.store);
    store.record_trouble(run);
    if (!options.report_dir.empty() && options.history_page)
      write_history_page(options, store, log);
  } catch (const Error& e) {
    // The run's own error is the one to report (often this same store's, written by a
    // newer pgdrift, say): this one only follows it, shown with --verbose.
    log.info("the failed run was not recorded in " + options.store + ": " + e.what());
  }
}

DriftScan scan_or_remember_trouble(const CheckOptions& options, Log& log) {
  const std::string started_at = utc_now_iso();
  const auto started = std::chrono::steady_clock::now();
  ScanReach reach;
  try {
    return scan_drift(options, log, &reach);
  } catch (const Error& e) {
    remember_trouble(options, reach, e, started_at, started, log);
    throw;
  }
}

}  // namespace

CheckOutcome run_check(const CheckOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  // 1. The live catalog, the one the history implies, and what differs (a run that fails
  //    is remembered as trouble).
  DriftScan scan = scan_or_remember_trouble(options, log);
  const diff::ChangeSet& changes = scan.changes;
  CheckOutcome outcome;
  outcome.used_cache = scan.used_cache;
  outcome.started_shadow = scan.started_shadow;
  outcome.reused_image_files = scan.reused_image_files;

  // 2. Remember the run, then report it.
  const auto duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - scan.started)
                               .count();
  report::ReportContext context;
  if (!changes.empty()) {
    try {
      context.statements = reproducing_statements(scan, log);
    } catch (const Error& e) {
      // The run and its findings are what matters; the SQL that reproduces them is extra.
      log.warn("no statements in the report: " + std::string(e.what()));
    }
  }
  if (scan.store) {
    store::RunRecord run;
    run.started_at = scan.started_at;
    run.database = scan.database;
    run.server_version_num = scan.server_version;
    run.status = changes.empty() ? "clean" : "drift";
    run.duration_ms = duration_ms;
    run.migration_role = scan.migration_role;
    context.seen = scan.store->record_run(run, changes, context.statements);
  }
  context.before_label = "the history (" + std::to_string(scan.replayed_files.size()) +
                         " applied migration" + (scan.replayed_files.size() == 1 ? "" : "s") + ")";
  context.after_label = scan.target;
  context.color = options.color;
  context.facts.push_back({"migration_role", scan.migration_role});
  context.facts.push_back({"shadow", scan.shadow_description});
  std::string expected_from = "replayed";
  if (outcome.used_cache) {
    expected_from = "cached in " + options.store + " (history unchanged)";
  } else if (outcome.reused_image_files > 0) {
    expected_from =
        "replayed " + std::to_string(scan.replayed_files.size() - outcome.reused_image_files) +
        " new file(s) onto the kept shadow image of " + std::to_string(outcome.reused_image_files);
  }
  context.facts.push_back({"expected", expected_from});
  if (scan.missing_files > 0) {
    context.facts.push_back({"missing_files", std::to_string(scan.missing_files) +
                                                  " applied version(s) without a file"});
  }
  context.database = {{"host", scan.identity.host},
                      {"port", scan.identity.port},
                      {"dbname", scan.identity.dbname},
                      {"user", scan.identity.user}};
  if (!changes.empty()) {
    context.next_steps = {
        "Keep these changes: `pgdrift adopt` with this check's options writes them as a "
        "migration and records it as applied (`--only PATTERN` for some of them, `--dry-run` "
        "to look first).",
        "Or take them back: `pgdrift revert` with the same options writes a pending "
        "migration that undoes them (review it, run `pgdrift gate`, then `dbmate up`).",
        "Or silence what is meant to differ: `--ignore PATTERN` or a line in .pgdriftignore."};
  }
  outcome.drift = !changes.empty();
  outcome.finding_count = changes.findings.size();
  outcome.changes = changes;
  outcome.live_catalog = scan.actual;
  const std::string json = report::json_report(changes, context);
  outcome.output = options.format == "json" ? json : report::text_report(changes, context);
  if (!options.report_dir.empty()) {
    const std::string folder = options.report_dir + "/" + safe_file_name_part(scan.identity.dbname);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) {
      throw Error(ErrorCategory::kIo, "cannot create the report folder " + folder + ": " +
                                          ec.message() +
                                          "; name another with --report-dir (\"\" for none)");
    }
    const std::string base = folder + "/" + safe_file_name_part(scan.started_at);
    // A report is its two files or none (issue 17: a full disk kept the .md alone). Both
    // names are new (a timestamp), so removing the first one loses nothing.
    write_file_atomically(base + ".json", json);
    try {
      write_file_atomically(
          base + ".md", report::markdown_report(
                            changes, context,
                            "pgdrift check of " + scan.identity.dbname + " at " + scan.started_at));
    } catch (...) {
      std::filesystem::remove(base + ".json", ec);
      throw;
    }
    outcome.report_files = {base + ".md", base + ".json"};
    log.info("wrote " + base + ".md and .json");
    if (scan.store && options.history_page) {
      if (auto page = write_history_page(options, *scan.store, log); !page.empty()) {
        outcome.report_files.push_back(page);
      }
    }
  }
  return outcome;
}

}  // namespace pgdrift::app

#include "app/check.h"

#include <filesystem>

#include "app/dbmate_env.h"
#include "app/finding_statements.h"
#include "app/migration_naming.h"
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

CheckOutcome run_check(const CheckOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  // 1. The live catalog, the one the history implies, and what differs.
  DriftScan scan = scan_drift(options, log);
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
  if (scan.store) {
    store::RunRecord run;
    run.started_at = scan.started_at;
    run.database = scan.database;
    run.server_version_num = scan.server_version;
    run.status = changes.empty() ? "clean" : "drift";
    run.duration_ms = duration_ms;
    run.migration_role = scan.migration_role;
    context.seen = scan.store->record_run(run, changes);
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
    context.statements = reproducing_statements(scan, log);
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
      throw Error(ErrorCategory::kIo,
                  "cannot create the report folder " + folder + ": " + ec.message());
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
  }
  return outcome;
}

}  // namespace pgdrift::app

#include "app/adopt.h"

#include <filesystem>
#include <map>

#include "app/dbmate_env.h"
#include "app/dbmate_plan.h"
#include "app/migration_naming.h"
#include "app/plan_proof.h"
#include "history/recorded_write.h"
#include "history/tracking_table.h"
#include "pg/conninfo.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

std::string plural(size_t n, const std::string& one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

// The header: where the file starts and ends, and each finding it adopts with when the
// history store first saw it.
plan::PlanLabels adopt_labels(DriftScan& scan, const DriftScanOptions& options) {
  std::map<std::string, std::string> first_seen;
  if (scan.store) {
    for (const auto& f : scan.store->open_findings(scan.database)) {
      first_seen[f.kind + "|" + f.object + "|" + f.change] = f.first_seen;
    }
  }
  plan::PlanLabels labels{"what the " + plural(scan.replayed_files.size(), "applied migration") +
                              " in " + options.migrations_dir + " build",
                          "the live schema of " + scan.target};
  labels.title = "pgdrift adopt: " + plural(scan.changes.findings.size(), "finding") +
                 " of pgdrift check made part of the history (recorded as applied where "
                 "they were found)";
  for (const auto& f : scan.changes.findings) {
    const auto seen = first_seen.find(diff::finding_key(f));
    labels.notes.push_back("adopts: " + f.kind + " " + f.object + " " +
                           diff::change_name(f.change) +
                           (f.summary.empty() ? "" : " (" + f.summary + ")") + ", first seen " +
                           (seen != first_seen.end() ? seen->second : "by this run"));
  }
  return labels;
}

// Under the lock: the tracking table must still record exactly what the scan read, or
// the migration would be ordered against a history that changed meanwhile.
void record_versions(pg::Connection& conn, const history::TableName& table, const DriftScan& scan,
                     const std::vector<std::string>& versions) {
  if (history::recorded_versions(conn, table) != scan.applied_versions) {
    throw Error(ErrorCategory::kInput, table.display() + " on " + scan.target +
                                           " changed while pgdrift adopt was preparing (a "
                                           "migration ran meanwhile); run it again");
  }
  for (const auto& version : versions) {
    try {
      conn.exec("INSERT INTO " + table.sql() + " (version) VALUES (" + quote_literal(version) +
                ")");
    } catch (const Error& e) {
      if (e.sqlstate() != "42501") throw;
      throw Error(ErrorCategory::kQuery,
                  "cannot record the adoption as role " + conn.identity().user + ": it needs " +
                      "INSERT on " + table.display() + " (" + e.what() +
                      "); grant it or run pgdrift adopt as the role that runs the migrations; "
                      "nothing was written",
                  e.sqlstate());
    }
  }
}

}  // namespace

AdoptOptions default_adopt_options() {
  AdoptOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

AdoptOutcome run_adopt(const AdoptOptions& options, Log& log) {
  if (!options.name.empty()) require_file_name_part(options.name);
  std::error_code ec;
  if (!std::filesystem::is_directory(options.migrations_dir, ec)) {
    throw Error(ErrorCategory::kInput, "the migrations folder " + options.migrations_dir +
                                           " does not exist; name it with --migrations-dir");
  }
  const auto table = history::TableName::parse(options.migrations_table);
  // 1. The history's schema (H), the live one (L), and what differs.
  DriftScan scan = scan_drift(options, log);
  if (scan.changes.empty()) {
    throw Error(ErrorCategory::kInput, scan.target +
                                           " has no drift to adopt: it is what its applied "
                                           "migrations build; nothing was written");
  }
  require_complete_history(scan, options, "pgdrift adopt");
  const model::Catalog& history = scan.expected;
  const model::Catalog& live = *scan.actual;

  // 2. H -> L, cut into the parts dbmate runs.
  const plan::Plan plan = plan::plan_migration(history, live, plan::PlanOptions{options.online});
  for (const auto& rename : plan.possible_renames) {
    log.warn("possible rename, written as drop and add: " + rename);
  }
  const std::vector<plan::Plan> parts = plan::plan_parts(plan);

  // 3. Proven before anything is written: the history's schema replayed in a shadow, the
  //    plan applied gives the live one, and each file's down section goes back.
  LiveSource reading = options.source;
  reading.named_schemas_required = false;
  auto shadow = start_proof_shadow(history, live, options.shadow, log);
  const auto downs = prove_both_ways(*shadow, history, live, plan, reading, log);
  shadow.reset();
  log.info(
      "proven: applied in the shadow, the migration turns what the history builds into "
      "the live schema, and each file's down section goes back");

  // 4. The files, written and recorded as applied in one transaction.
  const std::string name = "adopt" + (options.name.empty() ? "" : "_" + options.name);
  const DbmateFiles files =
      dbmate_files(options.migrations_dir, name, parts, downs, true, adopt_labels(scan, options));
  AdoptOutcome outcome;
  outcome.finding_count = scan.changes.findings.size();
  if (options.dry_run) {
    outcome.printed = "dry run: nothing was written. pgdrift adopt would write:\n";
    for (size_t k = 0; k < files.paths.size(); ++k) {
      outcome.printed += "\n-- " + files.paths[k] + "\n" + files.texts[k];
    }
    outcome.printed += "\nand then run, in one transaction with the files put in place:\n";
    for (const auto& version : files.versions) {
      outcome.printed +=
          "  INSERT INTO " + table.sql() + " (version) VALUES (" + quote_literal(version) + ");\n";
    }
    return outcome;
  }
  pg::ConnectOptions connect;
  connect.conninfo = pg::resolve_conninfo(options.source.url);
  auto conn = pg::Connection::open(connect);
  history::RecordedWrite write;
  write.command = "pgdrift adopt";
  write.what = "adoption";
  write.lock_timeout = options.source.session.lock_timeout;
  write.folder = options.migrations_dir;
  for (size_t k = 0; k < files.paths.size(); ++k) {
    write.files.push_back({files.paths[k], files.texts[k]});
  }
  write.statements = [&](pg::Connection& locked) {
    record_versions(locked, table, scan, files.versions);
  };
  const bool interrupted_after_commit = history::run_recorded_write(conn, write);
  outcome.written = files.paths;
  outcome.versions = files.versions;
  if (interrupted_after_commit) {
    outcome.printed += "interrupted after the commit: the adoption below is complete\n";
  }
  for (const auto& path : files.paths) outcome.printed += "wrote " + path + "\n";
  outcome.printed += "recorded " + plural(files.versions.size(), "version") + " as applied in " +
                     table.display() + " (the database already has these changes; nothing " +
                     "else was run on it): " + plural(outcome.finding_count, "finding") +
                     " adopted\nnext: commit the file(s); `pgdrift check` is clean and " +
                     "`dbmate status` shows them applied\n";
  return outcome;
}

}  // namespace pgdrift::app

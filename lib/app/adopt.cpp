#include "app/adopt.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "app/dbmate_env.h"
#include "app/dbmate_plan.h"
#include "app/migration_naming.h"
#include "app/picked_findings.h"
#include "app/plan_proof.h"
#include "app/status.h"
#include "history/recorded_write.h"
#include "history/tracking_table.h"
#include "pg/conninfo.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

// The header: where the file starts and ends, and each finding it adopts with when the
// history store first saw it.
plan::PlanLabels adopt_labels(DriftScan& scan, const DriftScanOptions& options, bool picked) {
  const auto first_seen = first_seen_by_key(scan);
  plan::PlanLabels labels{"what the " + plural(scan.replayed_files.size(), "applied migration") +
                              " in " + options.migrations_dir + " build",
                          "the live schema of " + scan.target +
                              (picked ? ", only what --only picks (the rest stays drift)" : "")};
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
  try {
    // dbmate does not take pgdrift's advisory lock: hold off its inserts (and wait for one
    // under way) until this transaction ends, so the check below stays true to COMMIT.
    conn.exec("LOCK TABLE " + table.sql() + " IN SHARE ROW EXCLUSIVE MODE");
    if (history::recorded_versions(conn, table) != scan.applied_versions) {
      throw Error(ErrorCategory::kInput, table.display() + " on " + scan.target +
                                             " changed while pgdrift adopt was preparing (a "
                                             "migration ran meanwhile); run it again");
    }
    for (const auto& version : versions) {
      conn.exec("INSERT INTO " + table.sql() + " (version) VALUES (" + quote_literal(version) +
                ")");
    }
  } catch (const Error& e) {
    if (e.sqlstate() != "42501") throw;
    throw Error(ErrorCategory::kQuery,
                "cannot record the adoption as role " + conn.identity().user + ": it needs " +
                    "INSERT and UPDATE on " + table.display() +
                    " (UPDATE to lock out a migration while it records; " + e.what() +
                    "); grant them or run pgdrift adopt as the role that runs the migrations; "
                    "nothing was written",
                e.sqlstate());
  }
}

// A file an adoption wrote whose transaction did not commit (killed between the file's
// rename and COMMIT, or a connection lost during COMMIT): its version is not recorded,
// and the rerun plans the same drift again.
bool is_unrecorded_adoption(const history::MigrationFile& file) {
  try {
    const std::string head = read_file(file.path).substr(0, 200);
    const auto second_line = head.find('\n');
    return head.rfind("-- migrate:up", 0) == 0 && second_line != std::string::npos &&
           head.compare(second_line + 1, 18, "-- pgdrift adopt: ") == 0;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

AdoptOptions default_adopt_options() {
  return with_dbmate_defaults<AdoptOptions>();
}

AdoptOutcome run_adopt(const AdoptOptions& options, Log& log) {
  const auto table = history::TableName::parse(options.migrations_table);
  // 1. The history's schema (H), the live one (L), and what differs.
  DriftScan scan = scan_drift_to_resolve(options, options.name, options.dry_run, "adopt", log);
  const auto leftovers =
      require_complete_history(scan, options, "pgdrift adopt", is_unrecorded_adoption);
  const model::Catalog& history = scan.expected;
  // The target is the history's schema with just the findings: not what ignore rules
  // silence, nor what the scan showed to be PostgreSQL re-deparsing; with --only, just
  // the picked ones.
  const diff::ChangeSet all_findings = scan.changes;
  scan.changes = pick_only(scan, options.only);
  const model::Catalog live = diff::apply_findings(history, *scan.actual, scan.changes);
  require_exactly_picked(history, live, scan.changes, "adopted");

  // 2. H -> L, cut into the parts dbmate runs.
  const plan::Plan plan = plan::plan_migration(history, live, plan::PlanOptions{options.online});
  for (const auto& rename : plan.possible_renames) {
    log.warn("possible rename, written as drop and add: " + rename);
  }
  const std::vector<plan::Plan> parts = plan::plan_parts(plan);
  if (parts.empty()) {
    throw Error(ErrorCategory::kUnsupported,
                "the findings need no statement to adopt (the planner sees no difference); "
                "nothing was written");
  }

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
  const DbmateFiles files = dbmate_files(options.migrations_dir, name, parts, downs, true,
                                         adopt_labels(scan, options, !options.only.empty()));
  AdoptOutcome outcome;
  outcome.finding_count = scan.changes.findings.size();
  if (options.dry_run) {
    outcome.printed = "dry run: nothing was written. pgdrift adopt would write:\n";
    for (size_t k = 0; k < files.paths.size(); ++k) {
      outcome.printed += "\n-- " + files.paths[k] + "\n" + files.texts[k];
    }
    for (const auto& leftover : leftovers) {
      outcome.printed += "\nand remove " + leftover.path + ", left by an interrupted adoption";
    }
    outcome.printed += "\nand then run, in one transaction with the files put in place:\n";
    for (const auto& version : files.versions) {
      outcome.printed +=
          "  INSERT INTO " + table.sql() + " (version) VALUES (" + quote_literal(version) + ");\n";
    }
    return outcome;
  }
  auto conn = connect_live(options.source.url);
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
  write.after_commit = [&] {
    std::error_code ec;
    for (const auto& leftover : leftovers) std::filesystem::remove(leftover.path, ec);
  };
  write.unknown_outcome_advice =
      "run `pgdrift check`: clean means it was, else run pgdrift adopt again, which replaces "
      "the unrecorded file";
  const bool interrupted_after_commit = history::run_recorded_write(conn, write);
  outcome.written = files.paths;
  outcome.versions = files.versions;

  // 5. The history store: this run with every finding it saw, the adopted ones resolved by
  //    the versions that hold them now.
  if (scan.store) {
    try {
      store::RunRecord run;
      run.started_at = scan.started_at;
      run.database = scan.database;
      run.command = "adopt";
      run.server_version_num = scan.server_version;
      run.status = "drift";
      run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - scan.started)
                            .count();
      run.migration_role = scan.migration_role;
      scan.store->record_run(run, all_findings);
      std::string by = "adopted in " + files.versions.front();
      if (files.versions.size() > 1) by += " to " + files.versions.back();
      scan.store->resolve_findings(scan.database, scan.changes, utc_now_iso(), by);
    } catch (const Error& e) {
      log.warn("the adoption is recorded, but the history store was not updated: " +
               std::string(e.what()));
    }
  }
  if (interrupted_after_commit) {
    outcome.printed += "interrupted after the commit: the adoption below is complete\n";
  }
  for (const auto& path : files.paths) outcome.printed += "wrote " + path + "\n";
  for (const auto& leftover : leftovers) {
    outcome.printed += "removed " + leftover.path + ", left unrecorded by an interrupted run\n";
  }
  outcome.printed += "recorded " + plural(files.versions.size(), "version") + " as applied in " +
                     table.display() + " (the database already has these changes; nothing " +
                     "else was run on it): " + plural(outcome.finding_count, "finding") +
                     " adopted\nnext: commit the file(s); `pgdrift check` is clean and " +
                     "`dbmate status` shows them applied\n";
  return outcome;
}

}  // namespace pgdrift::app

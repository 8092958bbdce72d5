#include "app/revert.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/dbmate_env.h"
#include "app/dbmate_plan.h"
#include "app/migration_naming.h"
#include "app/picked_findings.h"
#include "app/plan_proof.h"
#include "app/revert_guards.h"
#include "pg/session.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

diff::ChangeType opposite(diff::ChangeType change) {
  if (change == diff::ChangeType::kAdded) return diff::ChangeType::kRemoved;
  if (change == diff::ChangeType::kRemoved) return diff::ChangeType::kAdded;
  return change;
}

// The picked findings seen from the other side: what differs from the live schema to the
// history's, limited to the picked objects (and, where --only narrowed one to its owner
// or privileges, to those fields), so ignored drift and re-deparsed texts stay as they are.
diff::ChangeSet taken_back(const diff::ChangeSet& picked, const model::Catalog& live,
                           const model::Catalog& history) {
  std::map<std::string, const diff::Finding*> by_key;
  for (const auto& f : picked.findings) {
    diff::Finding flipped = f;
    flipped.change = opposite(f.change);
    by_key[diff::finding_key(flipped)] = &f;
  }
  diff::ChangeSet back;
  for (auto f : diff::compare(live, history).findings) {
    const auto it = by_key.find(diff::finding_key(f));
    if (it == by_key.end()) continue;
    if (f.change == diff::ChangeType::kChanged) {
      std::set<std::string> fields;
      for (const auto& field : it->second->fields) fields.insert(field.field);
      std::erase_if(f.fields, [&](const diff::FieldChange& c) { return !fields.count(c.field); });
    }
    back.findings.push_back(std::move(f));
  }
  return back;
}

// The header: where the file starts and ends, each finding it takes back with when the
// history store first saw it, and what its down section does where.
plan::PlanLabels revert_labels(DriftScan& scan, const RevertOptions& options,
                               const diff::ChangeSet& picked, const plan::Plan& plan,
                               const model::Catalog& live) {
  const auto first_seen = first_seen_by_key(scan);
  plan::PlanLabels labels{
      "the live schema of " + scan.target,
      "what the " + plural(scan.replayed_files.size(), "applied migration") + " in " +
          options.migrations_dir + " build" +
          (options.only.empty() ? "" : ", only for what --only picks (the rest stays drift)")};
  labels.title = "pgdrift revert: " + plural(picked.findings.size(), "finding") +
                 " of pgdrift check taken back (a pending migration: review it, run pgdrift "
                 "gate, then dbmate up)";
  for (const auto& f : picked.findings) {
    const auto seen = first_seen.find(diff::finding_key(f));
    labels.notes.push_back("reverts: " + f.kind + " " + f.object + " " +
                           diff::change_name(f.change) +
                           (f.summary.empty() ? "" : " (" + f.summary + ")") + ", first seen " +
                           (seen != first_seen.end() ? seen->second : "by this run"));
  }
  labels.notes.push_back(
      "Where the drift is absent (an environment the history built), the up section does "
      "nothing: proven on the applied migrations replayed as " +
      scan.migration_role + " on PostgreSQL " +
      std::to_string(pg::server_major(scan.server_version)) +
      ". The down section puts the drift back wherever it runs: roll back only where the "
      "drift was taken back.");
  // Objects made by hand are often another role's: dbmate, as the migration role, may not
  // be allowed to change them.
  std::set<std::string> owners;
  for (const auto& s : plan.statements) {
    const auto* o = live.find(s.object);
    if (o && o->owner && *o->owner != scan.migration_role) owners.insert(*o->owner);
  }
  for (const auto& owner : owners) {
    labels.notes.push_back("Changes objects owned by " + owner + ", not by the migration role " +
                           scan.migration_role +
                           ": run it as a role allowed to (their owner or a superuser).");
  }
  return labels;
}

}  // namespace

RevertOptions default_revert_options() {
  return with_dbmate_defaults<RevertOptions>();
}

RevertOutcome run_revert(const RevertOptions& options, Log& log) {
  // 1. The live schema (L), the history's (H), and what differs.
  DriftScan scan = scan_drift_to_resolve(options, options.name, options.dry_run, "revert", log);
  require_complete_history(scan, options, "pgdrift revert");
  const diff::ChangeSet picked = pick_only(scan, options.only);
  const model::Catalog& live = *scan.actual;
  const model::Catalog& history = scan.expected;
  // The target is the live schema with just the picked findings taken back.
  const diff::ChangeSet back = taken_back(picked, live, history);
  const model::Catalog target = diff::apply_findings(live, history, back);
  require_exactly_picked(live, target, back, "reverted");

  // 2. L -> H, cut into the parts dbmate runs.
  // A changed index is rebuilt in a (guarded) transaction: built concurrently, it would be
  // rebuilt on every environment where the drift is absent too.
  const plan::Plan plan = [&] {
    try {
      return plan::plan_migration(live, target, plan::PlanOptions{options.online, false});
    } catch (const Error& e) {
      if (e.category() != ErrorCategory::kUnsupported) throw;
      throw Error(ErrorCategory::kUnsupported,
                  std::string(e.what()) +
                      "; take back the rest with --only, or adopt what cannot be taken back; "
                      "nothing was written");
    }
  }();
  for (const auto& rename : plan.possible_renames) {
    log.warn("possible rename, written as drop and add: " + rename);
  }
  const std::vector<plan::Plan> parts = plan::plan_parts(plan);
  if (parts.empty()) {
    throw Error(ErrorCategory::kUnsupported,
                "the findings need no statement to take back (the planner sees no "
                "difference); nothing was written");
  }

  // 3. Where each part has work to do, then proven: the live schema replayed + up gives
  //    the target, the down sections go back, and on the applied migrations replayed (as
  //    every other environment has them) no part runs.
  LiveSource reading = options.source;
  reading.named_schemas_required = false;
  // The live roles first, with their attributes and memberships (the history replays as
  // the migration role), then what else the catalogs name.
  shadow::ShadowOptions shadow_options = options.shadow;
  shadow_options.relations = std::max(shadow_options.relations, scan.live_relations);
  auto shadow = shadow::start_shadow(shadow_options, pg::server_major(scan.server_version), log);
  shadow->create_roles(scan.roles, log);
  shadow->create_tablespaces(scan.tablespaces, log);
  create_proof_roles(*shadow, live, target, log);
  const auto guards =
      find_guards(*shadow, live, parts, revert_targets(back, live, target, parts), log);
  const auto downs = prove_both_ways(*shadow, live, target, plan, reading, log, {}, &guards);
  require_nothing_runs_on_history(*shadow, scan, parts, guards, log);
  shadow.reset();
  log.info(
      "proven: applied in the shadow, the revert turns the live schema into what the history "
      "builds, changes nothing where the drift is absent, and each down section goes back");

  // 4. The files, pending: the team applies them as any migration.
  const std::string name = "revert" + (options.name.empty() ? "" : "_" + options.name);
  const DbmateFiles files = dbmate_files(options.migrations_dir, name, parts, downs, true,
                                         revert_labels(scan, options, picked, plan, live), &guards);
  RevertOutcome outcome;
  outcome.finding_count = picked.findings.size();
  for (const auto& s : plan.statements) outcome.hazard_count += s.hazards.size();
  if (options.dry_run) {
    outcome.printed = "dry run: nothing was written. pgdrift revert would write:\n";
    for (size_t k = 0; k < files.paths.size(); ++k) {
      outcome.printed += "\n-- " + files.paths[k] + "\n" + files.texts[k];
    }
    return outcome;
  }
  write_all_or_none(files);
  outcome.written = files.paths;
  for (const auto& path : files.paths) outcome.printed += "wrote " + path + "\n";
  outcome.printed +=
      plural(outcome.finding_count, "finding") + " taken back by a pending migration" +
      (outcome.hazard_count
           ? "; " + plural(outcome.hazard_count, "hazard") + " listed in its header (review them)"
           : "") +
      "\nnext: review and commit the file(s), run `pgdrift gate`, then `dbmate up`; "
      "`pgdrift check` is clean after, and `dbmate rollback` puts the drift back\n";
  return outcome;
}

}  // namespace pgdrift::app

#include "app/apply.h"

#include <cctype>
#include <memory>

#include "app/dbmate_env.h"
#include "app/drift_scan.h"
#include "app/plan_proof.h"
#include "app/schema_source.h"
#include "baseline/baseline_file.h"
#include "history/tracking_table.h"
#include "pg/interrupt.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

// A database whose tracking table records applied versions is a tracked one.
void refuse_tracked_database(pg::Connection& conn, const ApplyOptions& options) {
  if (options.force) return;
  const auto table = history::TableName::parse(options.migrations_table);
  const auto state = history::inspect_table(conn, table);
  if (!state.exists || state.rows == 0) return;
  throw Error(ErrorCategory::kInput,
              conn.target() + " has " + std::to_string(state.rows) + " applied migration(s) in " +
                  table.display() +
                  ": apply is for development databases, not tracked ones; use `pgdrift new` "
                  "for a migration, or add --force if this database is a dev one");
}

// The rules whose statements lose data.
bool loses_data(const plan::Statement& s) {
  for (const auto& h : s.hazards) {
    if (h.rule == "drop-table" || h.rule == "drop-column") return true;
  }
  return false;
}

// "Drop view public.daily_stats": what a statement does, in a word and its object.
std::string statement_line(const plan::Statement& s) {
  std::string action = plan::action_name(s.action);
  action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
  return action + " " + model::describe(s.object);
}

}  // namespace

std::string apply_report(const ApplyOutcome& outcome, const std::string& schema_dir) {
  if (!outcome.data_loss.empty()) {
    std::string text =
        "not applied: these statements lose data (run again with --allow-data-loss to apply "
        "them):\n";
    for (const auto& line : outcome.data_loss) text += "  - " + line + "\n";
    return text;
  }
  if (outcome.applied.empty()) {
    return "the database matches the schema files in " + schema_dir + ": nothing to do\n";
  }
  std::string text;
  for (const auto& line : outcome.applied) text += "\u2713 " + line + "\n";
  return text + "applied " + std::to_string(outcome.applied.size()) + " statement(s)\n";
}

ApplyOptions default_apply_options() {
  ApplyOptions options;
  options.migrations_table = dbmate_migrations_table();
  options.migrations_dir = dbmate_migrations_dir();
  return options;
}

ApplyOutcome run_apply(const ApplyOptions& options, Log& log) {
  require_schema_folder(options.schema_dir);
  // 1. The dev database as it is (its migration tool's tables left out), if it is one.
  auto conn = connect_live(options.source.url);
  refuse_tracked_database(conn, options);
  const int major = conn.server_version() / 10000;
  model::Catalog dev = [&] {
    pg::begin_read_snapshot(conn, options.source.session);
    auto catalog = read_session_catalog(conn, options.source, log);
    const auto table = history::TableName::parse(options.migrations_table);
    const auto tracking = tracking_tables_of(table, catalog, options.migrations_dir);
    return baseline::without_tables(std::move(catalog), tracking);
  }();
  // 2. The files, in a shadow of the dev server's major.
  std::unique_ptr<shadow::Shadow> shadow;
  const ShadowProvider provider = [&]() -> shadow::Shadow& {
    if (!shadow) {
      shadow::ShadowOptions sized = options.shadow;
      sized.relations = std::max({sized.relations, model::relation_count(dev),
                                  relations_locked_estimate(options.schema_dir)});
      shadow = shadow::start_shadow(sized, major, log);
    }
    return *shadow;
  };
  LiveSource reading = options.source;
  reading.named_schemas_required = false;
  const model::Catalog desired = with_context("the schema files", [&] {
    return load_schema_source(options.schema_dir, reading, provider, log);
  });
  // 3. The plan, in plain forms; what loses data only when allowed.
  const plan::Plan plan = plan::plan_migration(dev, desired, plan::PlanOptions{false});
  ApplyOutcome outcome;
  if (plan.empty()) return outcome;
  if (!options.allow_data_loss) {
    for (const auto& s : plan.statements) {
      if (!loses_data(s)) continue;
      for (const auto& h : s.hazards) outcome.data_loss.push_back(h.message);
    }
    if (!outcome.data_loss.empty()) return outcome;
  }
  // 4. Proven in the shadow, then run on the dev database, part by part.
  create_proof_roles(provider(), dev, desired, log);
  prove_plan(provider(), dev, desired, plan, {"plan", "the dev database", "the schema files"},
             reading, log);
  auto writer = connect_live(options.source.url);
  const auto parts = plan::plan_parts(plan);
  // Ctrl-C cancels the running part, which the server rolls back; parts committed before
  // it stay, and the message says which.
  pg::CancelOnInterrupt interruptible(writer);
  for (size_t k = 0; k < parts.size(); ++k) {
    try {
      if (interruptible.interrupted()) throw Error(ErrorCategory::kInterrupted, "interrupted");
      with_context("applying to " + writer.target(),
                   [&] { writer.run_script(plan::part_run(parts[k])); });
    } catch (const Error&) {
      if (!interruptible.interrupted()) throw;
      throw Error(ErrorCategory::kInterrupted,
                  k == 0 ? "interrupted: the statements were cancelled and rolled back, so " +
                               writer.target() + " is as it was before this round"
                         : "interrupted after " + std::to_string(k) + " of " +
                               std::to_string(parts.size()) + " parts were committed, so " +
                               writer.target() +
                               " is between its schema and the files'; run pgdrift apply again "
                               "to finish");
    }
    for (const auto& s : parts[k].statements) outcome.applied.push_back(statement_line(s));
  }
  interruptible.mark_committed();
  return outcome;
}

}  // namespace pgdrift::app

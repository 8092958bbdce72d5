#include "app/baseline.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "app/dbmate_env.h"
#include "app/migration_naming.h"
#include "baseline/baseline_file.h"
#include "pg/conninfo.h"
#include "render/sql.h"
#include "util/error.h"

namespace pgdrift::app {

BaselineOptions default_baseline_options() {
  BaselineOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

BaselineOutcome run_baseline(const BaselineOptions& request, Log& log) {
  require_file_name_part(request.name);
  BaselineOutcome outcome;
  BaselineOptions options = request;
  options.source.session.lock_timeout = request.lock_timeout;
  baseline::RescueOptions rescue;
  rescue.migrations_dir = request.migrations_dir;
  rescue.migrations_table = history::TableName::parse(request.migrations_table);
  if (!request.legacy_table.empty())
    rescue.legacy_table = history::TableName::parse(request.legacy_table);
  rescue.name = request.name;
  rescue.lock_timeout = request.lock_timeout;
  auto conn = connect_live(options.source.url);
  const std::string version = utc_version();
  baseline::RescuePlan plan = baseline::plan_rescue(conn, rescue, version);
  if (plan.already_baselined) {
    outcome.already_baselined = true;
    outcome.report.push_back("already baselined: " + rescue.migrations_table.display() +
                             " records version " + plan.already_baselined->version + " (" +
                             plan.already_baselined->path + "); nothing to do");
    outcome.report.push_back("next: run `pgdrift check` to compare the database with its history");
    return outcome;
  }

  // The snapshot, without the tracking tables (dbmate's and the legacy one).
  model::Catalog catalog = read_live_catalog(options.source, log);
  std::vector<model::QualifiedName> tracking{
      {rescue.migrations_table.schema, rescue.migrations_table.name}};
  if (plan.legacy) {
    tracking.push_back({plan.legacy->schema, plan.legacy->name});
    tracking.push_back({plan.legacy->schema, plan.legacy_new_name});
  }
  catalog = baseline::without_tables(std::move(catalog), tracking);
  baseline::BaselineHeader header{
      version, conn.target(), catalog.server_version_num, catalog.objects.size(), {}, {}};
  // The tables that exist after the rescue (dbmate's and the renamed legacy one).
  header.left_out_tables.push_back(tracking.front());
  if (plan.legacy) header.left_out_tables.push_back({plan.legacy->schema, plan.legacy_new_name});
  header.redacted_credentials = model::objects_with_redacted_credentials(catalog);
  header.relations = model::relation_count(catalog);
  if (const size_t slots = baseline::baseline_lock_slots_needed(header.relations)) {
    log.warn("the baseline creates about " + std::to_string(header.relations) +
             " relations in one transaction: a server that replays it may need "
             "max_locks_per_transaction = " +
             std::to_string(slots) + " or more (with max_connections = 100); see its header");
  }
  const std::string text = baseline::baseline_file_text(header, render::render_sql(catalog));

  if (options.dry_run) {
    outcome.report.push_back("dry run: nothing was written. pgdrift baseline would write " +
                             plan.file_path + ":");
    outcome.report.push_back(text);
    outcome.report.push_back("and then run, in one transaction:");
    for (const auto& statement : plan.statements) outcome.report.push_back("  " + statement + ";");
    return outcome;
  }

  const bool interrupted_after_commit = baseline::execute_rescue(conn, rescue, plan, text);
  if (interrupted_after_commit) {
    outcome.report.push_back("interrupted after the commit: the baseline below is complete");
  }
  outcome.report.push_back("wrote " + plan.file_path + " (" +
                           std::to_string(catalog.objects.size()) + " objects)");
  if (plan.legacy) {
    outcome.report.push_back("renamed " + plan.legacy->display() + " to " + plan.legacy->schema +
                             "." + plan.legacy_new_name + " (" + std::to_string(plan.legacy_rows) +
                             " rows kept)");
  }
  if (plan.create_tracking_table) {
    outcome.report.push_back("created " + rescue.migrations_table.display() +
                             " (dbmate's tracking table)");
  }
  outcome.report.push_back("recorded version " + version + " as applied");
  for (const auto& leftover : plan.leftover_baselines) {
    outcome.report.push_back("removed " + leftover.path +
                             ", an unapplied baseline left by an interrupted run");
  }
  outcome.report.push_back("next: run `dbmate status` (1 applied, 0 pending), then commit " +
                           plan.file_path);
  return outcome;
}

}  // namespace pgdrift::app

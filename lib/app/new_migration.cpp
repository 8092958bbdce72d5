#include "app/new_migration.h"

#include "app/dbmate_env.h"
#include "app/migration_naming.h"
#include "app/schema_source.h"
#include "util/error.h"

namespace pgdrift::app {

NewMigrationOptions default_new_migration_options() {
  NewMigrationOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  return options;
}

std::string new_migration_report(const PlanOutcome& outcome) {
  if (outcome.written.empty()) {
    return "the migrations already build the schema files: no migration written\n";
  }
  std::string text;
  for (const auto& path : outcome.written) text += "wrote " + path + "\n";
  return text + std::to_string(outcome.statement_count) + " statement(s), " +
         std::to_string(outcome.hazard_count) + " hazard(s)" +
         (outcome.proven ? ", proven both ways in a shadow" : "") + "\n";
}

PlanOutcome run_new_migration(const NewMigrationOptions& options, Log& log) {
  require_file_name_part(options.name, "the migration's NAME");
  require_schema_folder(options.schema_dir);
  require_apart(options.schema_dir, options.migrations_dir);
  PlanOptions plan = default_plan_options();
  plan.from = std::string(kDbmatePrefix) + options.migrations_dir;
  plan.to = options.schema_dir;
  plan.format = "dbmate";
  plan.migrations_dir = options.migrations_dir;
  plan.name = options.name;
  plan.online = options.online;
  plan.shadow = options.shadow;
  plan.filter = options.filter;
  return run_plan(plan, log);
}

}  // namespace pgdrift::app

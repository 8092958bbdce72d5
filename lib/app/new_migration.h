// app/new_migration.h — the `pgdrift new NAME` use case: the migration the schema files ask for.
//
// In schema-first work the files say what the schema should be; the migration that takes
// the history there (every file of the migrations folder replayed in a shadow) is planned,
// proven both ways and written as `plan --format dbmate` writes it.
#pragma once

#include <string>
#include <vector>

#include "app/plan.h"

namespace pgdrift::app {

struct NewMigrationOptions {
  std::string name;                              ///< the file is <version>_<name>.sql
  std::string schema_dir;                        ///< the desired schema, as files
  std::string migrations_dir = "db/migrations";  ///< the history, and where the file goes
  bool online = true;                            ///< online forms (plan's --offline)
  shadow::ShadowOptions shadow;
  catalog::ReadOptions filter;
};

/// Options with dbmate's default folder ($DBMATE_MIGRATIONS_DIR, else ./db/migrations).
NewMigrationOptions default_new_migration_options();

/// The files written, their statements and hazards, or that there was nothing to write.
std::string new_migration_report(const PlanOutcome& outcome);

/// Plans the history -> the files and writes the dbmate file(s), proven; none when they
/// are the same (outcome.written empty). Throws as run_plan does, nothing written then.
PlanOutcome run_new_migration(const NewMigrationOptions& options, Log& log);

}  // namespace pgdrift::app

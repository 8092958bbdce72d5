// app/validate.h — the `pgdrift validate` use case: do the migrations build the schema files?
//
// For CI in schema-first work: the history (every file of the migrations folder, replayed
// in version order in a shadow) and the schema folder (loaded in the same shadow) read
// with the same reader and compared. A pull request that edits a schema file but has no
// migration for it, or edits a migration so that it no longer matches the files, differs.
#pragma once

#include <string>

#include "app/snapshot.h"
#include "diff/change_set.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct ValidateOptions {
  std::string schema_dir;                        ///< the desired schema, as files
  std::string migrations_dir = "db/migrations";  ///< the history
  std::string format = "text";                   ///< text or json
  bool color = false;
  shadow::ShadowOptions shadow;
  catalog::ReadOptions filter;
};

/// Options with dbmate's default folder ($DBMATE_MIGRATIONS_DIR, else ./db/migrations).
ValidateOptions default_validate_options();

struct ValidateOutcome {
  diff::ChangeSet changes;  ///< from the history's schema to the files'
  std::string output;       ///< the report, text or JSON
};

/// Replays and loads both, compares them. Throws Error(kInput) when a migration does not
/// replay or a file never loads (naming it), Error(kUsage) for a bad format.
ValidateOutcome run_validate(const ValidateOptions& options, Log& log);

}  // namespace pgdrift::app

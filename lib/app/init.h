// app/init.h — the `pgdrift init` use case: the schema as files, for schema-first work.
//
// Reads the live schema (or the one the migration history builds, replayed in a shadow)
// and writes it as the tree of render/schema_files.h under a folder: the desired schema
// that `validate`, `new` and `apply` take from then on.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct InitOptions {
  LiveSource source;          ///< the live database (unless from_history)
  std::string schema_dir;     ///< where the files go
  bool from_history = false;  ///< the schema the migrations build, not the live one
  std::string migrations_dir = "db/migrations";
  std::string migrations_table = "schema_migrations";  ///< left out of the files
  shadow::ShadowOptions shadow;
  bool force = false;  ///< replace the .sql files of a folder that has some
};

/// Options with dbmate's defaults ($DBMATE_MIGRATIONS_DIR, $DBMATE_MIGRATIONS_TABLE).
InitOptions default_init_options();

struct InitOutcome {
  size_t files = 0;                  ///< files written
  size_t objects = 0;                ///< objects in them
  std::vector<std::string> removed;  ///< files of an older tree removed (with force)
};

/// What init wrote and removed, for people.
std::string init_report(const InitOutcome& outcome, const std::string& schema_dir);

/// Writes the files, all or none. Throws Error(kInput) when the folder already holds
/// files and force is off, or when the folder is a file; nothing is written then.
InitOutcome run_init(const InitOptions& options, Log& log);

}  // namespace pgdrift::app

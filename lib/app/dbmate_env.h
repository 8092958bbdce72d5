// app/dbmate_env.h — dbmate's defaults, from its own environment variables.
#pragma once

#include <string>

namespace pgdrift::app {

/// $DBMATE_MIGRATIONS_DIR, else ./db/migrations (dbmate's default).
std::string dbmate_migrations_dir();

/// $DBMATE_MIGRATIONS_TABLE, else schema_migrations (dbmate's default).
std::string dbmate_migrations_table();

/// \a Options (with migrations_dir and migrations_table) with dbmate's defaults.
template <class Options>
Options with_dbmate_defaults() {
  Options options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

}  // namespace pgdrift::app

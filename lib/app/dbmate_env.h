// app/dbmate_env.h — dbmate's defaults, from its own environment variables.
#pragma once

#include <string>

namespace pgdrift::app {

/// $DBMATE_MIGRATIONS_DIR, else ./db/migrations (dbmate's default).
std::string dbmate_migrations_dir();

/// $DBMATE_MIGRATIONS_TABLE, else schema_migrations (dbmate's default).
std::string dbmate_migrations_table();

}  // namespace pgdrift::app

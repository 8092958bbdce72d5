#include "app/dbmate_env.h"

#include <cstdlib>

namespace pgdrift::app {
namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

}  // namespace

std::string dbmate_migrations_dir() {
  return env_or("DBMATE_MIGRATIONS_DIR", "./db/migrations");
}

std::string dbmate_migrations_table() {
  return env_or("DBMATE_MIGRATIONS_TABLE", "schema_migrations");
}

}  // namespace pgdrift::app

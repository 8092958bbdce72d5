#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "history/migration_files.h"
#include "history/tracking_table.h"
#include "util/error.h"

using namespace pgdrift;

TEST_CASE("dbmate's version is the digits before the first underscore", "[history]") {
  CHECK(history::migration_version("20240101000000_create_users.sql") == "20240101000000");
  CHECK(history::migration_version("1_a_b.sql") == "1");
  CHECK(history::migration_version("create_users.sql").empty());
  CHECK(history::migration_version("2024_x.txt").empty());
  CHECK(history::migration_version("_x.sql").empty());
  CHECK(history::migration_version("12a_x.sql").empty());
}

TEST_CASE("migration files are listed in version order, other files ignored", "[history]") {
  char dir[] = "/tmp/pgdrift-files-XXXXXX";
  REQUIRE(mkdtemp(dir));
  for (const char* name :
       {"20240102000000_b.sql", "20240101000000_a.sql", "README.md", "notes_x.sql"}) {
    std::ofstream(std::string(dir) + "/" + name) << "-- migrate:up\n";
  }
  const auto files = history::list_migration_files(dir);
  REQUIRE(files.size() == 2);
  CHECK(files[0].filename == "20240101000000_a.sql");
  CHECK(files[1].version == "20240102000000");
  // Issue 17: a mistyped --migrations-dir is trouble, not an empty history; only the
  // rescue, which creates the directory, takes a missing one as empty.
  const std::string missing = std::string(dir) + "/missing";
  CHECK(history::list_migration_files(missing, history::MissingDirectory::kHasNoFiles).empty());
  try {
    (void)history::list_migration_files(missing);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.category() == ErrorCategory::kInput);
    CHECK(std::string(e.what()).find(missing + " does not exist") != std::string::npos);
  }
  CHECK_THROWS_AS(history::list_migration_files(std::string(dir) + "/README.md"), Error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("tracking table names parse with an optional schema", "[history]") {
  CHECK(history::TableName::parse("schema_migrations").display() == "public.schema_migrations");
  CHECK(history::TableName::parse("ops.Migrations").sql() == "ops.\"Migrations\"");
  CHECK_THROWS_AS(history::TableName::parse("ops."), Error);
  CHECK(history::create_dbmate_table_sql(history::TableName::parse("schema_migrations")) ==
        "CREATE TABLE public.schema_migrations (version character varying NOT NULL, CONSTRAINT "
        "schema_migrations_pkey PRIMARY KEY (version))");
}

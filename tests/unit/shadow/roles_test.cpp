#include <catch2/catch.hpp>

#include "shadow/binaries.h"
#include "shadow/roles.h"
#include "shadow/shadow.h"

using namespace pgdrift;

TEST_CASE("roles are created NOLOGIN with their attributes, then their memberships", "[shadow]") {
  shadow::RoleSpec app{"app", false, true, false, true, false, {"readers"}};
  shadow::RoleSpec readers{"readers", false, false, false, false, true, {}};
  shadow::RoleSpec boss{"postgres", true, false, false, true, false, {}};
  const auto sql = shadow::create_roles_sql({app, readers, boss}, {"postgres"});
  CHECK(sql == std::vector<std::string>{"CREATE ROLE app NOLOGIN CREATEDB",
                                        "CREATE ROLE readers NOLOGIN NOINHERIT BYPASSRLS",
                                        "GRANT readers TO app"});
}

TEST_CASE("a shadow database copies encoding and locale", "[shadow]") {
  shadow::DatabaseSpec spec;
  spec.encoding = "LATIN1";
  spec.lc_collate = "de_DE";
  spec.lc_ctype = "de_DE";
  CHECK(shadow::create_database_options(spec, 150000) ==
        "TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'de_DE' LC_CTYPE 'de_DE'");
  spec.locale_provider = "i";
  spec.locale = "und";
  CHECK(
      shadow::create_database_options(spec, 160000).find("LOCALE_PROVIDER icu ICU_LOCALE 'und'") !=
      std::string::npos);
  CHECK(shadow::create_database_options(spec, 140000).find("icu") == std::string::npos);
}

TEST_CASE("server binaries are searched in the documented order", "[shadow]") {
  setenv("PGDRIFT_PG_BIN", "/from/env/12:/from/env/16", 1);
  const auto dirs = shadow::candidate_bindirs(16, std::string("/from/flag"));
  unsetenv("PGDRIFT_PG_BIN");
  REQUIRE(dirs.size() >= 4);
  CHECK(dirs[0] == "/from/flag");
  CHECK(dirs[1] == "/from/env/12");  // a list, like PATH
  CHECK(dirs[2] == "/from/env/16");
  CHECK(std::find(dirs.begin(), dirs.end(), "/usr/lib/postgresql/16/bin") != dirs.end());
  CHECK(std::find(dirs.begin(), dirs.end(), "/usr/local/lib/node_modules/pg16/native/bin") !=
        dirs.end());
  CHECK_FALSE(shadow::binaries_major("/nonexistent"));
}

TEST_CASE("no server binaries of the live major: one sentence with both ways out", "[shadow]") {
  CHECK_THROWS_WITH(shadow::find_server_binaries(99, std::nullopt),
                    Catch::Contains("no PostgreSQL 99 server binaries") &&
                        Catch::Contains("--pg-bin DIR") && Catch::Contains("--shadow-url URL"));
}

TEST_CASE("database grants to roles are repeated on the shadow database", "[shadow]") {
  shadow::DatabaseSpec spec;
  spec.grants = {{"CREATE", "app"}, {"TEMPORARY", "Odd Role"}};
  CHECK(shadow::database_grants_sql(spec, "shadow_1") ==
        std::vector<std::string>{"GRANT CREATE ON DATABASE shadow_1 TO app",
                                 "GRANT TEMPORARY ON DATABASE shadow_1 TO \"Odd Role\""});
}

TEST_CASE("a throwaway cluster's lock table fits the relations one transaction creates",
          "[shadow]") {
  // A few thousand relations fit the default.
  CHECK(shadow::lock_slots_per_process(0) == 4096);
  CHECK(shadow::lock_slots_per_process(50'000) == 4096);
  // A baseline of 100,000 tables creates about 600,000 relations in one transaction; the
  // lock table holds max_locks_per_transaction for each of about 40 processes.
  const size_t relations = 600'000;
  CHECK(static_cast<size_t>(shadow::lock_slots_per_process(relations)) * 40 >= relations);
  CHECK(static_cast<size_t>(shadow::lock_slots_per_process(relations)) * 40 <= relations * 2);
}

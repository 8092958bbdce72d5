// Schema files of real schemas (issue 22): for each single schema of the corpus, loaded
// into a database, `pgdrift init` writes its files, and the files load back (into the
// plan's shadow, in any order) into the same schema: planning from the database to the
// files finds nothing to do; and `apply` of the files to an empty database gives a
// database whose pg_dump is the original's.
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>

#include "corpus_cases.h"
#include "corpus_load.h"
#include "pgdrift_harness.h"

namespace pgdrift::test {

TEST_CASE("init's files of every single corpus schema load back into the same schema",
          "[schema-files]") {
  TestCluster& cluster = TestCluster::shared();
  for (const auto& role : corpus_roles("single")) {
    cluster.exec("postgres", "DO $$BEGIN CREATE ROLE " + role +
                                 "; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
  }
  int checked = 0;
  for (const auto& c : corpus_cases("single")) {
    if (!c.known_unloadable.empty()) continue;
    const std::string db = cluster.create_database("files");
    DroppedAtEnd dropper{cluster, {db}};
    INFO(c.name);
    REQUIRE(load_case(cluster, db, c).empty());
    const std::string dir = std::filesystem::temp_directory_path().string() + "/pgdrift-files-" +
                            std::to_string(::getpid()) + "-" + std::to_string(checked);
    std::filesystem::remove_all(dir);
    // The schemas' own tracking tables (Rails', ...) are part of what they hold here.
    const auto init = run_pgdrift({"init", "--url", cluster.conninfo(db), "--schema-dir", dir,
                                   "--migrations-table", "pgdrift_no_tracking_table"});
    INFO(init.out << init.err);
    REQUIRE(init.exit_code == 0);
    const auto plan = run_pgdrift({"plan", cluster.conninfo(db), dir, "--no-verify"});
    INFO(plan.out.substr(0, 3000) << plan.err);
    CHECK(plan.exit_code == 0);
    CHECK(plan.out.find("The two schemas are the same: nothing to do.") != std::string::npos);
    // Loaded into an empty database by `apply`: pg_dump cannot tell it from the original.
    const std::string copy = cluster.create_database("files_copy");
    dropper.dbs.push_back(copy);
    const auto applied = run_pgdrift({"apply", "--url", cluster.conninfo(copy), "--schema-dir",
                                      dir, "--shadow-url", cluster.url("postgres")});
    INFO(applied.out.substr(0, 2000) << applied.err);
    CHECK(applied.exit_code == 0);
    if (cluster.pg_dump_can_referee()) {
      const std::string original = pg_dump_schema(cluster, db);
      const std::string loaded = pg_dump_schema(cluster, copy);
      INFO("pg_dump differs: " << first_difference(original, loaded));
      CHECK(original == loaded);
    }
    std::cout << c.name << ": " << init.out;
    if (std::getenv("PGDRIFT_CORPUS_VERBOSE")) std::cout << plan.out << plan.err << "\n";
    std::filesystem::remove_all(dir);
    ++checked;
  }
  CHECK(checked > 5);
}

}  // namespace pgdrift::test

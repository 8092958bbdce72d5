// The planner's acceptance cases (tests/plan_cases/<case>/before.sql and after.sql), run
// as pg-schema-diff runs its own (STYLE.md §5), in both directions:
//   1. load BEFORE into database A and AFTER into database B;
//   2. plan A -> B and apply the plan to A as dbmate would (each transaction whole, each
//      statement that cannot run in one alone);
//   3. A must now be B: pg_dump of both equal (pgdrift diff empty where Debian's pg_dump
//      cannot dump the server), and planning A -> B again must give nothing;
//   4. the same from B back to a fresh copy of BEFORE.
// A case's expect.txt, when present, holds lines "hazard RULE" (the plan from BEFORE to
// AFTER carries exactly these rules of gate's, none other), "contains TEXT" (the plan's
// script holds TEXT: the form a case is about), "together A | B" (one part, a transaction
// or a statement run alone, holds both A and B), "offline" (plan both ways with the plain
// forms, as --offline does), "since 15" (run only on PostgreSQL 15 and later), and "up
// unsupported" / "down unsupported" (the planner must
// refuse that direction, saying it cannot plan it yet).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "diff/change_set.h"
#include "lint/rules.h"
#include "pgdrift_harness.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

struct Direction {
  std::string from_sql, to_sql;
  plan::PlanOptions options;
};

// Applies plan(from -> to) to a database holding FROM and checks it then equals TO.
struct Applied {
  std::set<std::string> hazards;   ///< the plan's hazard rule ids
  std::string script;              ///< plan_script()
  std::vector<std::string> parts;  ///< each part's statements (plan_parts())
};
Applied apply_and_compare(TestCluster& cluster, const Direction& d) {
  const std::string a = cluster.create_database("plan_from");
  const std::string b = cluster.create_database("plan_to");
  replay(cluster, a, d.from_sql);
  replay(cluster, b, d.to_sql);
  const model::Catalog target = read_catalog(cluster, b);
  const auto plan = plan::plan_migration(read_catalog(cluster, a), target, d.options);
  // The plan's statements are changes of every kind: a read of changes after them must
  // give what a whole read gives (read_changes_test.cpp has the traces they leave).
  const auto before = read_before_changes(cluster, a);
  Applied applied;
  for (const auto& s : plan.statements) {
    for (const auto& h : s.hazards) {
      INFO("a hazard must be one of gate's rules: " << h.rule);
      CHECK(lint::find_rule(h.rule) != nullptr);
      applied.hazards.insert(h.rule);
    }
  }
  applied.script = plan::plan_script(plan, {"before", "after"});
  for (const auto& part : plan::plan_parts(plan)) applied.parts.push_back(plan::part_body(part));
  INFO("the plan:\n" << applied.script);
  for (const auto& run : plan::plan_runs(plan)) REQUIRE_NOTHROW(replay(cluster, a, run));
  check_read_of_changes(cluster, a, before);
  if (cluster.pg_dump_can_referee()) {
    const std::string dump_a = pg_dump_schema(cluster, a);
    const std::string dump_b = pg_dump_schema(cluster, b);
    INFO("pg_dump differs: " << first_difference(dump_a, dump_b));
    CHECK(dump_a == dump_b);
  }
  // Not in the catalog model, but a migration must leave it as the target has it: a
  // materialized view that can be read.
  const std::string unpopulated =
      "SELECT count(*) FROM pg_catalog.pg_class WHERE relkind = 'm' AND NOT relispopulated";
  CHECK(cluster.query_value(a, unpopulated) == cluster.query_value(b, unpopulated));
  const model::Catalog result = read_catalog(cluster, a);
  const auto changes = diff::compare(result, target);
  for (const auto& f : changes.findings) {
    UNSCOPED_INFO("still differs: " << f.kind << " " << f.object << " "
                                    << diff::change_name(f.change));
  }
  CHECK(changes.empty());
  const auto again = plan::plan_migration(result, target, d.options);
  INFO("planning again gives:\n" << plan::plan_script(again, {"result", "after"}));
  CHECK(again.empty());
  cluster.exec("postgres", "DROP DATABASE " + a);
  cluster.exec("postgres", "DROP DATABASE " + b);
  return applied;
}

void refused(TestCluster& cluster, const Direction& d) {
  const std::string a = cluster.create_database("plan_from");
  const std::string b = cluster.create_database("plan_to");
  replay(cluster, a, d.from_sql);
  replay(cluster, b, d.to_sql);
  CHECK_THROWS_WITH(plan::plan_migration(read_catalog(cluster, a), read_catalog(cluster, b)),
                    Catch::Contains("cannot plan this migration yet"));
  cluster.exec("postgres", "DROP DATABASE " + a);
  cluster.exec("postgres", "DROP DATABASE " + b);
}

}  // namespace

TEST_CASE("planner acceptance cases: apply, compare with the target, plan again is empty",
          "[plan]") {
  auto& cluster = TestCluster::shared();
  cluster.exec("postgres",
               "DO $$BEGIN CREATE ROLE plan_reader; EXCEPTION WHEN duplicate_object THEN NULL; "
               "END$$; DO $$BEGIN CREATE ROLE plan_owner; EXCEPTION WHEN duplicate_object THEN "
               "NULL; END$$");
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(PGDRIFT_PLAN_CASES)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);
  const char* only = std::getenv("PGDRIFT_PLAN_CASE");  // one case by name, for debugging
  for (const auto& dir : cases) {
    if (only && *only && dir.filename() != only) continue;
    const std::string before = read_file((dir / "before.sql").string());
    const std::string after = read_file((dir / "after.sql").string());
    const auto expect =
        fs::exists(dir / "expect.txt") ? lines_of(dir / "expect.txt") : std::vector<std::string>{};
    auto expects = [&](const std::string& line) {
      return std::find(expect.begin(), expect.end(), line) != expect.end();
    };
    const plan::PlanOptions options{!expects("offline")};
    // "since 15": a case about what differs from PostgreSQL 15 on (the public schema's
    // owner and privileges) runs only there.
    if (expects("since 15") && cluster.server_major() < 15) continue;
    DYNAMIC_SECTION(dir.filename().string()) {
      if (expects("up unsupported")) {
        refused(cluster, {before, after, options});
      } else {
        const auto applied = apply_and_compare(cluster, {before, after, options});
        std::set<std::string> expected_hazards;
        for (const auto& line : expect) {
          if (line.rfind("hazard ", 0) == 0) expected_hazards.insert(line.substr(7));
          if (line.rfind("contains ", 0) == 0) {
            INFO("the plan should contain " << line.substr(9) << ":\n" << applied.script);
            CHECK(applied.script.find(line.substr(9)) != std::string::npos);
          }
          if (line.rfind("together ", 0) == 0) {
            const std::string both = line.substr(9);
            const auto bar = both.find(" | ");
            REQUIRE(bar != std::string::npos);
            const std::string first = both.substr(0, bar), second = both.substr(bar + 3);
            INFO("one part of the plan should hold both " << first << " and " << second << ":\n"
                                                          << applied.script);
            CHECK(std::any_of(applied.parts.begin(), applied.parts.end(), [&](const auto& p) {
              return p.find(first) != std::string::npos && p.find(second) != std::string::npos;
            }));
          }
        }
        CHECK(applied.hazards == expected_hazards);
      }
      if (expects("down unsupported")) {
        refused(cluster, {after, before, options});
      } else {
        apply_and_compare(cluster, {after, before, options});
      }
    }
  }
}

}  // namespace pgdrift::test

// A revert's parts under guards (plan/plan_text.h): a transaction runs inside a DO block
// only when its conditions hold; a statement outside a transaction does nothing where it
// was done.
#include <catch2/catch.hpp>

#include "plan/plan_text.h"
#include "util/error.h"

namespace pgdrift::plan {
namespace {

Statement statement_of(const std::string& sql, bool outside = false) {
  Statement s;
  s.object = model::ObjectId{model::ObjectKind::kIndex, "public", "", "orders_note", ""};
  s.action = Action::kDrop;
  s.sql = sql;
  s.outside_transaction = outside;
  s.section = outside ? 2 : 1;
  return s;
}

}  // namespace

TEST_CASE("a guarded transaction runs inside a DO block under all its conditions", "[plan]") {
  Plan part;
  part.statements.push_back(statement_of("DROP POLICY p ON public.orders;\n"));
  part.statements.push_back(
      statement_of("CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $pgdrift$ SELECT 1 "
                   "$pgdrift$;\n"));
  const Guard guard{{{"EXISTS (SELECT 1)", "policy p on public.orders exists"},
                     {"NOT EXISTS (SELECT 2)", "a name\nwith a line break"}}};
  const std::string body = part_body(part, &guard);
  INFO(body);
  // The function's own quote is $pgdrift$: the block takes another tag.
  CHECK(body.find("DO $pgdrift_1$\nDECLARE\n") != std::string::npos);
  // The conditions are asked in the reader's output styles, which are then put back.
  CHECK(body.find("pg_catalog.set_config('TimeZone', 'UTC', true);\n"
                  "pgdrift_drift_is_here := EXISTS (SELECT 1)  -- policy p on public.orders "
                  "exists\n  AND NOT EXISTS (SELECT 2)  -- a name with a line break\n;\n") !=
        std::string::npos);
  CHECK(body.find("pg_catalog.set_config('TimeZone', pgdrift_styles[4], true);\n"
                  "IF pgdrift_drift_is_here THEN\n") != std::string::npos);
  // Each statement is a string for EXECUTE, quoted apart from the block.
  CHECK(body.find("EXECUTE $pgdrift_sql$DROP POLICY p ON public.orders;\n$pgdrift_sql$;\n") !=
        std::string::npos);
  CHECK(body.find("EXECUTE $pgdrift_sql$CREATE FUNCTION public.f()") != std::string::npos);
  CHECK(body.ends_with("END IF;\nEND\n$pgdrift_1$;\n"));
  // The settings come first, outside the block.
  CHECK(body.rfind("SET LOCAL search_path = '';\n", 0) == 0);
  CHECK(part_run(part, &guard).rfind("BEGIN;\n", 0) == 0);

  const Guard none;
  CHECK_THROWS_AS(part_body(part, &none), Error);
}

TEST_CASE("a guarded statement outside a transaction is written IF [NOT] EXISTS", "[plan]") {
  Plan build;
  build.statements.push_back(statement_of(
      "CREATE UNIQUE INDEX CONCURRENTLY orders_key ON public.orders USING btree (id);\n", true));
  const Guard guard;
  CHECK(part_body(build, &guard) ==
        "\n-- drop index public.orders_note\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
        "orders_key ON public.orders USING btree (id);\n");
  CHECK(part_run(build, &guard).rfind("BEGIN", 0) == std::string::npos);
  Plan drop;
  drop.statements.push_back(statement_of("DROP INDEX CONCURRENTLY public.orders_note;\n", true));
  CHECK(part_body(drop, &guard).find("DROP INDEX CONCURRENTLY IF EXISTS public.orders_note;") !=
        std::string::npos);
  // Unguarded, the statement is as the planner wrote it.
  CHECK(part_body(drop).find("DROP INDEX CONCURRENTLY public.orders_note;") != std::string::npos);
  Plan other;
  other.statements.push_back(statement_of("REINDEX INDEX CONCURRENTLY public.x;\n", true));
  CHECK_THROWS_AS(part_body(other, &guard), Error);
}

}  // namespace pgdrift::plan

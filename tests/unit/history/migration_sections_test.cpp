#include <catch2/catch.hpp>

#include "history/migration_sections.h"
#include "history/sql_statements.h"
#include "util/error.h"

using namespace pgdrift;
using history::parse_migration_sections;

TEST_CASE("migration sections follow dbmate's markers", "[history]") {
  const auto s = parse_migration_sections(
      "-- a comment first is fine\n\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY "
      "i ON t (c);\n-- migrate:down\nDROP INDEX i;\n");
  CHECK(s.up.present);
  CHECK_FALSE(s.up.transaction());
  CHECK(s.up.sql == "CREATE INDEX CONCURRENTLY i ON t (c);\n");
  CHECK(s.up.first_line == 4);
  CHECK(s.down.present);
  CHECK(s.down.transaction());
  CHECK(s.down.sql == "DROP INDEX i;\n");
  CHECK(s.down.first_line == 6);
}

TEST_CASE("the up marker needs whitespace or the end after it", "[history]") {
  CHECK_THROWS_WITH(parse_migration_sections("-- migrate:upper\nSELECT 1;\n"),
                    Catch::Contains("no '-- migrate:up' line"));
  const auto spaced = parse_migration_sections("--migrate:up\nSELECT 1;");
  CHECK(spaced.up.sql == "SELECT 1;");
  CHECK_FALSE(spaced.down.present);
}

TEST_CASE("what dbmate refuses is refused with one sentence", "[history]") {
  CHECK_THROWS_WITH(parse_migration_sections("-- migrate:down\n\n-- migrate:up\nSELECT 1;"),
                    Catch::Contains("before '-- migrate:up'"));
  CHECK_THROWS_WITH(parse_migration_sections("SELECT 1;\n-- migrate:up\nSELECT 2;"),
                    Catch::Contains("statements before '-- migrate:up' (line 1)"));
  CHECK_THROWS_AS(parse_migration_sections(""), Error);
}

TEST_CASE("statements are split by PostgreSQL's grammar, with their lines", "[history]") {
  const std::string sql =
      "-- leading comment\nCREATE TABLE t (a text DEFAULT ';');\n\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nSELECT 2";
  const auto statements = history::split_statements(sql);
  REQUIRE(statements);
  REQUIRE(statements->size() == 3);
  CHECK((*statements)[0].sql == "CREATE TABLE t (a text DEFAULT ';')");
  CHECK(history::line_at(sql, (*statements)[0].offset) == 2);
  CHECK(history::line_at(sql, (*statements)[1].offset, 10) == 13);
  CHECK((*statements)[2].sql == "SELECT 2");
  CHECK_FALSE(history::split_statements("CREATE TABL oops;"));
  CHECK(history::excerpt("SELECT\n   1,\n\t2") == "SELECT 1, 2");
}

TEST_CASE("the relations a script locks are estimated from its statements' words", "[history]") {
  // A table 3, and 1 per key, serial or identity column and reference; a materialized
  // view 3; an altered table 2; anything else 1; a comment is not a statement.
  CHECK(history::relations_locked_estimate(
            "-- tables\nCREATE TABLE a (id int PRIMARY KEY);\ncreate unlogged table b ();\n"
            "CREATE GLOBAL TEMPORARY TABLE c ();\nCREATE MATERIALIZED VIEW m AS SELECT 1;\n"
            "ALTER TABLE b ADD COLUMN x text;\nCREATE UNIQUE INDEX i ON a (id);\n"
            "COMMENT ON TABLE a IS 'CREATE TABLE';") == 4 + 3 + 3 + 3 + 2 + 1 + 1);
  CHECK(history::relations_locked_estimate(
            "CREATE TABLE t (id bigserial, code text UNIQUE, n int GENERATED ALWAYS AS "
            "IDENTITY, a int REFERENCES a (id), PRIMARY KEY (id));") == 3 + 5);
  CHECK(history::relations_locked_estimate("CREATE TABLE p_1 PARTITION OF p FOR VALUES IN (1);") ==
        3 + 4);
  // A table name that starts like a keyword is not one.
  CHECK(history::relations_locked_estimate("CREATE TABLESPACE ts LOCATION '/x';") == 1);
  CHECK(history::relations_locked_estimate("CREATE VIEW tablet AS SELECT 1;") == 1);
  // Syntax newer than the parser's (PostgreSQL 17) is counted all the same.
  CHECK(history::relations_locked_estimate(
            "CREATE TABLE g (a int);\nALTER TABLE g ALTER COLUMN a SET EXPRESSION AS (1);") ==
        3 + 2);
  CHECK(history::relations_locked_estimate("SELECT 'unterminated") == 0);
  CHECK(history::relations_locked_estimate("") == 0);
}

TEST_CASE("the statements that run only outside a transaction are known by their words",
          "[history]") {
  for (const char* outside :
       {"VACUUM", "vacuum analyze public.t", "CREATE INDEX CONCURRENTLY i ON t (a)",
        "create unique index concurrently if not exists i on t (a)",
        "DROP INDEX CONCURRENTLY public.i", "REINDEX INDEX CONCURRENTLY public.i",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY t"}) {
    INFO(outside);
    CHECK(history::runs_outside_transaction(outside));
  }
  for (const char* inside :
       {"CREATE INDEX i ON t (a)", "DROP INDEX public.i", "ANALYZE t", "REINDEX INDEX public.i",
        "CREATE TABLE concurrently (a int)", "SELECT 'VACUUM'"}) {
    INFO(inside);
    CHECK_FALSE(history::runs_outside_transaction(inside));
  }
}

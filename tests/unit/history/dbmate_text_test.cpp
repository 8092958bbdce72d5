// dbmate's marker rule and the rewriting that keeps pgdrift's SQL clear of it (issue 17).
#include <catch2/catch.hpp>

#include "history/dbmate_text.h"
#include "history/migration_sections.h"
#include "util/error.h"

using namespace pgdrift;
using history::dbmate_marker_offsets;
using history::without_dbmate_markers;

TEST_CASE("dbmate's marker rule: line start, blanks that may span lines, a blank or the end after",
          "[history]") {
  CHECK(dbmate_marker_offsets("-- migrate:up\nx\n-- migrate:down") == std::vector<size_t>{0, 16});
  CHECK(dbmate_marker_offsets("--migrate:down\n") == std::vector<size_t>{0});
  CHECK(dbmate_marker_offsets("--\t migrate:up transaction:false\n") == std::vector<size_t>{0});
  CHECK(dbmate_marker_offsets("--\n   migrate:down\n") == std::vector<size_t>{0});
  CHECK(dbmate_marker_offsets(" -- migrate:down\n").empty());
  CHECK(dbmate_marker_offsets("-- migrate:downx\n").empty());
  CHECK(dbmate_marker_offsets("-- MIGRATE:DOWN\n").empty());
  CHECK(dbmate_marker_offsets("x -- migrate:down\n").empty());
  CHECK(dbmate_marker_offsets("--\vmigrate:down\n").empty());  // \v is no blank to Go
}

TEST_CASE("without_dbmate_markers leaves SQL without marker lines as it is", "[history]") {
  const std::string sql = "CREATE TABLE a (b text DEFAULT 'x\n-- migrate:downward');\n";
  CHECK(without_dbmate_markers(sql) == sql);
}

TEST_CASE("a string constant is split before the marker line", "[history]") {
  CHECK(without_dbmate_markers("COMMENT ON TABLE t IS 'a\n-- migrate:down\nb';\n") ==
        "COMMENT ON TABLE t IS 'a\n'\n'-- migrate:down\nb';\n");
  CHECK(without_dbmate_markers("SELECT E'it''s\\\\\n--migrate:up x';\n") ==
        "SELECT E'it''s\\\\\n'\n'--migrate:up x';\n");
}

TEST_CASE("a dollar-quoted body becomes an escape string, split before the marker line",
          "[history]") {
  const std::string sql =
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $function$\n"
      "SELECT 'it''s \\ $$'\n-- migrate:down\n$function$;\n";
  CHECK(without_dbmate_markers(sql) ==
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS E'\n"
        "SELECT ''it''''s \\\\ $$''\n'\n'-- migrate:down\n';\n");
}

TEST_CASE("comment lines that look like markers are indented", "[history]") {
  CHECK(without_dbmate_markers("-- migrate:down\nSELECT 1;\n/* a\n-- migrate:up\n*/\n") ==
        " -- migrate:down\nSELECT 1;\n/* a\n -- migrate:up\n*/\n");
}

TEST_CASE("a marker line inside a quoted name is refused with the object named", "[history]") {
  const std::string sql =
      "\n\n-- TABLE public.\"a\n-- migrate:down x\"\nCREATE TABLE public.\"a\n-- migrate:down x\" "
      "();\n";
  // The header comment itself is fixed; the name in the statement cannot be.
  CHECK_THROWS_WITH(without_dbmate_markers(sql), Catch::Contains("rename it first"));
}

TEST_CASE("the rewritten text has no marker line left", "[history]") {
  const std::string sql =
      "COMMENT ON TABLE t IS '\n-- migrate:down\n-- migrate:up\n';\n"
      "CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $b$\nBEGIN\n-- migrate:down\n"
      "RETURN 1;\nEND\n$b$;\n";
  CHECK(dbmate_marker_offsets(without_dbmate_markers(sql)).empty());
}

TEST_CASE("issue 17: a section marker inside a string or body is a second marker to dbmate",
          "[history]") {
  CHECK_THROWS_WITH(history::parse_migration_sections(
                        "-- migrate:up\nCOMMENT ON TABLE t IS '\n-- migrate:up\n';\n"
                        "-- migrate:down\n"),
                    Catch::Contains("second '-- migrate:up' line (line 3)"));
  CHECK_THROWS_WITH(
      history::parse_migration_sections(
          "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT '\n--migrate:down\n';\n"),
      Catch::Contains("second '-- migrate:down' line (line 5)"));
  const auto sections = history::parse_migration_sections(
      "-- migrate:up transaction:false\nSELECT 1;\n--\nmigrate:down\nSELECT 2;\n");
  CHECK_FALSE(sections.up.transaction());
  CHECK(sections.up.sql == "SELECT 1;\n");
  CHECK(sections.down.sql == "SELECT 2;\n");
  CHECK(sections.down.first_line == 5);
}

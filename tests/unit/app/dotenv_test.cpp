// dbmate's .env, read as dbmate (godotenv) reads it.
#include "app/dotenv.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "util/error.h"

namespace pgdrift::app {

TEST_CASE("a .env file is read as dbmate reads it", "[dotenv]") {
  ::setenv("PGDRIFT_TEST_HOST", "db.internal", 1);
  const auto vars = parse_dotenv(
      "# dbmate settings\n"
      "DATABASE_URL=postgres://app@${PGDRIFT_TEST_HOST}/app   # the main one\n"
      "export DBMATE_MIGRATIONS_DIR = \"db/mig rations\"\n"
      "QUOTED='single $NOT_EXPANDED # kept'\n"
      "ESCAPED=\"a\\tb\\n\\\"c\\\"\"\n"
      "DERIVED=$DBMATE_MIGRATIONS_DIR/x\n"
      "YAML_STYLE: yes\n"
      "\n"
      "EMPTY=\n",
      ".env");
  CHECK(vars.at("DATABASE_URL") == "postgres://app@db.internal/app");
  CHECK(vars.at("DBMATE_MIGRATIONS_DIR") == "db/mig rations");
  CHECK(vars.at("QUOTED") == "single $NOT_EXPANDED # kept");
  CHECK(vars.at("ESCAPED") == "a\tb\n\"c\"");
  CHECK(vars.at("DERIVED") == "db/mig rations/x");
  CHECK(vars.at("YAML_STYLE") == "yes");
  CHECK(vars.at("EMPTY").empty());
  CHECK(vars.size() == 7);
}

TEST_CASE("a malformed .env line is named by its number, never by its text", "[dotenv]") {
  CHECK_THROWS_WITH(parse_dotenv("A=1\npostgres://app:s3cret@db/app\n", "ci/.env"),
                    "ci/.env line 2 is not KEY=VALUE; fix it, or run with --no-dotenv to ignore "
                    "the file");
  try {
    parse_dotenv("PASSWORD='s3cret\n", ".env");
    FAIL("an unclosed quote was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("line 1 opens a quoted value") != std::string::npos);
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
  }
  CHECK_THROWS_WITH(parse_dotenv("A=\"x\" y\n", ".env"), Catch::Contains("line 1 has text after"));
}

}  // namespace pgdrift::app

#include <catch2/catch.hpp>

#include "pg/conninfo.h"
#include "util/error.h"

using pgdrift::pg::describe_target;
using pgdrift::pg::redact_password;

TEST_CASE("redact_password removes URL passwords", "[conninfo]") {
  CHECK(redact_password("postgres://app:s3cret@db:5432/prod") == "postgres://app:***@db:5432/prod");
  CHECK(redact_password("postgresql://app@db/prod") == "postgresql://app@db/prod");
  CHECK(redact_password("cannot connect to postgres://u:p%40ss@h/d: refused") ==
        "cannot connect to postgres://u:***@h/d: refused");
}

TEST_CASE("redact_password removes key=value and URL parameter passwords", "[conninfo]") {
  CHECK(redact_password("host=db password=s3cret user=app") == "host=db password=*** user=app");
  CHECK(redact_password("host=db password='s e c' user=app") == "host=db password=*** user=app");
  CHECK(redact_password("postgres://db/prod?user=app&password=s3cret&sslmode=require") ==
        "postgres://db/prod?user=app&password=***&sslmode=require");
}

TEST_CASE("describe_target never shows the password", "[conninfo]") {
  const auto text = describe_target("postgres://app:s3cret@db.example.com:6543/prod");
  CHECK(text == "app@db.example.com:6543/prod");
  CHECK(describe_target("host=/tmp/x port=5 dbname=d user=u password=zz") == "u@/tmp/x:5/d");
}

TEST_CASE("validate_conninfo rejects malformed strings without echoing them", "[conninfo]") {
  try {
    pgdrift::pg::validate_conninfo("postgres://u:topsecret@host/db?nonsense=1");
    FAIL("expected an error");
  } catch (const pgdrift::Error& e) {
    CHECK(e.category() == pgdrift::ErrorCategory::kUsage);
    CHECK(std::string(e.what()).find("topsecret") == std::string::npos);
  }
  CHECK_THROWS_AS(pgdrift::pg::validate_conninfo("host=a = b"), pgdrift::Error);
  CHECK_NOTHROW(pgdrift::pg::validate_conninfo(""));
}

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

TEST_CASE("conninfo_without_credentials keeps the connection and hides the secrets", "[conninfo]") {
  using pgdrift::pg::conninfo_without_credentials;
  constexpr const char* kHidden = "pgdrift:redacted";
  // libpq's keyword order, whatever the order given.
  CHECK(conninfo_without_credentials("port=5432 host=db dbname=shop password=s3cret", kHidden) ==
        "password=pgdrift:redacted dbname=shop host=db port=5432");
  // A quoted password with spaces and quotes; values that need quotes get them back.
  CHECK(conninfo_without_credentials(R"(password='s e \'c' application_name='my app' host=db)",
                                     kHidden) ==
        "password=pgdrift:redacted host=db "
        "application_name='my app'");
  // URLs: the userinfo password and URL parameters, sslpassword included.
  CHECK(conninfo_without_credentials(
            "postgresql://repl:s3cret@db.example:6543/shop?sslpassword=k3y&sslmode=require",
            kHidden) ==
        "user=repl password=pgdrift:redacted dbname=shop host=db.example "
        "port=6543 sslmode=require sslpassword=pgdrift:redacted");
  CHECK(conninfo_without_credentials("dbname=shop", kHidden) == "dbname=shop");
  CHECK(conninfo_without_credentials("", kHidden).empty());
  CHECK(conninfo_without_credentials(R"(dbname='a\\b')", kHidden) == R"(dbname='a\\b')");
  // What libpq cannot parse is hidden whole.
  CHECK(conninfo_without_credentials("host=db password='unterminated", kHidden) == kHidden);
}

// Issue 17: libpq quotes the fragment it could not parse, and that fragment can be the
// password. Each string holds the marker password "Zq7Mark" in a different broken place.
TEST_CASE("issue 17: no malformed connection string puts any part of its password in the error",
          "[conninfo]") {
  const char* const malformed[] = {
      "postgres://u:Zq7Mark%zz@host/db",
      "postgresql://u:Zq7Mark%zz@host/db?sslmode=disable",
      "postgres://u@host/db?password=Zq7Mark%zz",
      "postgres://u@host/db?password=Zq7Mark%00",
      "postgres://u@host/db?password=Zq7Mark=more",
      "postgres://u@host/db?Zq7Mark",
      "postgres://u:Zq7Mark@[::1/db",
      "postgres://u:Zq7Mark@[]/db",
      "postgres://u:Zq7Mark@host/db?%zz=Zq7Mark",
      "host=h password='Zq7Mark",
      "host=h password=Zq7 Mark",
      "host=h password=Zq7Mark nonsense",
      "host=h password=Zq7Mark Zq7Mark=1",
      "host=h \"password=Zq7Mark",
      "postgres://u:Zq7\"Mark%zz@host/db",
      "host=h password=x Zq7\"Mark",
      "host=h password=Zq7\"Mark\" x",
  };
  for (const char* conninfo : malformed) {
    INFO(conninfo);
    try {
      pgdrift::pg::validate_conninfo(conninfo);
      FAIL("expected an error");
    } catch (const pgdrift::Error& e) {
      const std::string message = e.what();
      INFO(message);
      CHECK(e.category() == pgdrift::ErrorCategory::kUsage);
      CHECK(message.find("Zq7") == std::string::npos);
      CHECK(message.find("Mark") == std::string::npos);
      CHECK(message.find('\n') == std::string::npos);
    }
  }
  // A keyword the parser did not know is still named, so the fix is clear.
  try {
    pgdrift::pg::validate_conninfo("host=h sslmod=require");
    FAIL("expected an error");
  } catch (const pgdrift::Error& e) {
    CHECK(std::string(e.what()).find("invalid connection option") != std::string::npos);
  }
}

TEST_CASE("named_database_key names a database only where the string or environment does",
          "[conninfo]") {
  ::unsetenv("PGHOST");
  ::unsetenv("PGPORT");
  ::unsetenv("PGDATABASE");
  CHECK(pgdrift::pg::named_database_key("postgres://u:secret@db.example.com:6543/app") ==
        "db.example.com:6543/app");
  CHECK(pgdrift::pg::named_database_key("host=/var/run/postgresql dbname=app password=secret") ==
        "/var/run/postgresql:5432/app");
  CHECK(pgdrift::pg::named_database_key("dbname=app").empty());  // the socket is libpq's choice
  CHECK(pgdrift::pg::named_database_key("host=a,b dbname=app")
            .empty());                                        // which host: only on connecting
  CHECK(pgdrift::pg::named_database_key("host=db").empty());  // which database
  CHECK(pgdrift::pg::named_database_key("not a conninfo = =").empty());
  ::setenv("PGHOST", "db.internal", 1);
  ::setenv("PGDATABASE", "shop", 1);
  CHECK(pgdrift::pg::named_database_key("") == "db.internal:5432/shop");
  ::unsetenv("PGHOST");
  ::unsetenv("PGDATABASE");
}

#include <catch2/catch.hpp>

#include "pg/session.h"
#include "util/error.h"

using namespace pgdrift;

// 11 is refused by a real server in the integration tests; 19 and later cannot be
// started here yet, so the rule is checked on version numbers.
TEST_CASE("servers outside PostgreSQL 12 to 18 are refused in one sentence", "[pg]") {
  CHECK_NOTHROW(pg::require_supported_server(120022, "db"));
  CHECK_NOTHROW(pg::require_supported_server(150020, "db"));
  CHECK_NOTHROW(pg::require_supported_server(180004, "db"));
  for (int version : {110022, 100023, 90624, 190000, 200001}) {
    INFO(version);
    try {
      pg::require_supported_server(version, "host=h dbname=app");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.category() == ErrorCategory::kUnsupported);
      const std::string message = e.what();
      CHECK(message == "the server at host=h dbname=app runs PostgreSQL " +
                           std::to_string(version / 10000) +
                           ", and pgdrift supports PostgreSQL 12 to 18");
    }
  }
}

#include "app/migration_naming.h"

#include <catch2/catch.hpp>

#include "util/error.h"

namespace pgdrift::app {

TEST_CASE("new migration versions sort after every version in the folder", "[naming]") {
  SECTION("from now when the folder's versions are older") {
    const auto now = utc_version();
    const auto versions = versions_after({"20200101000000", "20200101000001"}, 2);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0] >= now);
    CHECK(versions[1] > versions[0]);
    CHECK(versions[0].size() == 14);
  }
  SECTION("one second after a latest version made up in the future") {
    CHECK(versions_after({"20990101000004", "20240101000000"}, 2) ==
          std::vector<std::string>{"20990101000005", "20990101000006"});
    CHECK(versions_after({"20991231235959"}, 1) == std::vector<std::string>{"21000101000000"});
  }
  SECTION("an empty folder") {
    CHECK(versions_after({}, 1).front() >= utc_version());
  }
  SECTION("a latest version that is no timestamp and sorts after every one") {
    CHECK_THROWS_AS(versions_after({"99990101000000000"}, 1), Error);
    CHECK_THROWS_AS(versions_after({"9"}, 1), Error);
    CHECK_THROWS_AS(versions_after({"29991301000000"}, 1), Error);  // month 13
    CHECK_THROWS_AS(versions_after({"99991231235959"}, 1), Error);  // the year 10000
  }
  SECTION("the folder's latest version decides, not its first") {
    CHECK(versions_after({"20990101000004", "20200101000000"}, 1).front() == "20990101000005");
  }
  SECTION("no version asked, none given") {
    CHECK(versions_after({"20990101000004"}, 0).empty());
  }
  SECTION("a version that is no timestamp but sorts before now is no obstacle") {
    CHECK(versions_after({"001", "1999"}, 1).front() >= utc_version());
  }
}

}  // namespace pgdrift::app

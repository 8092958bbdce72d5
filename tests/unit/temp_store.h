// tests/unit/temp_store.h — where a unit test's history store lives: a folder of its own
// under /tmp, removed with everything in it at the end of the test.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

namespace pgdrift::test {

struct TempStore {
  TempStore() {
    char buf[] = "/tmp/pgdrift-store-XXXXXX";
    REQUIRE(mkdtemp(buf));
    dir = buf;
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  /// In a folder that does not exist yet, as a store's first run finds it.
  std::string path() const { return dir + "/nested/pgdrift.sqlite3"; }
  std::string dir;
};

}  // namespace pgdrift::test

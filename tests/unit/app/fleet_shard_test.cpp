// --shard K/N of a fleet's check: every target in exactly one part, the same on every run.
#include <catch2/catch.hpp>
#include <string>

#include "app/fleet_check.h"
#include "util/error.h"

using pgdrift::app::in_shard;

TEST_CASE("each target is in exactly one of N shards, and parts are of similar size", "[fleet]") {
  constexpr int kParts = 4;
  int sizes[kParts] = {};
  for (int t = 0; t < 1000; ++t) {
    const std::string name = "tenant-" + std::to_string(t);
    int parts = 0;
    for (int k = 1; k <= kParts; ++k) {
      if (in_shard(name, std::to_string(k) + "/" + std::to_string(kParts))) {
        ++parts;
        ++sizes[k - 1];
      }
    }
    CHECK(parts == 1);
  }
  for (int size : sizes) CHECK((size > 200 && size < 300));
  // Stable: a name's part does not depend on the run (SHA-256 of the name).
  CHECK(in_shard("eu-1", "1/1"));
  // Pinned: the first 8 bytes of SHA-256("eu-1") as a number, modulo N (a change of hash
  // or byte order would move targets to other workers).
  CHECK(in_shard("eu-1", "2/2"));
  CHECK(in_shard("eu-1", "2/3"));
  CHECK(in_shard("eu-1", "4/4"));
  CHECK(!in_shard("eu-1", "1/2"));
}

TEST_CASE("a shard that is not K/N with 1 <= K <= N is a usage error", "[fleet]") {
  for (const char* bad : {"", "1", "0/2", "3/2", "a/b", "1/0", "1/2/3", "-1/2", " 1/2"}) {
    INFO(bad);
    CHECK_THROWS_AS(in_shard("x", bad), pgdrift::Error);
  }
}

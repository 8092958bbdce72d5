#include <catch2/catch.hpp>

#include "util/sha256.h"

TEST_CASE("SHA-256 digests match the standard test vectors", "[util]") {
  CHECK(pgdrift::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(pgdrift::sha256_checksum("abc") ==
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

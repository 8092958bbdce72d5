// util/sha256.h — SHA-256 digests for file checksums and cache keys (OpenSSL libcrypto).
#pragma once

#include <string>
#include <string_view>

namespace pgdrift {

/// Lower-case hex SHA-256 of \a data.
std::string sha256_hex(std::string_view data);

/// "sha256:" + sha256_hex(data): the algorithm-prefixed form pgdrift stores.
std::string sha256_checksum(std::string_view data);

}  // namespace pgdrift

#!/usr/bin/env bash
# Configures and builds pgdrift and its tests into ./build (and a sanitizer build of them
# into ./build/sanitize), and installs the real dbmate
# (npm package, pinned) into build/node for the interoperability tests, and PostgreSQL
# server binaries of 11 to 18 besides Debian's 15 into build/pg-majors for the test matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
# Unity builds (several sources per compiler run): a fresh build took 8 minutes file by
# file and 4 this way, on two cores (most of the time went to instantiating the same
# standard, JSON and fmt templates in every file).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=ON
cmake --build build -j2
# The same sources with AddressSanitizer and UBSan, for the sanitizer tests that ctest runs
# (tests/CMakeLists.txt): only pgdrift and the unit tests, unoptimised (it compiles in half
# the time and the tests wait on PostgreSQL, not on pgdrift), with line tables for stacks.
cmake -S . -B build/sanitize -DPGDRIFT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O0" -DCMAKE_UNITY_BUILD=ON
cmake --build build/sanitize -j2 --target pgdrift pgdrift_unit_tests
npm install --prefix build/node --no-audit --no-fund --loglevel=error dbmate@2.36.0 >/dev/null
# Server binaries of the other supported majors, for the test matrix.
scripts/install-pg-majors.sh
echo "build: pgdrift in build/tools/pgdrift, dbmate $(build/node/node_modules/.bin/dbmate --version | awk '{print $3}') in build/node"

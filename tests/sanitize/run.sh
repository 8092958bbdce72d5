#!/usr/bin/env bash
# Runs one test program of the sanitizer build (AddressSanitizer + UBSan; scripts/build.sh
# makes it in build/sanitize) with the given arguments. A memory error, a leak or undefined
# behaviour in the library, the tests or the pgdrift binary they start fails the test.
# Usage: tests/sanitize/run.sh SANITIZER_TREE unit|integration [CATCH2 ARGUMENTS...]
# Exits 77 (ctest: skipped) when there is no sanitizer build.
set -euo pipefail
tree="$1"; kind="$2"; shift 2
program="$tree/tests/$kind/pgdrift_${kind}_tests"
if [ ! -x "$program" ]; then
  echo "no sanitizer build at $tree: run scripts/build.sh (it builds one in build/sanitize); skipped"
  exit 77
fi
# Stop at the first error with a stack, in this process and in every pgdrift it starts.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=99${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
exec "$program" "$@"

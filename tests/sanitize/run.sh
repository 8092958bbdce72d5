#!/usr/bin/env bash
# Runs a test program against the sanitizer build (AddressSanitizer + UBSan;
# scripts/build.sh makes it in build/sanitize):
#   unit         the sanitizer build's unit tests;
#   integration  the normal build's integration program ($PGDRIFT_SANITIZER_INTEGRATION_PROGRAM)
#                with every pgdrift it starts taken from the sanitizer build.
# A memory error, a leak or undefined behaviour in the code under test fails the test.
# Usage: tests/sanitize/run.sh SANITIZER_TREE unit|integration [CATCH2 ARGUMENTS...]
# Exits 77 (ctest: skipped) when there is no sanitizer build.
set -euo pipefail
tree="$1"; kind="$2"; shift 2
case "$kind" in
  unit) program="$tree/tests/unit/pgdrift_unit_tests"; needed="$program" ;;
  integration)
    program="${PGDRIFT_SANITIZER_INTEGRATION_PROGRAM:?the integration program to run}"
    needed="$tree/tools/pgdrift/pgdrift"
    export PGDRIFT_TEST_BINARY="$needed" ;;
  *) echo "usage: $0 SANITIZER_TREE unit|integration [ARGS...]" >&2; exit 2 ;;
esac
if [ ! -x "$needed" ]; then
  echo "no sanitizer build at $tree: run scripts/build.sh (it builds one in build/sanitize); skipped"
  exit 77
fi
# Stop at the first error with a stack, in every sanitized program.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=99${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# Leaks inside Debian's libraries (not ours) are listed, with why, in lsan.supp.
export LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
exec "$program" "$@"

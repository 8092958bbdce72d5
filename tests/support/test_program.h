// What each test program does before Catch2 runs its tests. The one main() of every test
// program (catch_session.cpp, compiled once with Catch2's implementation) calls it.
#pragma once

namespace pgdrift::test {

/// Prepares the process for this program's tests. Returns an exit code to stop with
/// (e.g. 77, "skipped", when what the tests need is not on this machine), or -1 to run.
int prepare_test_program();

}  // namespace pgdrift::test

// tests/support/scratch_dir.h — where the tests put their clusters and pgdrift's shadows.
//
// The tests create dozens of clusters and thousands of databases. On this project's CI
// machines a CREATE DATABASE takes about 0.4 s on disk and 0.1 s in memory, and initdb
// half the time, so the server data goes to a RAM file system when one with room exists.
#pragma once

#include <string>

namespace pgdrift::test {

/// The directory for test clusters and shadow clusters: $PGDRIFT_TEST_TMPDIR when set;
/// else /dev/shm when it is a writable tmpfs with at least 4 GiB free; else $TMPDIR, else
/// /tmp.
std::string scratch_root();

/// Points $TMPDIR at scratch_root(), so the shadow clusters that pgdrift starts (in
/// process or as a child) are made there too. Called once by the test programs' main().
void use_scratch_root_as_tmpdir();

}  // namespace pgdrift::test

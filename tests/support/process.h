// tests/support/process.h — the test harness runs programs through the library's own
// subprocess helper (util/subprocess.h); these names keep the tests short.
#pragma once

#include "util/subprocess.h"

namespace pgdrift::test {

using pgdrift::ProcessOptions;
using pgdrift::ProcessResult;
using pgdrift::run_process;
using pgdrift::spawn_process;
using pgdrift::wait_process;

}  // namespace pgdrift::test

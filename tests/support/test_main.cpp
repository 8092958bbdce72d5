// Preparation of the tests that use a real PostgreSQL: clusters and pgdrift's shadows
// live under scratch_root() (memory when there is room); the shared cluster is stopped
// and removed when the session ends, whatever the result.
#include <csignal>

#include "scratch_dir.h"
#include "test_program.h"

int pgdrift::test::prepare_test_program() {
  use_scratch_root_as_tmpdir();
  // pgdrift keeps an interrupt its starter ignores (a background job's SIGINT, nohup's
  // SIGHUP), and children inherit what is ignored: the tests that interrupt it need the
  // default, however this program was started.
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);
  return -1;
}

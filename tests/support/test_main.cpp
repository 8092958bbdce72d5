// Catch2 main for the tests that use a real PostgreSQL: the shared cluster is stopped
// and removed when the session ends, whatever the result. Clusters and pgdrift's shadows
// live under scratch_root() (memory when there is room).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <csignal>

#include "scratch_dir.h"

int main(int argc, char** argv) {
  pgdrift::test::use_scratch_root_as_tmpdir();
  // pgdrift keeps an interrupt its starter ignores (a background job's SIGINT, nohup's
  // SIGHUP), and children inherit what is ignored: the tests that interrupt it need the
  // default, however this program was started.
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);
  return Catch::Session().run(argc, argv);
}

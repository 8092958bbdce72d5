// Catch2 main for the tests that use a real PostgreSQL: the shared cluster is stopped
// and removed when the session ends, whatever the result. Clusters and pgdrift's shadows
// live under scratch_root() (memory when there is room).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "scratch_dir.h"

int main(int argc, char** argv) {
  pgdrift::test::use_scratch_root_as_tmpdir();
  return Catch::Session().run(argc, argv);
}

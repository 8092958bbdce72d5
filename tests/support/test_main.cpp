// Catch2 main for the tests that use a real PostgreSQL: the shared cluster is stopped
// and removed when the session ends, whatever the result.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
  return Catch::Session().run(argc, argv);
}

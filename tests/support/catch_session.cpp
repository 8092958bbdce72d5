// Catch2's implementation (a single header of about 17,000 lines) and the main() of every
// test program, compiled once: each program only says how it prepares
// (prepare_test_program in its own main file).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "test_program.h"

int main(int argc, char** argv) {
  if (const int stop = pgdrift::test::prepare_test_program(); stop >= 0) return stop;
  return Catch::Session().run(argc, argv);
}

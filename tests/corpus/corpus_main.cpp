// Catch2 main of the corpus fidelity test. Without the corpus (../shared/corpus, or
// $PGDRIFT_CORPUS_DIR) there is nothing to compare: say where it was looked for and exit
// with 77, which ctest reports as "skipped" rather than passed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "corpus_cases.h"
#include "scratch_dir.h"

int main(int argc, char** argv) {
  const std::string dir = pgdrift::test::corpus_dir();
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr,
                 "corpus fidelity test skipped: no schema corpus at %s "
                 "(configure with -DPGDRIFT_CORPUS_DIR=... or set PGDRIFT_CORPUS_DIR)\n",
                 dir.c_str());
    return 77;
  }
  pgdrift::test::use_scratch_root_as_tmpdir();
  return Catch::Session().run(argc, argv);
}

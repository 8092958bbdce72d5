// Preparation of the corpus fidelity test. Without the corpus (../shared/corpus, or
// $PGDRIFT_CORPUS_DIR) there is nothing to compare: say where it was looked for and exit
// with 77, which ctest reports as "skipped" rather than passed.
#include <cstdio>
#include <filesystem>

#include "corpus_cases.h"
#include "scratch_dir.h"
#include "test_program.h"

int pgdrift::test::prepare_test_program() {
  const std::string dir = corpus_dir();
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr,
                 "corpus fidelity test skipped: no schema corpus at %s "
                 "(configure with -DPGDRIFT_CORPUS_DIR=... or set PGDRIFT_CORPUS_DIR)\n",
                 dir.c_str());
    return 77;
  }
  use_scratch_root_as_tmpdir();
  return -1;
}

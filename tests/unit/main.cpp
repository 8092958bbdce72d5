// The unit tests need nothing prepared: no server, no scratch directory.
#include "test_program.h"

int pgdrift::test::prepare_test_program() {
  return -1;
}

#include "util/subprocess.h"

#include <catch2/catch.hpp>
#include <string>

using pgdrift::ProcessOptions;
using pgdrift::run_process;

TEST_CASE("a child that stops reading its input does not kill the caller", "[subprocess]") {
  // 16 MiB is far more than a pipe holds: the write meets a closed pipe. Without the
  // guard, SIGPIPE would end this whole test program here.
  ProcessOptions options;
  options.stdin_text = std::string(16 << 20, 'x');
  const auto quits = run_process({"true"}, options);
  CHECK(quits.exit_code == 0);
  const auto reads_a_little = run_process({"head", "-c", "3"}, options);
  CHECK(reads_a_little.exit_code == 0);
  CHECK(reads_a_little.out == "xxx");
  const auto fails = run_process({"sh", "-c", "exit 3"}, options);
  CHECK(fails.exit_code == 3);
}

TEST_CASE("a child that reads everything gets all of its input", "[subprocess]") {
  ProcessOptions options;
  options.stdin_text = std::string(1 << 20, 'y');
  const auto counted = run_process({"wc", "-c"}, options);
  CHECK(counted.exit_code == 0);
  CHECK(counted.out.find("1048576") != std::string::npos);
}

#include "util/subprocess.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("a child gets the environment asked for, found through PATH", "[subprocess]") {
  ProcessOptions options;
  options.env = {{"PGDRIFT_SUBPROCESS_TEST", "set"}, {"PATH", "/nonexistent:/usr/bin:/bin"}};
  options.unset_env = {"HOME"};
  const auto shown =
      run_process({"sh", "-c", "echo \"$PGDRIFT_SUBPROCESS_TEST:${HOME-unset}\""}, options);
  CHECK(shown.exit_code == 0);
  CHECK(shown.out == "set:unset\n");
  const auto missing = run_process({"pgdrift-no-such-program"});
  CHECK(missing.exit_code == 127);
  CHECK(missing.err.find("cannot run pgdrift-no-such-program") != std::string::npos);
}

TEST_CASE("children start while other threads allocate", "[subprocess]") {
  // Between fork and exec a child may not allocate: a lock another thread holds at the
  // fork (the sanitizers' allocator takes spin locks) would stay held in it forever.
  std::atomic<bool> stop{false};
  std::thread churn([&] {
    while (!stop) {
      std::vector<std::string> garbage(64, std::string(100, 'g'));
    }
  });
  int ok = 0;
  for (int i = 0; i < 200; ++i) ok += run_process({"true"}).exit_code == 0 ? 1 : 0;
  stop = true;
  churn.join();
  CHECK(ok == 200);
}

// tests/support/process.h — run a program and collect its output (test harness).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdrift::test {

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::optional<std::string> run_as;       ///< OS user to switch to (when root)
  std::map<std::string, std::string> env;  ///< added to / overriding the environment
  std::vector<std::string> unset_env;      ///< removed from the environment
  std::optional<std::string> stdin_text;
  std::optional<std::string> cwd;
  /// Called with the child's pid right after it started (to signal it from a test).
  std::function<void(int)> on_start;
};

/// Runs \a argv (argv[0] searched in PATH) and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Starts \a argv in the background; returns its pid. Output goes to /dev/null.
int spawn_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Waits for a process started with spawn_process; returns its exit code.
int wait_process(int pid);

}  // namespace pgdrift::test

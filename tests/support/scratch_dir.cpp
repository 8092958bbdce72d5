#include "scratch_dir.h"

#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cstdlib>

namespace pgdrift::test {
namespace {

constexpr unsigned long long kMinimumFreeBytes = 4ULL << 30;

bool is_roomy_tmpfs(const char* dir) {
  struct statfs fs {};
  if (statfs(dir, &fs) != 0 || fs.f_type != TMPFS_MAGIC) return false;
  const auto free_bytes = static_cast<unsigned long long>(fs.f_bavail) * fs.f_bsize;
  return free_bytes >= kMinimumFreeBytes && access(dir, W_OK | X_OK) == 0;
}

}  // namespace

std::string scratch_root() {
  if (const char* env = std::getenv("PGDRIFT_TEST_TMPDIR"); env && *env) return env;
  if (is_roomy_tmpfs("/dev/shm")) return "/dev/shm";
  if (const char* env = std::getenv("TMPDIR"); env && *env) return env;
  return "/tmp";
}

void use_scratch_root_as_tmpdir() {
  setenv("TMPDIR", scratch_root().c_str(), 1);
}

}  // namespace pgdrift::test

#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "util/error.h"

namespace pgdrift {
namespace {

[[noreturn]] void throw_io(const std::string& what, const std::string& path, int err) {
  throw Error(ErrorCategory::kIo, "cannot " + what + " " + path + ": " + std::strerror(err));
}

// Owns the temporary file until it has been renamed into place.
class TempFile {
 public:
  explicit TempFile(const std::string& target) : path_(target + ".pgdrift-XXXXXX") {
    std::vector<char> buf(path_.begin(), path_.end());
    buf.push_back('\0');
    fd_ = mkstemp(buf.data());
    if (fd_ < 0) {
      const int err = errno;
      const auto dir = std::filesystem::path(target).parent_path();
      if (err == ENOENT && !dir.empty() && !std::filesystem::exists(dir)) {
        throw Error(ErrorCategory::kIo,
                    "cannot write " + target + ": directory " + dir.string() + " does not exist");
      }
      throw_io("write", target, err);
    }
    path_.assign(buf.data());
  }
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (!committed_) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write_all(std::string_view content, const std::string& target) {
    const char* p = content.data();
    size_t left = content.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw_io("write", target, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    if (fsync(fd_) != 0) throw_io("flush", target, errno);
    // Files are created 0600 by mkstemp; give them the usual permissions.
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd_, 0666 & ~mask);
  }

  void commit(const std::string& target) {
    if (close(fd_) != 0) {
      fd_ = -1;
      throw_io("write", target, errno);
    }
    fd_ = -1;
    if (std::rename(path_.c_str(), target.c_str()) != 0) throw_io("rename into", target, errno);
    committed_ = true;
    // Make the rename itself durable: a crash right after must not bring the old name back.
    const auto dir = std::filesystem::path(target).parent_path();
    const int dir_fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
      fsync(dir_fd);
      close(dir_fd);
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  // A device, pipe or socket (/dev/null, /dev/stdout, a FIFO) is written to as it is:
  // renaming a regular file over it would replace the device itself.
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode))
      throw Error(ErrorCategory::kIo, "cannot write " + path + ": it is a directory");
    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw_io("write", path, errno);
    const char* p = content.data();
    size_t left = content.size();
    while (left > 0) {
      const ssize_t n = ::write(fd, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        close(fd);
        throw_io("write", path, err);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    close(fd);
    return;
  }
  TempFile tmp(path);
  tmp.write_all(content, path);
  tmp.commit(path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io("read", path, errno ? errno : ENOENT);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw_io("read", path, errno);
  return buf.str();
}

}  // namespace pgdrift

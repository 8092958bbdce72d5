#include "util/atomic_file.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "util/error.h"

namespace pgdrift {
namespace {

// The process's umask, read without changing it: umask(0) and back is process-wide, and
// threads writing files at once (a fleet's checks) could leave it at 0 for good.
mode_t read_umask() {
  std::FILE* status = std::fopen("/proc/self/status", "re");
  if (status) {
    char line[256];
    while (std::fgets(line, sizeof line, status)) {
      unsigned mask = 0;
      if (std::sscanf(line, "Umask: %o", &mask) == 1) {
        std::fclose(status);
        return static_cast<mode_t>(mask);
      }
    }
    std::fclose(status);
  }
  const mode_t mask = umask(0);  // kernels before 4.7 do not show it
  umask(mask);
  return mask;
}

mode_t process_umask() {
  static const mode_t mask = read_umask();
  return mask;
}

[[noreturn]] void throw_io(const std::string& what, const std::string& path, int err) {
  // strerror's "No space left on device" says what happened, not what to do (issue 17).
  if (err == ENOSPC || err == EDQUOT) {
    throw Error(ErrorCategory::kIo, "cannot " + what + " " + path +
                                        ": the disk is full (or the quota used up); free space "
                                        "there or write the file elsewhere");
  }
  throw Error(ErrorCategory::kIo, "cannot " + what + " " + path + ": " + std::strerror(err));
}

// Writes everything or throws, retrying on signals.
void write_fully(int fd, std::string_view content, const std::string& target) {
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io("write", target, errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// The open output: either a temporary file beside the target, renamed over it by
// commit(), or a device, pipe or socket (/dev/null, /dev/stdout, a FIFO), written to as
// it is: renaming a regular file over it would replace the device itself. Small pieces
// are gathered in a buffer so a document written a line at a time costs few syscalls.
class Output {
 public:
  explicit Output(const std::string& target) : target_(target) {
    struct stat st {};
    if (stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      if (S_ISDIR(st.st_mode))
        throw Error(ErrorCategory::kIo, "cannot write " + target + ": it is a directory");
      fd_ = open(target.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) throw_io("write", target, errno);
      return;
    }
    temp_path_ = target + ".pgdrift-XXXXXX";
    std::vector<char> name(temp_path_.begin(), temp_path_.end());
    name.push_back('\0');
    fd_ = mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) {
      const int err = errno;
      const auto dir = std::filesystem::path(target).parent_path();
      if (err == ENOENT && !dir.empty() && !std::filesystem::exists(dir)) {
        throw Error(ErrorCategory::kIo,
                    "cannot write " + target + ": directory " + dir.string() + " does not exist");
      }
      throw_io("write", target, err);
    }
    temp_path_.assign(name.data());
  }
  ~Output() {
    if (fd_ >= 0) close(fd_);
    if (!temp_path_.empty() && !committed_) unlink(temp_path_.c_str());
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void append(std::string_view piece) {
    if (buffer_.size() + piece.size() > kBufferSize) flush_buffer();
    if (piece.size() >= kBufferSize) {
      write_fully(fd_, piece, target_);
    } else {
      buffer_.append(piece);
    }
  }

  void commit() {
    prepare();
    publish();
  }

  // Everything on disk under the temporary name.
  void prepare() {
    flush_buffer();
    if (temp_path_.empty()) {  // a device: nothing to rename
      close(fd_);
      fd_ = -1;
      return;
    }
    if (fsync(fd_) != 0) throw_io("flush", target_, errno);
    // Files are created 0600 by mkstemp; give them the usual permissions.
    fchmod(fd_, 0666 & ~process_umask());
    if (close(fd_) != 0) {
      fd_ = -1;
      throw_io("write", target_, errno);
    }
    fd_ = -1;
  }

  // The temporary name renamed over the target.
  void publish() {
    if (temp_path_.empty()) return;
    if (std::rename(temp_path_.c_str(), target_.c_str()) != 0) {
      throw_io("rename into", target_, errno);
    }
    committed_ = true;
    // Make the rename itself durable: a crash right after must not bring the old name back.
    const auto dir = std::filesystem::path(target_).parent_path();
    const int dir_fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
      fsync(dir_fd);
      close(dir_fd);
    }
  }

 private:
  static constexpr size_t kBufferSize = 1 << 16;

  void flush_buffer() {
    write_fully(fd_, buffer_, target_);
    buffer_.clear();
  }

  std::string target_;
  std::string temp_path_;  // empty when writing to a device
  std::string buffer_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  Output out(path);
  out.append(content);
  out.commit();
}

namespace {
volatile sig_atomic_t g_files_published = 0;
}  // namespace

bool files_published() noexcept {
  return g_files_published != 0;
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::unique_ptr<Output>> outputs;
  for (const auto& [path, content] : files) {
    outputs.push_back(std::make_unique<Output>(path));
    outputs.back()->append(content);
    outputs.back()->prepare();
  }
  // All written: now the renames, with the interrupting signals held back until they are
  // done, so that Ctrl-C or a SIGTERM cannot leave some of the files without the others.
  sigset_t interrupts, before;
  sigemptyset(&interrupts);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&interrupts, sig);
  pthread_sigmask(SIG_BLOCK, &interrupts, &before);
  size_t published = 0;
  try {
    for (; published < outputs.size(); ++published) outputs[published]->publish();
    g_files_published = 1;
  } catch (...) {
    for (size_t k = 0; k < published; ++k) unlink(files[k].first.c_str());
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

void write_file_atomically(const std::string& path,
                           const std::function<void(const TextSink&)>& produce) {
  Output out(path);
  produce([&out](std::string_view piece) { out.append(piece); });
  out.commit();
}

std::string read_file(const std::string& path) {
  // An ifstream opens a directory without complaint and reads nothing from it.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorCategory::kIo, "cannot read " + path + ": it is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io("read", path, errno ? errno : ENOENT);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw_io("read", path, errno);
  return buf.str();
}

}  // namespace pgdrift

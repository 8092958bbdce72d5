#include "standard_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "util/error.h"

namespace pgdrift::cli {
namespace {

bool stdout_was_closed = false;

[[noreturn]] void throw_write_error(int err) {
  if (stdout_was_closed) {
    throw Error(ErrorCategory::kIo,
                "standard output is closed; run pgdrift with its output redirected to a file "
                "or use -o FILE where the command has it");
  }
  if (err == EPIPE) throw ReaderGone{};
  throw Error(ErrorCategory::kIo, std::string("cannot write to standard output: ") +
                                      std::strerror(err) +
                                      "; free space where it goes or redirect it elsewhere");
}

}  // namespace

void guard_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // A closed standard output becomes /dev/full, so that whatever writes to it (CLI11's
    // --help too) fails and is reported as a closed output.
    const char* stand_in = fd == STDOUT_FILENO ? "/dev/full" : "/dev/null";
    const int opened = open(stand_in, fd == 0 ? O_RDONLY : O_WRONLY);
    // open() returns the lowest free descriptor, which is this one.
    if (opened == fd && fd == STDOUT_FILENO) stdout_was_closed = true;
  }
}

namespace {
std::function<void()> before_stdout;
}  // namespace

void set_before_stdout(std::function<void()> hook) {
  before_stdout = std::move(hook);
}

void write_stdout(std::string_view text) {
  if (text.empty()) return;
  if (before_stdout) before_stdout();
  if (stdout_was_closed) throw_write_error(EBADF);
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw_write_error(errno);
  }
}

void finish_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) throw_write_error(errno ? errno : EIO);
}

}  // namespace pgdrift::cli

#include "shadow/guardian.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace pgdrift::shadow {

Guardian::Guardian(std::function<void()> cleanup) {
  int fds[2];
  // Close-on-exec, so no program pgdrift starts (pg_ctl, the postmaster) inherits the
  // write end and keeps the watcher waiting.
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error("cannot start the cleanup watcher");
  }
  if (pid == 0) {
    // The watcher: its own session, so Ctrl-C at the terminal reaches pgdrift but not
    // it; no stdin/stdout, so it never holds a pipe a caller reads to EOF (stderr stays,
    // for cleanup trouble).
    setsid();
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, SIG_IGN);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    const int keep = fds[0];
    for (int fd = 3; fd < 1024; ++fd) {
      if (fd != keep) close(fd);
    }
    for (char byte;;) {
      const ssize_t r = read(keep, &byte, 1);
      if (r == 0 || (r < 0 && errno != EINTR)) break;  // end of file: pgdrift is done or gone
    }
    try {
      cleanup();
    } catch (...) {
    }
    _exit(0);
  }
  close(fds[0]);
  write_end_ = fds[1];
  watcher_pid_ = pid;
}

Guardian::~Guardian() {
  close(write_end_);
  int status = 0;
  while (waitpid(watcher_pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace pgdrift::shadow

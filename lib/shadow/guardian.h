// shadow/guardian.h — cleanup that happens even when pgdrift is killed.
//
// A shadow cluster or temporary database must not outlive the run, also when the run
// ends by Ctrl-C, SIGTERM or even SIGKILL. The Guardian forks a small watcher process
// holding the read end of a pipe; the pipe's write end closes when this object is
// destroyed or when pgdrift dies for any reason, and the watcher then runs the cleanup
// and exits. The normal path and the abnormal one run the same cleanup code. Depends on
// nothing but POSIX.
#pragma once

#include <functional>

namespace pgdrift::shadow {

class Guardian {
 public:
  /// Starts the watcher; \a cleanup runs in it (a copy of the function, taken now).
  explicit Guardian(std::function<void()> cleanup);
  /// Triggers the cleanup and waits for it to finish.
  ~Guardian();
  Guardian(const Guardian&) = delete;
  Guardian& operator=(const Guardian&) = delete;

 private:
  int write_end_ = -1;
  int watcher_pid_ = -1;
};

}  // namespace pgdrift::shadow

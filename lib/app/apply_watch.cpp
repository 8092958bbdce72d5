#include "app/apply_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "app/interrupts.h"
#include "app/schema_source.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

namespace fs = std::filesystem;

// An inotify descriptor with a watch on every folder under a root.
class FolderWatch {
 public:
  explicit FolderWatch(const std::string& root) : root_(root), fd_(inotify_init1(IN_CLOEXEC)) {
    if (fd_ < 0) {
      throw Error(ErrorCategory::kIo, "cannot watch " + root + ": " + std::strerror(errno));
    }
    watch_folders();
  }
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;
  ~FolderWatch() { ::close(fd_); }

  /// Waits for a change, then until nothing changed for \a quiet.
  void wait_for_quiet_change(std::chrono::milliseconds quiet) {
    wait(-1);
    while (wait(static_cast<int>(quiet.count()))) {
    }
    watch_folders();  // folders made meanwhile
  }

 private:
  // Adds a watch on the root and every folder under it not watched yet.
  void watch_folders() {
    constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                 IN_DELETE | IN_DELETE_SELF | IN_MODIFY;
    std::vector<std::string> folders{root_};
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec)) folders.push_back(it->path().string());
    }
    for (const auto& folder : folders) {
      if (watched_.count(folder)) continue;
      if (inotify_add_watch(fd_, folder.c_str(), kEvents) < 0) {
        throw Error(ErrorCategory::kIo, "cannot watch " + folder + ": " + std::strerror(errno));
      }
      watched_.insert(folder);
    }
  }

  // Whether an event came within \a timeout_ms (-1: wait as long as it takes); reads it.
  bool wait(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0) return false;
    alignas(inotify_event) char buffer[16384];
    while (::read(fd_, buffer, sizeof buffer) < 0 && errno == EINTR) {
    }
    return true;
  }

  std::string root_;
  int fd_;
  std::set<std::string> watched_;
};

ApplyRound one_round(const ApplyOptions& options, Log& log) {
  ApplyRound round;
  try {
    round.outcome = run_apply(options, log);
  } catch (const Error& e) {
    // Ctrl-C during a round ends the watch, saying what the round left.
    if (e.category() == ErrorCategory::kInterrupted) throw;
    round.error = e.what();
  }
  return round;
}

}  // namespace

void apply_and_watch(const ApplyOptions& options, std::chrono::milliseconds quiet,
                     const std::function<void(const ApplyRound&)>& report, Log& log) {
  require_schema_folder(options.schema_dir);
  FolderWatch watch(options.schema_dir);
  report(one_round(options, log));
  for (;;) {
    set_waiting_for_change(true);
    watch.wait_for_quiet_change(quiet);
    set_waiting_for_change(false);
    report(one_round(options, log));
  }
}

}  // namespace pgdrift::app

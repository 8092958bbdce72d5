// app/apply_watch.h — `pgdrift apply --watch`: apply again on every save.
//
// Watches the schema folder (inotify, every folder under it, new ones too), waits until
// the files have been quiet for a moment so that an editor's several writes apply once,
// and applies. An error (a file that does not load, a plan that does not prove, a
// statement the dev database refuses) is reported and the watch goes on; the next save
// tries again.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "app/apply.h"

namespace pgdrift::app {

/// What one round gave: its outcome, or the one sentence of the error that stopped it.
struct ApplyRound {
  std::optional<ApplyOutcome> outcome;
  std::string error;
};

/// Applies once, then after every change, until the process is stopped (Ctrl-C, SIGTERM).
/// Each round goes to \a report. Throws Error(kIo) only when the folder cannot be watched.
[[noreturn]] void apply_and_watch(const ApplyOptions& options, std::chrono::milliseconds quiet,
                                  const std::function<void(const ApplyRound&)>& report, Log& log);

}  // namespace pgdrift::app

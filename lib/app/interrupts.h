// app/interrupts.h — what Ctrl-C, SIGTERM or SIGHUP do at this moment, for the front end.
//
// The front end owns the signal handler; the library knows whether a statement can be
// cancelled instead (pg/interrupt.h: baseline's transaction). Async-signal-safe.
#pragma once

namespace pgdrift::app {

enum class InterruptAction {
  kCancelled,        ///< the running statement was asked to stop; the command undoes its work
  kStopAgain,        ///< interrupted a second time while undoing: stop at once
  kStopAfterCommit,  ///< the command's writes are committed and whole: stop at once
  kStopAfterFiles,   ///< the command's files are all written (a revert): stop at once
  kStop,             ///< nothing to undo: stop at once
  kStopWatching,     ///< a watch waiting for the next change: stop, as asked, with success
};

/// Whether a watch (`apply --watch`) is between two rounds, waiting for a change: an
/// interrupt then is how it is meant to end. Async-signal-safe.
void set_waiting_for_change(bool waiting) noexcept;

/// Called from the signal handler; async-signal-safe.
InterruptAction on_interrupt_signal() noexcept;

}  // namespace pgdrift::app

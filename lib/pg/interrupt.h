// pg/interrupt.h — Ctrl-C that cancels a statement instead of ending pgdrift.
//
// Most of pgdrift may simply stop on Ctrl-C or SIGTERM: it reads, and files appear by
// rename. Where it writes to a database and a file together (baseline's transaction),
// stopping at once can leave them disagreeing (issue 17: a COMMIT interrupted by Ctrl-C
// was rolled back while its file stayed). Inside a CancelOnInterrupt section the signal
// handler instead asks the server to cancel the running statement (PQcancel, which is
// safe in a signal handler); the code sees that statement fail, rolls back, removes its
// file and says what is true. Depends on libpq.
#pragma once

#include "pg/connection.h"

namespace pgdrift::pg {

/// While alive, an interrupt cancels the statement running on \a conn (see
/// cancel_on_interrupt) instead of ending the process. One section at a time.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(Connection& conn);
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

  /// Whether an interrupt arrived since the section began.
  [[nodiscard]] bool interrupted() const;

  /// Records that the section's work is committed and cannot be undone: an interrupt
  /// after the section closes then ends the process saying so (work_committed()), not
  /// that nothing was written.
  void mark_committed();
};

/// For the process's SIGINT / SIGTERM handler, async-signal-safe: inside a section, on
/// the first interrupt, sends the server a cancel request for the running statement,
/// records the interrupt and returns true; otherwise returns false (the handler then ends
/// the process).
bool cancel_on_interrupt() noexcept;

/// Async-signal-safe: whether a CancelOnInterrupt section is open.
bool interrupt_section_active() noexcept;

/// Async-signal-safe: whether a section of this process has committed its work.
bool work_committed() noexcept;

}  // namespace pgdrift::pg

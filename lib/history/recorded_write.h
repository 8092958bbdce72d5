// history/recorded_write.h — migration files written and recorded as applied together.
//
// `baseline` and `adopt` write files whose versions they record in dbmate's tracking
// table at once: the database already has what the files make. Both happen in ONE
// transaction under pgdrift's advisory lock (one such writer per database at a time); the
// files go into place before COMMIT and are removed when anything fails, so a recorded
// version never lacks its file. Ctrl-C or SIGTERM meanwhile cancels the running statement
// and ends the same way (pg/interrupt.h). Depends on pg/ and util/.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::history {

struct FileToWrite {
  std::string path;
  std::string text;
};

struct RecordedWrite {
  std::string command;       ///< "pgdrift baseline", for what to run again
  std::string what;          ///< "baseline", "adoption": "no <what> file was kept"
  std::string lock_timeout;  ///< PostgreSQL duration, for the transaction's locks
  std::string folder;        ///< made when missing, removed again (when empty) on failure
  std::vector<FileToWrite> files;
  /// Runs inside the transaction, after the advisory lock: re-checks what was planned
  /// (throwing when the database changed meanwhile) and records the versions.
  std::function<void(pg::Connection&)> statements;
  /// Runs after COMMIT, still deferring interrupts: removes what the work replaces
  /// (files left by an interrupted run). Must not throw.
  std::function<void()> after_commit;
  /// What to do when the connection breaks during COMMIT (whether it committed is
  /// unknown). Default: run the command again.
  std::string unknown_outcome_advice;
};

/// Runs \a write on \a conn. On any failure the transaction is rolled back and the files
/// removed, then the error is rethrown (Error(kInterrupted) for an interrupt). When the
/// connection breaks during COMMIT the outcome is unknown: the files stay and the error
/// says to run the command again. Returns true when an interrupt came only after the
/// commit (the work is whole).
[[nodiscard]] bool run_recorded_write(pg::Connection& conn, const RecordedWrite& write);

}  // namespace pgdrift::history

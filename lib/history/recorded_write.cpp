#include "history/recorded_write.h"

#include <cstdio>
#include <filesystem>

#include "pg/interrupt.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::history {
namespace {

namespace fs = std::filesystem;

// Serialises pgdrift's writers of one database (a transaction-level advisory lock,
// released by COMMIT or ROLLBACK). The key is fixed: "pgdrift baseline", the first of them.
constexpr const char* kAdvisoryLock = "SELECT pg_advisory_xact_lock(hashtext('pgdrift baseline'))";

}  // namespace

bool run_recorded_write(pg::Connection& conn, const RecordedWrite& write) {
  std::vector<std::string> in_place;
  bool outcome_unknown = false;
  std::error_code ec;
  const bool folder_existed = fs::exists(write.folder, ec);
  // From here on Ctrl-C cancels the running statement instead of ending pgdrift, so the
  // transaction and the files are undone together (issue 17).
  pg::CancelOnInterrupt interruptible(conn);
  auto undo = [&] {
    try {
      conn.exec("ROLLBACK");
    } catch (...) {
      // The connection is gone; the server rolls back by itself.
    }
    for (const auto& path : in_place) std::remove(path.c_str());
    if (!folder_existed) fs::remove(write.folder, ec);  // only if still empty
  };
  try {
    conn.exec("BEGIN");
    conn.exec("SELECT pg_catalog.set_config('lock_timeout', $1, true)", {write.lock_timeout});
    conn.exec(kAdvisoryLock);
    write.statements(conn);
    // The files go into place before COMMIT: a recorded version never lacks its file.
    fs::create_directories(write.folder);
    for (const auto& file : write.files) {
      write_file_atomically(file.path, file.text);
      in_place.push_back(file.path);
    }
    if (interruptible.interrupted()) {
      throw Error(ErrorCategory::kInterrupted, "interrupted before COMMIT");
    }
    try {
      conn.exec("COMMIT");
      interruptible.mark_committed();
    } catch (const Error& e) {
      if (e.category() != ErrorCategory::kConnection) throw;
      // The connection broke during COMMIT: it may or may not have committed. Keep the
      // files; a rerun either finds the versions recorded or replaces them.
      outcome_unknown = true;
      const std::string advice = write.unknown_outcome_advice.empty()
                                     ? "run " + write.command + " again to finish"
                                     : write.unknown_outcome_advice;
      throw Error(ErrorCategory::kConnection,
                  "the connection broke while committing, so whether "
                  "the " +
                      write.what + " was recorded is unknown; " + advice + " (" +
                      std::string(e.what()) + ")");
    }
  } catch (const Error& e) {
    if (outcome_unknown) throw;
    undo();
    if (interruptible.interrupted()) {
      // A cancelled COMMIT (its deferred triggers were still running) rolls back too.
      throw Error(ErrorCategory::kInterrupted,
                  "interrupted: the transaction was rolled back and no " + write.what +
                      " file was kept, so the database and " + write.folder + " are as they were");
    }
    throw;
  } catch (...) {
    undo();
    throw;
  }
  if (write.after_commit) write.after_commit();
  // An interrupt that came after the server had committed changes nothing: the work is
  // whole.
  return interruptible.interrupted();
}

}  // namespace pgdrift::history

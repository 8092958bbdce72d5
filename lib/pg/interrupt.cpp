#include "pg/interrupt.h"

#include <libpq-fe.h>
#include <signal.h>

#include <atomic>

#include "util/error.h"

namespace pgdrift::pg {
namespace {

// Read by the signal handler: lock-free atomics only.
std::atomic<PGcancel*> active_cancel{nullptr};
std::atomic<bool> interrupt_seen{false};
std::atomic<bool> committed{false};
static_assert(std::atomic<PGcancel*>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

// Blocks SIGINT, SIGTERM and SIGHUP in this thread (the only one running while baseline
// writes; the catalog reader's threads are done by then) while the section's state changes, so
// the handler never sees a cancel object being freed.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace

CancelOnInterrupt::CancelOnInterrupt(Connection& conn) {
  PGcancel* cancel = PQgetCancel(conn.conn_.get());
  if (!cancel) throw Error(ErrorCategory::kInternal, "cannot prepare a cancel request");
  SignalsBlocked blocked;
  interrupt_seen = false;
  if (PGcancel* old = active_cancel.exchange(cancel)) PQfreeCancel(old);
}

bool interrupt_section_active() noexcept {
  return active_cancel.load() != nullptr;
}

CancelOnInterrupt::~CancelOnInterrupt() {
  SignalsBlocked blocked;
  if (PGcancel* cancel = active_cancel.exchange(nullptr)) PQfreeCancel(cancel);
}

bool CancelOnInterrupt::interrupted() const {
  return interrupt_seen;
}

void CancelOnInterrupt::mark_committed() {
  committed = true;
}

bool work_committed() noexcept {
  return committed.load();
}

bool cancel_on_interrupt() noexcept {
  PGcancel* cancel = active_cancel.load();
  // A second interrupt ends the process: the server may be unreachable (PQcancel then
  // waits for its connect timeout), and the user has asked twice.
  if (!cancel || interrupt_seen.exchange(true)) return false;
  char error[256];
  (void)PQcancel(cancel, error, sizeof error);
  return true;
}

}  // namespace pgdrift::pg

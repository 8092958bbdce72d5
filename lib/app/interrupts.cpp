#include "app/interrupts.h"

#include <csignal>

#include "pg/interrupt.h"
#include "util/atomic_file.h"

namespace pgdrift::app {

namespace {
volatile std::sig_atomic_t waiting_for_change = 0;
}  // namespace

void set_waiting_for_change(bool waiting) noexcept {
  waiting_for_change = waiting ? 1 : 0;
}

InterruptAction on_interrupt_signal() noexcept {
  if (waiting_for_change) return InterruptAction::kStopWatching;
  if (pg::cancel_on_interrupt()) return InterruptAction::kCancelled;
  if (pg::work_committed()) return InterruptAction::kStopAfterCommit;
  if (files_published()) return InterruptAction::kStopAfterFiles;
  return pg::interrupt_section_active() ? InterruptAction::kStopAgain : InterruptAction::kStop;
}

}  // namespace pgdrift::app

#include "app/interrupts.h"

#include "pg/interrupt.h"

namespace pgdrift::app {

InterruptAction on_interrupt_signal() noexcept {
  if (pg::cancel_on_interrupt()) return InterruptAction::kCancelled;
  if (pg::work_committed()) return InterruptAction::kStopAfterCommit;
  return pg::interrupt_section_active() ? InterruptAction::kStopAgain : InterruptAction::kStop;
}

}  // namespace pgdrift::app

#include "app/interrupts.h"

#include "pg/interrupt.h"
#include "util/atomic_file.h"

namespace pgdrift::app {

InterruptAction on_interrupt_signal() noexcept {
  if (pg::cancel_on_interrupt()) return InterruptAction::kCancelled;
  if (pg::work_committed()) return InterruptAction::kStopAfterCommit;
  if (files_published()) return InterruptAction::kStopAfterFiles;
  return pg::interrupt_section_active() ? InterruptAction::kStopAgain : InterruptAction::kStop;
}

}  // namespace pgdrift::app

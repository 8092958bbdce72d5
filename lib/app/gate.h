// app/gate.h — the `pgdrift gate` use case: is it safe to run `dbmate up` now?
//
// Runs, in order, and reports everything it finds: tracking consistency (as `status`),
// drift (as `check`, with its cache), and the lint of every pending migration's up
// section. Passes only when no finding at error severity is left unaccepted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/check.h"
#include "report/gate_report.h"
#include "util/log.h"

namespace pgdrift::app {

struct GateOptions {
  CheckOptions check;                ///< the database, folder, shadow, store, ignore rules
  std::vector<std::string> allow;    ///< --allow RULE: accepted in every pending migration
  std::string format = "text";       ///< text or json
  std::optional<std::string> junit;  ///< --junit FILE
  bool github_annotations = false;   ///< GITHUB_ACTIONS=true
};

/// Options with dbmate's defaults; no report files (a gate runs often), the store kept.
GateOptions default_gate_options();

struct GateOutcome {
  bool passed = false;
  std::string output;  ///< the report, then GitHub annotations when asked for
  report::GateSummary summary;
};

GateOutcome run_gate(const GateOptions& options, Log& log);

}  // namespace pgdrift::app

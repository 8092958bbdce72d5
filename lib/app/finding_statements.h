// app/finding_statements.h — for each finding of a drift scan, the SQL that reproduces it:
// the planner's statements that turn what the history builds into the live schema, told
// apart by the object each one changes. The reports show them, so a reader sees what
// `pgdrift adopt` would write.
#pragma once

#include <map>
#include <string>

#include "app/drift_scan.h"
#include "util/log.h"

namespace pgdrift::app {

/// By diff::finding_key(): the statements of the plan from scan.expected to the live
/// schema with just scan.changes that belong to each finding (a column's by its name in
/// its table's statements). Empty when there is no drift or the planner cannot plan it
/// yet (said on \a log).
std::map<std::string, std::string> reproducing_statements(const DriftScan& scan, Log& log);

}  // namespace pgdrift::app

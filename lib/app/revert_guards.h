// app/revert_guards.h — the conditions under which each part of a revert runs.
//
// A revert is a pending migration: `dbmate up` runs it on the database that drifted, and
// also on every environment the history built (staging, a new one, the shadow `check`
// replays the history into), where the drift never was. There it must do nothing, or it
// would fail (dropping a policy that does not exist) or break what is right. So each
// transaction of the revert runs only where what it takes back is still there: conditions
// over the system catalogs (plan/drift_probe.h), found by applying the plan in a shadow
// and asking, before each part and after the last, what state each object the findings
// name is in. A condition is kept for a part when it holds before that part and no longer
// holds once the revert is done; the simplest that does (the object exists, it does not,
// its state differs from the reverted one) is preferred.
#pragma once

#include <vector>

#include "model/catalog.h"
#include "plan/drift_probe.h"
#include "plan/plan_text.h"
#include "plan/statement.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// The objects the findings between \a from and \a to name (objects of either catalog,
/// and columns of tables in both), keyed as findings are ("kind|object").
std::vector<plan::ProbeTarget> finding_targets(const diff::ChangeSet& findings,
                                               const model::Catalog& from,
                                               const model::Catalog& to);

/// A guard per part of \a parts (plan::plan_parts of a plan from \a from), found by
/// applying them to \a from replayed in a new database of \a shadow. Throws
/// Error(kUnsupported) when a transaction of the plan changes nothing the probes of
/// \a targets can see, naming what they cannot.
std::vector<plan::Guard> find_guards(shadow::Shadow& shadow, const model::Catalog& from,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::ProbeTarget>& targets, Log& log);

}  // namespace pgdrift::app

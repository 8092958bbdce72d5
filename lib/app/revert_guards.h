// app/revert_guards.h — the conditions under which each part of a revert runs, and the
// proof that where the drift is absent none of them holds.
//
// A revert is a pending migration: `dbmate up` runs it on the database that drifted, and
// also on every environment the history built (staging, a new one, the shadow `check`
// replays the history into), where the drift never was. There it must do nothing, or it
// would fail (dropping a policy that does not exist) or redo work. So each transaction of
// the revert runs only where what it takes back is still there: conditions over the
// system catalogs (plan/drift_probe.h), found by applying the plan in a shadow and asking,
// before each part and after the last, what state each object the findings and the
// statements name is in. A part's conditions are about the objects it changes (or, for a
// part no probe sees change, as a constraint added NOT VALID, the next part's): that an
// object exists or does not where the end differs in that; else that the parts of its
// state the revert changes are not yet as it leaves them. Each holds before the part and
// not after the revert.
#pragma once

#include <vector>

#include "app/drift_scan.h"
#include "model/catalog.h"
#include "plan/drift_probe.h"
#include "plan/plan_text.h"
#include "plan/statement.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// The objects the findings between \a from and \a to name (objects of either catalog,
/// and columns of tables), and every object a statement of \a parts creates, drops or
/// changes.
std::vector<plan::ProbeTarget> revert_targets(const diff::ChangeSet& findings,
                                              const model::Catalog& from, const model::Catalog& to,
                                              const std::vector<plan::Plan>& parts);

/// A guard per part of \a parts (plan::plan_parts of a plan from \a from), found by
/// applying them to \a from replayed in a new database of \a shadow. Throws
/// Error(kUnsupported) when a transaction of the plan changes nothing the probes of
/// \a targets can tell apart, naming its file and objects.
std::vector<plan::Guard> find_guards(shadow::Shadow& shadow, const model::Catalog& from,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::ProbeTarget>& targets, Log& log);

/// Replays the history \a scan replayed (its applied files, as its migration role, with
/// the live database's settings) into a new database of \a shadow (which must have the
/// live roles and tablespaces: DriftScan::roles), as every
/// environment the history built has it, and runs the guarded \a parts there as dbmate
/// would. Throws Error(kInput) naming it when a condition holds there, an index is built
/// or dropped there, or a part fails.
void require_nothing_runs_on_history(shadow::Shadow& shadow, const DriftScan& scan,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::Guard>& guards, Log& log);

}  // namespace pgdrift::app

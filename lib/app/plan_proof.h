// app/plan_proof.h — a plan is applied in a shadow before anyone sees it.
//
// FROM's snapshot is replayed into an empty shadow database, the plan is applied there in
// one transaction (as dbmate applies a migration), and the result is read with the same
// reader and compared with TO. Deparse is not always a fixpoint, so when only changed
// definitions remain, TO itself is replayed once and compared again (as `check` does).
#pragma once

#include <string>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// Applies \a plan_sql (statements without BEGIN/COMMIT) to \a from in a shadow started
/// with \a options and compares the result with \a to. Throws Error(kInput) naming what
/// failed or what still differs.
void prove_plan(const model::Catalog& from, const model::Catalog& to, const std::string& plan_sql,
                const shadow::ShadowOptions& options, const LiveSource& reading, Log& log);

}  // namespace pgdrift::app

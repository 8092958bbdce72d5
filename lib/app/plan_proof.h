// app/plan_proof.h — a plan is applied in a shadow before anyone sees it.
//
// FROM's snapshot is replayed into an empty shadow database, the plan is applied there in
// one transaction (as dbmate applies a migration), and the result is read with the same
// reader and compared with TO. Deparse is not always a fixpoint, so when only changed
// definitions remain, TO itself is replayed once and compared again (as `check` does).
#pragma once

#include <memory>
#include <string>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// A shadow for plans between \a from and \a to: of their server's major, with every role
/// either names (as NOLOGIN roles on a throwaway cluster).
std::unique_ptr<shadow::Shadow> start_proof_shadow(const model::Catalog& from,
                                                   const model::Catalog& to,
                                                   const shadow::ShadowOptions& options, Log& log);

/// Applies \a plan_sql (statements without BEGIN/COMMIT) to \a from in a new database of
/// \a shadow and compares the result with \a to. Throws Error(kInput) naming what failed or
/// what still differs.
struct ProofLabels {
  std::string plan = "plan";  ///< "plan", "down section"
  std::string from = "FROM";
  std::string to = "TO";
};
void prove_plan(shadow::Shadow& shadow, const model::Catalog& from, const model::Catalog& to,
                const std::string& plan_sql, const ProofLabels& labels, const LiveSource& reading,
                Log& log);

}  // namespace pgdrift::app

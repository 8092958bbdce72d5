// app/plan_proof.h — a plan is applied in a shadow before anyone sees it.
//
// FROM's snapshot is replayed into an empty shadow database, the plan is applied there as
// dbmate applies its files, and the result is read with the same reader and compared
// with TO. Deparse is not always a fixpoint, so when only changed
// definitions remain, TO itself is replayed once and compared again (as `check` does).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "plan/statement.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// A shadow for plans between \a from and \a to: of their server's major, with every role
/// either names (as NOLOGIN roles on a throwaway cluster).
std::unique_ptr<shadow::Shadow> start_proof_shadow(const model::Catalog& from,
                                                   const model::Catalog& to,
                                                   const shadow::ShadowOptions& options, Log& log);

/// Creates in \a shadow, as NOLOGIN roles, every role \a from and \a to name that it
/// lacks (for a shadow started before both catalogs were known).
void create_proof_roles(shadow::Shadow& shadow, const model::Catalog& from,
                        const model::Catalog& to, Log& log);

struct ProofLabels {
  std::string plan = "plan";  ///< "plan", "down section"
  std::string from = "FROM";
  std::string to = "TO";
};

/// A database of the shadow where a plan was applied, and what it looked like on the way.
struct ProvenDatabase {
  pg::ConnectOptions where;
  /// With read_each_part: the catalog as replayed from FROM, then after each part of the
  /// plan (plan::plan_parts), read with the same reader.
  std::vector<model::Catalog> states;
};

/// Replays \a from in a new database of \a shadow, applies \a plan there part by part as
/// a migration tool would (each transaction whole, each statement that cannot run in one
/// alone) and compares the result with \a to. Throws Error(kInput) naming what failed or
/// what still differs.
ProvenDatabase prove_plan(shadow::Shadow& shadow, const model::Catalog& from,
                          const model::Catalog& to, const plan::Plan& plan,
                          const ProofLabels& labels, const LiveSource& reading, Log& log,
                          bool read_each_part = false);

/// prove_plan for a plan already written as what a client sends (plan::plan_runs, or
/// guarded parts: plan::part_run): \a runs, one per part.
ProvenDatabase prove_runs(shadow::Shadow& shadow, const model::Catalog& from,
                          const model::Catalog& to, const std::vector<std::string>& runs,
                          const ProofLabels& labels, const LiveSource& reading, Log& log,
                          bool read_each_part = false);

/// The way back, part by part: on \a database (in the state of states.back()), applies
/// downs[k] for k from the last to the first, each time comparing with states[k] (the
/// state before part k + 1). Stops at a part with no way back (\a downs[k] is nullopt).
void prove_downs(shadow::Shadow& shadow, const ProvenDatabase& database,
                 const std::vector<std::optional<plan::Plan>>& downs, const LiveSource& reading,
                 Log& log);

}  // namespace pgdrift::app

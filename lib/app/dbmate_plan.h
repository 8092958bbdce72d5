// app/dbmate_plan.h — a plan as dbmate migration files: one file per part of the plan
// (plan::plan_parts), each with a down section that goes back from it, and both ways
// proven in a shadow before any file is written. Used by `plan --format dbmate`,
// `revert` and `adopt`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "plan/plan_text.h"
#include "plan/statement.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// The way back from one file: a plan in one transaction, or why there is none.
struct DownSection {
  std::optional<plan::Plan> plan;
  std::string refused;
};

/// The way back from \a after to \a before in plain forms and one transaction (dbmate runs
/// a down section in one; a way back is for an emergency), or why there is none.
DownSection plan_down_section(const model::Catalog& after, const model::Catalog& before);

/// Plans the down section of part \a part (0-based) from the states the shadow showed
/// after and before it.
using DownPlanner = std::function<DownSection(size_t part, const model::Catalog& after,
                                              const model::Catalog& before)>;

/// Proves \a plan from \a from to \a to in \a shadow part by part (app/plan_proof.h), plans
/// each part's down section from the states read on the way (with \a down_planner, else
/// plan_down_section), and proves those from the last back. Throws as prove_plan does.
/// With \a guards (one per part), the parts are proven as guarded (plan::part_run).
std::vector<DownSection> prove_both_ways(shadow::Shadow& shadow, const model::Catalog& from,
                                         const model::Catalog& to, const plan::Plan& plan,
                                         const LiveSource& reading, Log& log,
                                         const DownPlanner& down_planner = {},
                                         const std::vector<plan::Guard>* guards = nullptr);

struct DbmateFiles {
  std::vector<std::string> paths;  ///< <dir>/<version>_<name>[_<k>].sql
  std::vector<std::string> texts;
  std::vector<std::string> versions;
};

/// The files for \a parts, versions one second apart from now (so dbmate runs them in
/// order), each up section under its guard when \a guards is given. Throws Error(kIo) when a
/// version is taken in \a dir already.
DbmateFiles dbmate_files(const std::string& dir, const std::string& name,
                         const std::vector<plan::Plan>& parts,
                         const std::vector<DownSection>& downs, bool proven,
                         const plan::PlanLabels& labels,
                         const std::vector<plan::Guard>* guards = nullptr);

/// Writes every file atomically, all or none (write_files_atomically): a dbmate run that
/// found some parts of a plan without the others would apply half of it.
void write_all_or_none(const DbmateFiles& files);

}  // namespace pgdrift::app

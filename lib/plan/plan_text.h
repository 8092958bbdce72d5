// plan/plan_text.h — a Plan as a SQL script, as the up section of a dbmate migration,
// or as JSON.
//
// The hazards are listed in the header with the line each statement starts on, the way
// gate names them. Depends on plan/statement.h.
#pragma once

#include <string>

#include "plan/statement.h"

namespace pgdrift::plan {

struct PlanLabels {
  std::string from;  ///< what the plan starts from, e.g. a database or a file
  std::string to;
};

/// The statements with a comment line naming each one's object, after the settings the
/// renderer's text needs (SET LOCAL: they end with the migration's transaction). Meant to
/// run between BEGIN and COMMIT; sections after the first are separated by COMMIT and
/// BEGIN.
std::string plan_body(const Plan& plan);

/// A script for psql: a header (labels, hazards with their lines), then BEGIN, the body
/// and COMMIT. An empty plan is a header that says so.
std::string plan_script(const Plan& plan, const PlanLabels& labels);

/// A dbmate migration file: "-- migrate:up" with the header (labels, hazards with their
/// lines) and \a up's body, then "-- migrate:down" with \a down's body, or, when
/// \a down_refused is set, a statement that raises saying why there is no way back. dbmate
/// runs each section in a transaction: both plans must have one section each.
std::string plan_dbmate_file(const Plan& up, const Plan& down, const PlanLabels& labels,
                             const std::string& down_refused, bool proven);

/// {"from", "to", "statements": [{"object", "kind", "action", "section", "sql", "hazards"}],
///  "possible_renames"}.
std::string plan_json(const Plan& plan, const PlanLabels& labels);

}  // namespace pgdrift::plan

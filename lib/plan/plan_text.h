// plan/plan_text.h — a Plan as a SQL script, as dbmate migration files, or as JSON.
//
// A plan runs in parts (plan/statement.h's sections): a transaction, or a statement that
// cannot run in one (CREATE INDEX CONCURRENTLY), on its own. The hazards are listed in the
// header with the line each statement starts on, the way gate names them. Depends on
// plan/statement.h.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "plan/statement.h"

namespace pgdrift::plan {

struct PlanLabels {
  PlanLabels(std::string from_label = "", std::string to_label = "")
      : from(std::move(from_label)), to(std::move(to_label)) {}
  std::string from;  ///< what the plan starts from, e.g. a database or a file
  std::string to;
  std::string title = "pgdrift plan";  ///< the header's first line
  /// More header lines (without "-- "), e.g. the findings a revert takes back.
  std::vector<std::string> notes;
};

/// A condition a part of a revert runs under: a boolean SQL expression over the system
/// catalogs (plan/drift_probe.h) and what it says, for the comment beside it.
struct Condition {
  std::string sql;
  std::string says;
  bool operator==(const Condition&) const = default;
};

/// A part that does nothing where what it takes back is absent. A transaction's statements
/// run inside one PL/pgSQL DO block, only when every condition holds; a statement that
/// runs outside a transaction (an index built or dropped CONCURRENTLY) is written with IF
/// NOT EXISTS or IF EXISTS instead. Throws Error(kUnsupported) for a transaction without
/// conditions or another statement outside a transaction.
struct Guard {
  std::vector<Condition> only_if;
};

/// The plan cut where it must be: each part is one transaction's statements, or one
/// statement that runs outside any transaction. Empty for an empty plan.
std::vector<Plan> plan_parts(const Plan& plan);

/// Whether \a part (one of plan_parts()) runs outside a transaction.
bool outside_transaction(const Plan& part);

/// A part's statements, each after a comment line naming its object; a transaction's
/// first, the settings the renderer's text needs (SET LOCAL: they end with the
/// transaction). Without BEGIN and COMMIT. With \a guard, written to do nothing where its
/// conditions do not hold.
std::string part_body(const Plan& part, const Guard* guard = nullptr);

/// What a client sends to run one part: "BEGIN; ... COMMIT;" for a transaction.
std::string part_run(const Plan& part, const Guard* guard = nullptr);

/// What a client sends the server, one string at a time, to run \a plan as a migration
/// tool would: "BEGIN; ... COMMIT;" for each transaction, each other statement alone (a
/// string of several statements runs in an implicit transaction).
std::vector<std::string> plan_runs(const Plan& plan);

/// A script for psql: a header (labels, hazards with their lines), then each part: a
/// transaction between BEGIN and COMMIT, or its statement alone. An empty plan is a
/// header that says so.
std::string plan_script(const Plan& plan, const PlanLabels& labels);

/// One dbmate migration file for one part of a plan (\a number of \a count):
/// "-- migrate:up" (with transaction:false for a part outside a transaction) with the
/// header (labels, hazards with their lines) and the part, then "-- migrate:down" with
/// \a down, the way back from this part, or, when \a down_refused is set, a statement that
/// raises saying why there is none.
struct DbmateFile {
  const Plan& up;
  const Plan& down;  ///< one transaction
  size_t number = 1;
  size_t count = 1;
  std::string down_refused;
  bool proven = false;           ///< the whole plan was proven in a shadow
  bool down_proven = false;      ///< and this file's way back too
  const Guard* guard = nullptr;  ///< the up section's, for a revert
};
std::string plan_dbmate_file(const DbmateFile& file, const PlanLabels& labels);

/// {"from", "to", "statements": [{"object", "kind", "action", "section",
///  "outside_transaction", "sql", "hazards"}], "possible_renames"}.
std::string plan_json(const Plan& plan, const PlanLabels& labels);

}  // namespace pgdrift::plan

// plan/statement.h — what the planner produces: ordered statements that carry their
// object, their action and their hazards.
//
// A Plan is data, not text: the writers (SQL, dbmate file, JSON) decide the format, and
// `gate` judges the same statements a user reviews. Depends on model/.
#pragma once

#include <string>
#include <vector>

#include "model/object_id.h"

namespace pgdrift::plan {

enum class Action { kCreate, kDrop, kAlter, kReplace };

/// "create", "drop", "alter" or "replace".
const char* action_name(Action action);

/// Why a statement needs a reviewer's attention. The rule ids are gate's (lint/rules.h),
/// so a plan's file and `pgdrift gate` name the same hazard the same way.
struct Hazard {
  std::string rule;     ///< e.g. "drop-table", "drop-column", "alter-column-type"
  std::string message;  ///< one line, naming the object
  bool operator==(const Hazard&) const = default;
};

struct Statement {
  model::ObjectId object;  ///< the object the statement creates, drops or changes
  Action action = Action::kAlter;
  std::string sql;  ///< one or more statements, each ending in ";\n"
  std::vector<Hazard> hazards;
  /// Sections run in order, each after the one before has committed. Odd sections (and
  /// 0, which holds new enum labels: no transaction may use one before it is committed)
  /// are transactions; even sections above 0 hold statements that cannot run in a
  /// transaction block (CREATE INDEX CONCURRENTLY), each run on its own.
  int section = 1;
  /// This statement cannot run in a transaction block (its section is even and above 0).
  bool outside_transaction = false;
  bool operator==(const Statement&) const = default;
};

/// How the planner writes changes that lock busy tables.
struct PlanOptions {
  /// Online forms where PostgreSQL has one: indexes on existing tables built and dropped
  /// CONCURRENTLY, foreign keys and checks added NOT VALID and validated in a later
  /// transaction, unique keys and primary keys added USING INDEX built concurrently, SET
  /// NOT NULL through a validated check. Off: the plain forms, in fewer transactions
  /// (an empty database, a maintenance window), each locking form listed as a hazard.
  bool online = true;
  /// With online forms, an index whose definition changes is built anew concurrently
  /// under a free name and takes the old one's name, and a changed unique or primary key
  /// is added USING an index built concurrently. Off (a revert, whose parts must do
  /// nothing where the drift is absent, and a concurrent build cannot be made to): both
  /// are dropped and created in a transaction, with the hazard named.
  bool concurrent_rebuilds = true;
};

struct Plan {
  std::vector<Statement> statements;  ///< in the order they must run
  /// Removed and added tables or columns of identical definition: possible renames a
  /// reviewer should look at ("public.t.old -> public.t.new").
  std::vector<std::string> possible_renames;
  bool empty() const { return statements.empty(); }
};

}  // namespace pgdrift::plan

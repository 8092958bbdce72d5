// plan/alteration.h — per-kind generators of the statements that change an object in
// place (internal to plan/).
//
// Each generator compares the object on the two sides and answers: the ALTER statements
// that turn one into the other, or "recreate" where PostgreSQL has no ALTER form (the
// planner then drops and creates it, with its dependents), or a reason it cannot be
// planned yet. Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"
#include "plan/statement.h"

namespace pgdrift::plan {

/// Statements that run together, after the objects named in \a waits_for exist in their
/// target form (a sequence is owned by a column only once the column is there).
struct AlterStep {
  std::vector<Statement> statements;
  std::vector<model::ObjectId> waits_for;
  /// Validates what the object's first step added NOT VALID: runs in a later transaction,
  /// after the object is usable by what depends on it.
  bool validates = false;
};

struct Alteration {
  std::vector<AlterStep> steps;  ///< in order; empty when nothing differs
  bool recreate = false;         ///< no ALTER form: drop and create the object
  /// A column was retyped or dropped: views, rules, policies, triggers and functions over
  /// the table must be dropped before and created again after.
  bool rebuilds_dependents = false;
  std::string unsupported;  ///< non-empty: why this change cannot be planned yet
};

struct Sides {
  const model::Catalog& from;
  const model::Catalog& to;
  bool online = true;  ///< PlanOptions::online
};

/// The statements for a changed object. Dispatches on the kind; owner, comment and
/// privileges are handled for every kind that is not recreated.
Alteration alter_object(const model::Object& from, const model::Object& to, const Sides& sides);

// Per-kind generators (alter_*.cpp).
Alteration alter_table(const model::Object& from, const model::Object& to, const Sides& sides);
Alteration alter_sequence(const model::Object& from, const model::Object& to);
Alteration alter_function(const model::Object& from, const model::Object& to);
Alteration alter_type(const model::Object& from, const model::Object& to);
Alteration alter_extension(const model::Object& from, const model::Object& to);
Alteration alter_policy(const model::Object& from, const model::Object& to);

/// ALTER ... OWNER TO, COMMENT ON and GRANT/REVOKE for what differs of those three.
std::vector<Statement> alter_owner_comment_privileges(const model::Object& from,
                                                      const model::Object& to,
                                                      int server_version_num);

/// \a acl as ALTER ... OWNER TO leaves it: the old owner's items become the new owner's.
model::Acl acl_after_owner_change(model::Acl acl, const std::string& old_owner,
                                  const std::string& new_owner);

/// Whether table \a table has parents or children (inheritance or partitions) on either
/// side: a check added to it, or a NOT NULL, reaches them too.
bool has_relatives(const model::Object& table, const Sides& sides);

/// A statement for \a object with \a action and \a sql.
Statement statement(const model::ObjectId& object, Action action, std::string sql,
                    std::vector<Hazard> hazards = {});

}  // namespace pgdrift::plan

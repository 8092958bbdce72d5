// plan/name_changes.h — objects that only change their name are renamed, not rebuilt
// (internal to plan/).
//
// An index, a table constraint or a column's sequence that TO has under another name and
// is otherwise the same — typically the names PostgreSQL derived from a table that
// `--rename` renames (orders_pkey, orders_id_seq), or an index a person renamed by hand —
// is renamed with ALTER ... RENAME: an index is not built again, and a sequence keeps its
// value (dropped and created, it would start again at 1 and the next insert would collide).
// The planner then plans from FROM as PostgreSQL leaves it after the renames. Pure.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"
#include "plan/statement.h"

namespace pgdrift::plan {

struct NameChange {
  model::ObjectKind kind;  ///< kIndex, kConstraint or kSequence
  std::string schema;
  std::string table;   ///< the table of an index, a constraint or an identity; else ""
  std::string column;  ///< the column of an identity's sequence or of a NOT NULL (18); else ""
  std::string from;
  std::string to;
};

/// What only changes its name between \a from and \a to (both normalized):
/// - an index, when its definition, with the name, is the same on the same table;
/// - a constraint of a table without parents or children, when its definition is the same
///   (and a key's index follows its name, as PostgreSQL renames it with the constraint);
/// - a sequence owned by the same column with the same options, or the sequence of an
///   identity column that stays one;
/// - on PostgreSQL 18, a column's NOT NULL constraint, when TO has it under the name
///   PostgreSQL chooses for the table and column (or another), otherwise the same.
/// Only where the new name is free in FROM, and nothing but tables, constraints and
/// indexes depends on the object (a view or rule would print the new name, which FROM's
/// text does not have).
std::vector<NameChange> find_name_changes(const model::Catalog& from, const model::Catalog& to);

/// \a from as PostgreSQL leaves it after \a changes: the objects under their new ids, and
/// what prints their names (an index's definition, column defaults calling nextval(),
/// identity columns, replica identities, partition indexes' parents, dependencies).
model::Catalog with_name_changes(model::Catalog from, const std::vector<NameChange>& changes);

/// ALTER INDEX / ALTER TABLE ... RENAME CONSTRAINT / ALTER SEQUENCE ... RENAME TO.
std::vector<Statement> name_change_statements(const std::vector<NameChange>& changes);

}  // namespace pgdrift::plan

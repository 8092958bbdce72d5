// plan/online.h — the forms that build indexes and keys on a table with rows without
// blocking its writers (internal to plan/).
//
// An index on an existing table is built CONCURRENTLY (outside any transaction); a unique
// or primary key is such an index, then ADD CONSTRAINT ... USING INDEX; a foreign key or a
// check is added NOT VALID and validated in a later transaction. Each function answers
// with nullopt where its form does not apply, and the planner falls back to the plain
// form, with its hazard. Pure: no I/O.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "model/catalog.h"

namespace pgdrift::plan {

/// CREATE [UNIQUE] INDEX CONCURRENTLY for index \a o, named \a name (its own name, or the
/// name it is built under before it replaces the old one); nullopt when its definition is
/// not in pg_get_indexdef's form or names a partitioned table (ON ONLY).
std::optional<std::string> concurrent_index_build(const model::Object& o, const model::IndexDef& d,
                                                  const std::string& name);

/// What an index has besides its definition: CLUSTER ON, per-column statistics targets,
/// its comment. Empty when it has none.
std::string index_settings(const model::Object& o, const model::IndexDef& d);

/// DROP INDEX CONCURRENTLY.
std::string concurrent_index_drop(const model::Object& o);

/// A unique or primary key added without a long lock: its index, built concurrently, and
/// the constraint made from it.
struct OnlineKey {
  std::string build;  ///< CREATE UNIQUE INDEX CONCURRENTLY
  std::string add;    ///< ALTER TABLE ... ADD CONSTRAINT ... USING INDEX, then comments
};
/// nullopt for other constraints and for keys with storage options (WITH (...)), whose
/// index USING INDEX would not reproduce.
std::optional<OnlineKey> online_key(const model::Object& o, const model::ConstraintDef& d);

/// A foreign key or check added NOT VALID (with its comment), and its validation.
struct NotValidConstraint {
  std::string add;
  std::string validate;
};
NotValidConstraint not_valid_constraint(const model::Object& o, const model::ConstraintDef& d);

/// \a base followed by \a suffix (and a number, if need be), shortened to PostgreSQL's
/// 63 bytes without cutting a character in two, such that \a taken(name) is false.
std::string unused_name(const std::string& base, const std::string& suffix,
                        const std::function<bool(const std::string&)>& taken);

}  // namespace pgdrift::plan

// model/object_id.h — the identity of a schema object across databases.
//
// An ObjectId names an object the way a person would, never by OID, so the same
// object in two databases has the same id: kind + schema + name, plus the table for
// objects that live on a table (constraints, indexes' owning table is not part of
// their identity since index names are unique per schema), and the argument types for
// routines. Ids order totally (kind first), which fixes every collection's order.
#pragma once

#include <compare>
#include <string>

#include "model/object_kind.h"

namespace pgdrift::model {

struct ObjectId {
  ObjectKind kind = ObjectKind::kSchema;
  std::string schema;  ///< "" for database-wide objects (schemas, extensions, ...)
  std::string table;   ///< owning table for constraints, triggers, policies, rules
  std::string name;
  /// Identity argument types of functions, aggregates and operators ("left, right",
  /// NONE for a prefix operator); the access method of operator classes and families;
  /// the target type of a cast (name: the source type); the language of a transform
  /// (name: the type); the server of a user mapping (name: the role or PUBLIC); the object
  /// type of default privileges.
  std::string args;

  auto operator<=>(const ObjectId&) const = default;
  bool operator==(const ObjectId&) const = default;
};

/// Human-readable description, e.g. `table public.users`, `function public.f(integer)`,
/// `constraint users_pkey on public.users`. Used in headers, warnings and errors.
std::string describe(const ObjectId& id);

}  // namespace pgdrift::model

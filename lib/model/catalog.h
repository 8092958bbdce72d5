// model/catalog.h — a whole database schema as plain values.
//
// The Catalog is what the reader produces and what the renderer, the differ and the
// stores consume. Objects are kept sorted by ObjectId, so every traversal is in a
// deterministic order whatever order the server returned rows in.
#pragma once

#include <string>
#include <vector>

#include "model/objects.h"

namespace pgdrift::model {

/// A catalog row of a kind pgdrift does not model yet, named so it is never dropped in
/// silence (snapshot prints each one as a warning).
struct UnsupportedObject {
  std::string kind;  ///< e.g. "text search configuration", "foreign table"
  std::string name;  ///< qualified, printable name
  auto operator<=>(const UnsupportedObject&) const = default;
  bool operator==(const UnsupportedObject&) const = default;
};

struct Catalog {
  /// Version of the snapshot format (JSON layout and rendering rules). Bump it whenever
  /// either changes, so cached snapshots are rebuilt rather than compared.
  // 2: columns carry PostgreSQL 18's not_null_constraint.
  // 3: operators, operator families and classes, text search objects, casts,
  //    conversions, languages, access methods, transforms, foreign-data wrappers,
  //    servers, user mappings, foreign tables, base and shell types are modelled.
  // 4: subscriptions are modelled, and the tablespace of tables, materialized views,
  //    indexes and the indexes of constraints.
  static constexpr int kFormatVersion = 4;

  int server_version_num = 0;  ///< e.g. 150018; decides version-dependent defaults
  std::vector<Object> objects;
  std::vector<UnsupportedObject> unsupported;

  /// Finds an object by id (binary search); nullptr when absent. Requires normalize().
  const Object* find(const ObjectId& id) const;
};

/// The objects whose credentials (kRedactedCredential) were not copied from the
/// database, described for a person to re-enter them; in catalog order. A subscription
/// whose connection string the reading role could not see is one of them.
std::vector<std::string> objects_with_redacted_credentials(const Catalog& catalog);

/// About how many relations replaying \a catalog creates: tables and materialized views
/// with a TOAST table and its index, indexes (also those of keys), sequences (also those
/// of identity columns), views.
size_t relation_count(const Catalog& catalog);

/// Sorts objects, their dependency lists and the unsupported list; removes duplicate
/// and self dependencies and dependencies on objects that are not in the catalog.
/// Throws Error(kInternal) when two objects share an id.
void normalize(Catalog& catalog);

}  // namespace pgdrift::model

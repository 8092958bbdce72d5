// catalog/reader.h — reads a live schema from the system catalogs into a model::Catalog.
//
// One set-based query per object kind (lib/catalog/sql/<kind>.sql), whatever the number
// of tables; OIDs are used only inside the reader, to resolve pg_depend edges, and
// never reach the model. Objects that belong to extensions, objects in system schemas
// and PostgreSQL's own implicit objects (row types, array types, constraint indexes,
// ...) are excluded for a named reason; objects of kinds not modelled yet are listed
// in Catalog::unsupported. Depends on pg/ and model/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/change_recorder.h"
#include "model/catalog.h"
#include "pg/connection.h"
#include "util/log.h"

namespace pgdrift::catalog {

struct ReadOptions {
  std::vector<std::string> schemas;          ///< only these schemas (empty: all)
  std::vector<std::string> exclude_schemas;  ///< never these
  /// Connections sharing the snapshot that run queries side by side (1: only the
  /// caller's own connection).
  int connections = 2;
};

/// Reads the catalog through \a conn, which must already be inside the read-only
/// snapshot transaction (pg::begin_read_snapshot). Reports one progress line per kind
/// to \a log. Throws Error with the kind being read as context ("reading indexes: ...").
model::Catalog read_catalog(pg::Connection& conn, const ReadOptions& options, Log& log);

/// An object read, with the catalog row it was read from.
struct ObjectRef {
  std::uint32_t classid = 0;  ///< the catalog's OID (pg_class: 1259, ...)
  std::uint32_t oid = 0;
  model::ObjectId id;
};

/// What read_changes_since needs from an earlier read of the same database: the catalog
/// row of each object, in (classid, oid) order. OIDs of one database, meaningless
/// anywhere else.
struct ReadBase {
  std::vector<ObjectRef> objects;
};

struct CatalogAndBase {
  model::Catalog catalog;
  ReadBase base;  ///< for the next read_changes_since
  /// read_changes_since: the relations read again, and whether everything was read again.
  size_t relations_read = 0;
  bool read_everything = false;
};

/// read_catalog, and the base a later read_changes_since starts from.
CatalogAndBase read_catalog_with_base(pg::Connection& conn, const ReadOptions& options, Log& log);

/// The catalog after changes made to the database since \a since.previous was read (with
/// the same \a options, giving \a since.base), without reading again what did not change: the
/// tables, views, sequences and the objects on them (columns, indexes, constraints,
/// triggers, policies, rules) are read again only for the relations touched since
/// (sql/relation_changes.sql says which); every other kind, and the dependencies, are
/// read in full; the rest is kept from the previous read. \a since.horizon is
/// txid_current() taken
/// in the database after that read and before the changes, with nothing changing the
/// database in between (a shadow replaying migrations). The result equals what
/// read_catalog_with_base would return. When a role changed (role names appear in every
/// kind), or \a conn is not a superuser's (it cannot see pg_authid), everything is read.
struct ReadSince {
  model::Catalog previous;
  ReadBase base;
  std::uint64_t horizon = 0;
  std::optional<std::vector<RecordedChange>> recorded;
};
CatalogAndBase read_changes_since(pg::Connection& conn, const ReadOptions& options, ReadSince since,
                                  Log& log);

/// A base as JSON text, to keep it beside a shadow image, naming objects by their place
/// in \a read, the catalog it came with; and back, with that catalog (as its JSON read
/// back: the same objects in the same order). read_base_from_json throws Error(kInput)
/// for text that is not a base of \a read.
std::string read_base_to_json(const ReadBase& base, const model::Catalog& read);
ReadBase read_base_from_json(std::string_view text, const model::Catalog& read);

}  // namespace pgdrift::catalog

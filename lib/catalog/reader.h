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
#include <functional>
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

/// An object of a table, view, materialized view or sequence (the relation itself, an
/// index, constraint, trigger, policy or rule of it) in a catalog read.
struct ObjectRef {
  std::uint32_t classid = 0;  ///< the catalog row it was read from: pg_class is 1259, ...
  std::uint32_t oid = 0;
  std::uint32_t relation = 0;  ///< the pg_class OID of the relation it belongs to
  std::uint32_t index = 0;     ///< its place in the read's catalog (normalised)
};

/// What read_changes_since needs from an earlier read of the same database: those
/// objects, in (classid, oid) order. OIDs of one database, meaningless anywhere else.
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

/// Where a read of changes starts: an earlier read of the database (read_catalog_with_base
/// with the same options), the horizon (txid_current() taken in the database after that
/// read, with the change recorder installed, and before the changes, nothing else
/// changing the database in between: a shadow replaying migrations), and what the change
/// recorder saw meanwhile (change_recorder.h; nullopt when it could not tell).
struct ReadSince {
  /// The earlier read's catalog, asked for once the read needs it (it may still be
  /// loading meanwhile).
  std::function<model::Catalog()> previous;
  ReadBase base;
  std::uint64_t horizon = 0;
  std::optional<std::vector<RecordedChange>> recorded;
};

/// The catalog after the changes made since \a since.previous was read, without reading
/// again what did not change: the tables, views, sequences and the objects on them
/// (columns, indexes, constraints, triggers, policies, rules) are read again only for the
/// relations touched (read_changes.h, sql/relation_changes.sql); every other kind, and
/// the dependencies of what is read, are read in full; the rest is kept from the earlier
/// read. Equal to what read_catalog_with_base returns. Reads everything when the
/// recorder could not tell, when a role changed (role names appear in every kind), when
/// \a conn is not a superuser's (it cannot see pg_authid), or when most relations of a
/// large schema were touched.
CatalogAndBase read_changes_since(pg::Connection& conn, const ReadOptions& options, ReadSince since,
                                  Log& log);

/// A base as JSON text, to keep it beside a shadow image, and back; read_base_from_json
/// throws Error(kInput) for text that is not one.
std::string read_base_to_json(const ReadBase& base);
ReadBase read_base_from_json(std::string_view text);

}  // namespace pgdrift::catalog

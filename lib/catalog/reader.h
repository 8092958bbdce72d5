// catalog/reader.h — reads a live schema from the system catalogs into a model::Catalog.
//
// One set-based query per object kind (lib/catalog/sql/<kind>.sql), whatever the number
// of tables; OIDs are used only inside the reader, to resolve pg_depend edges, and
// never reach the model. Objects that belong to extensions, objects in system schemas
// and PostgreSQL's own implicit objects (row types, array types, constraint indexes,
// ...) are excluded for a named reason; objects of kinds not modelled yet are listed
// in Catalog::unsupported. Depends on pg/ and model/.
#pragma once

#include <string>
#include <vector>

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

}  // namespace pgdrift::catalog

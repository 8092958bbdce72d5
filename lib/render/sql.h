// render/sql.h — a Catalog as canonical SQL.
//
// The output replays into an empty database (where the same roles exist) and is
// deterministic: the same catalog gives byte-identical text whatever the OIDs or the
// order objects were created in. It has a fixed preamble of SET statements and one
// commented block per object, in dependency order. No psql meta-commands, no
// timestamps, no server version.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"
#include "render/entry.h"

namespace pgdrift::render {

/// The catalog's entries in replay order (see order.h).
std::vector<Entry> build_entries(const model::Catalog& catalog);

/// The whole SQL script for \a catalog.
std::string render_sql(const model::Catalog& catalog);

}  // namespace pgdrift::render

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
#include "util/atomic_file.h"

namespace pgdrift::render {

/// The catalog's entries in replay order (see order.h), each with its text.
std::vector<Entry> build_entries(const model::Catalog& catalog);

/// The whole SQL script for \a catalog.
std::string render_sql(const model::Catalog& catalog);

/// The same script, handed to \a sink entry by entry. The entries are ordered without
/// their text, and each one's text is built again from its object just before it is
/// written, so the script is never held whole in memory (13 MB at 10,000 tables).
void write_sql(const model::Catalog& catalog, const TextSink& sink);

}  // namespace pgdrift::render

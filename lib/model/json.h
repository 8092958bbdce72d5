// model/json.h — the snapshot's JSON format (documented in docs/snapshot-format.md).
//
// A Catalog written here and read back is equal to the original. The document carries
// "format": "pgdrift-snapshot" and "format_version"; a document of another version is
// refused rather than misread.
#pragma once

#include <string>
#include <string_view>

#include "model/catalog.h"

namespace pgdrift::model {

/// How catalog_to_json lays the document out.
enum class JsonLayout {
  kPretty,   ///< indented, every field present: snapshot files people read
  kCompact,  ///< one line, fields equal to their defaults (null, false, empty) left out
             ///< (they read back as those defaults): the store's cached catalogs, half
             ///< the size and parsed faster
};

/// Serialises \a catalog as JSON with a trailing newline. Deterministic.
std::string catalog_to_json(const Catalog& catalog, JsonLayout layout = JsonLayout::kPretty);

/// Parses a snapshot document. Throws Error(kInput) naming the problem when the text is
/// not JSON, not a pgdrift snapshot, or of another format version.
Catalog catalog_from_json(std::string_view text);

}  // namespace pgdrift::model

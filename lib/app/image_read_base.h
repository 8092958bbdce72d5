// app/image_read_base.h — what a kept shadow image carries for the next run's read of
// changes (catalog::read_changes_since): which cached expected catalog its database is
// (the cache key and the SHA-256 of that catalog's JSON), and the base of that read.
// The next run starts from it only when the store still holds exactly that catalog,
// under the key its own settings give the image's files; otherwise it reads the shadow
// whole.
#pragma once

#include <optional>
#include <string>

#include "catalog/reader.h"
#include "shadow/image.h"
#include "store/history_store.h"
#include "util/log.h"

namespace pgdrift::app {

/// The text kept as ImageContents::read_base for the catalog cached under \a cache_key
/// as \a catalog_json, whose read's base is \a base.
std::string image_read_base(const std::string& cache_key, const std::string& catalog_json,
                            const catalog::ReadBase& base);

/// Where a read of changes of \a image's database starts (its horizon and recorded
/// changes still to be set), when \a image carries a read base whose catalog \a store
/// holds under \a prefix_key, the key of the image's files with this run's settings;
/// nullopt, with a line on \a log, when it does not.
std::optional<catalog::ReadSince> image_read_since(const shadow::ImageContents& image,
                                                   const std::string& prefix_key,
                                                   store::HistoryStore* store, Log& log);

}  // namespace pgdrift::app

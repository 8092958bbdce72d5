// shadow/image.h — a throwaway cluster's data directory kept between runs.
//
// Replaying a long history is the slow part of a check. After a deploy the history has
// usually only grown, so the cluster of the last replay is kept (stopped cleanly, with
// a manifest of what was replayed into it) and the next run starts from it and replays
// only the new files. An image is a cache and is never trusted blindly: it is used only
// when its manifest is whole, the cluster's control file is byte for byte the one of the
// clean shutdown that kept it (a cluster started since has another), and page checksums
// are on, so a damaged page fails a read instead of being believed. Taking an image
// removes its manifest first, so a run that dies while using it leaves nothing trusted.
// Depends on util/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/log.h"

namespace pgdrift::shadow {

/// What a kept cluster holds: the database the history was replayed into, and what
/// was replayed, in order. \a environment is whatever else the replay depended on (the
/// roles, the database's settings, the migration role, pgdrift's version), as one
/// digest the caller computes; an image is reused only when it is equal.
struct ImageContents {
  std::string database;
  std::string environment;
  std::vector<std::string> steps;
  /// What the caller knew of the database when it was kept (the catalog read's base, so
  /// the next run reads again only what its new files changed), kept beside the manifest
  /// and vouched for by its digest; opaque here, and empty when there is none. Not
  /// compared by image_fits.
  std::string read_base;
};

/// Whether an image holding \a image can start a replay of \a wanted (its database is
/// not compared): the same environment, and its steps are the first of \a wanted's.
bool image_fits(const ImageContents& image, const ImageContents& wanted);

/// Moves the image in \a image_dir to \a data_dir, which must not exist yet, and returns
/// what it holds, when it is trustworthy and fits \a wanted. Otherwise nullopt: an image
/// that does not fit, or is incomplete, damaged or changed since it was kept, is removed
/// (it would be replaced at the end of the run anyway), with a line on \a log saying why.
std::optional<ImageContents> take_image(const std::string& image_dir, const std::string& data_dir,
                                        const ImageContents& wanted, Log& log);

/// Keeps the stopped cluster in \a data_dir as the image in \a image_dir (replacing the
/// one there), recording \a contents. Flushed to disk before the manifest is written, so
/// a crash leaves no manifest rather than a half-written image. Throws Error(kIo) when
/// it cannot; then no image is left.
void keep_image(const std::string& data_dir, const std::string& image_dir,
                const ImageContents& contents);

}  // namespace pgdrift::shadow

// app/expected_history.h — the schema the applied migrations build: replayed into a
// shadow database and read back, starting from the kept shadow image when the history
// has only grown since it was kept (shadow/image.h).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/reader.h"
#include "history/replay.h"
#include "model/catalog.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct HistoryReplay {
  std::vector<history::ReplayFile> files;  ///< the applied migrations, in version order
  shadow::DatabaseSpec database;           ///< how the live database was created
  std::string migration_role;              ///< "" for the administrator
  /// Everything besides the files that the replay's result depends on, as one digest:
  /// a kept image made under another environment is not reused.
  std::string environment;
  /// Set by another thread to stop the replay between statements (when the live read it
  /// runs beside has failed); nullptr for none.
  const std::atomic<bool>* abandon = nullptr;
  /// The last read of the kept image's database (its catalog and base), when there is
  /// one to start from: then only what the new files change is read again. nullopt (or
  /// no function): the whole catalog is read.
  std::function<std::optional<catalog::ReadSince>(const shadow::ImageContents& image)>
      previous_read;
};

struct ReplayedHistory {
  model::Catalog catalog;
  catalog::ReadBase base;          ///< for a read of changes after the next files
  shadow::ImageContents contents;  ///< what the history's shadow database now holds
  size_t reused = 0;               ///< files that were already in the kept image
};

/// Reads the catalog of a shadow database (with the settings of the live read), with its
/// base; a read of changes when given where to start.
using ShadowReader = std::function<catalog::CatalogAndBase(const pg::ConnectOptions&,
                                                           std::optional<catalog::ReadSince>)>;

/// Starts the shadow (or returns the one started); with \a fresh, ends the one started
/// and starts another (which finds no image: the first one took it).
using ShadowStarter = std::function<shadow::Shadow&(bool fresh)>;

/// Replays \a history into the shadow \a start gives and reads the result with \a read.
/// When that shadow started from a kept image (which it takes only when its files are
/// the first of \a history's, see shadow::image_fits), only the rest are replayed, and
/// only what they change is read again when history.previous_read gives the last read
/// (a read of changes that fails for any other reason than a lost shadow is followed by
/// a whole read); when using the image fails the way a damaged one does (a page that
/// fails its checksum, a relation file missing, the server gone), the whole history is
/// replayed into a fresh shadow instead. Throws as replay_migrations and \a read do.
ReplayedHistory replay_history(const ShadowStarter& start, const HistoryReplay& history,
                               const ShadowReader& read, Log& log);

/// One line per file for an image's manifest: version, content digest, and who ran it.
std::vector<std::string> replay_steps(const std::vector<history::ReplayFile>& files);

}  // namespace pgdrift::app

// app/expected_history.h — the schema the applied migrations build: replayed into a
// shadow database and read back, starting from the kept shadow image when the history
// has only grown since it was kept (shadow/image.h).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

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
};

struct ReplayedHistory {
  model::Catalog catalog;
  shadow::ImageContents contents;  ///< what the history's shadow database now holds
  size_t reused = 0;               ///< files that were already in the kept image
};

/// Reads the catalog of a shadow database (with the settings of the live read).
using ShadowReader = std::function<model::Catalog(const pg::ConnectOptions&)>;

/// Replays \a history into \a where and reads the result with \a read. When \a where
/// started from an image whose files are the first of \a history's (same content, same
/// environment), only the rest are replayed; when using the image fails the way a
/// damaged one does (a page that fails its checksum, a missing file), the whole history
/// is replayed into a new database instead. Throws as replay_migrations and \a read do.
ReplayedHistory replay_history(shadow::Shadow& where, const HistoryReplay& history,
                               const ShadowReader& read, Log& log);

/// One line per file for an image's manifest: version, content digest, and who ran it.
std::vector<std::string> replay_steps(const std::vector<history::ReplayFile>& files);

}  // namespace pgdrift::app

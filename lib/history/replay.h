// history/replay.h — run migrations' up sections into a shadow database, as dbmate would.
//
// A section runs in one transaction unless its marker says `transaction:false`, in which
// case it is sent as one string exactly as dbmate sends it. Migrations run as the role
// that runs them in production, so the objects they create get the same owner. Depends
// on pg/ and util/.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "history/migration_files.h"
#include "pg/connection.h"
#include "util/log.h"

namespace pgdrift::history {

struct ReplayFile {
  MigrationFile file;
  std::string text;  ///< the file's content
  /// Run as the shadow's administrator rather than the migration role: for pgdrift
  /// baselines, which name every owner explicitly and may create extensions.
  bool as_administrator = false;
};

/// Replays \a files in order through \a conn (connected as the shadow's administrator).
/// \a migration_role ("" for none) becomes the session's role for every file not
/// marked as_administrator. Throws Error(kInput) naming the file, the statement, its
/// line and the server's message when a statement fails. When \a abandon (if given) is
/// set, stops before the next batch of statements with Error(kInput) "replay abandoned".
void replay_migrations(pg::Connection& conn, const std::vector<ReplayFile>& files,
                       const std::string& migration_role, Log& log,
                       const std::atomic<bool>* abandon = nullptr);

}  // namespace pgdrift::history

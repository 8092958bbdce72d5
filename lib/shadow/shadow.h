// shadow/shadow.h — where the history is replayed: a throwaway cluster or temporary
// databases on a server the user names.
//
// `--shadow auto` starts a private cluster from local binaries of the live server's
// major (unix socket only, as an unprivileged OS user when pgdrift runs as root);
// `--shadow-url` creates uniquely named databases on that server and touches nothing
// else there. Either way everything is removed when the Shadow is destroyed, and by a
// watcher process (shadow/guardian.h) when pgdrift is interrupted or killed.
// Depends on pg/ and util/.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "shadow/image.h"
#include "shadow/roles.h"
#include "util/log.h"

namespace pgdrift::shadow {

struct ShadowOptions {
  std::optional<std::string> shadow_url;  ///< --shadow-url; else a throwaway cluster
  std::optional<std::string> pg_bin;      ///< --pg-bin
  /// Where a throwaway cluster is kept between runs (shadow/image.h); none when empty.
  /// A --shadow-url server keeps nothing.
  std::optional<std::string> image_dir;
  /// What the run will replay: the image is taken only when it fits (image_fits()).
  ImageContents image_wanted;
  /// About how many relations (tables, their TOAST tables, indexes, sequences, views) a
  /// replay creates in one transaction, which holds a lock on each until it commits: a
  /// throwaway cluster sizes its lock table for them. 0 for a few thousand.
  size_t relations = 0;
};

/// The max_locks_per_transaction a throwaway cluster runs with so that one transaction
/// may create \a relations relations: its lock table holds that many locks for each of
/// about 40 server processes.
int lock_slots_per_process(size_t relations);

/// The database a shadow started from an image holds, and how to reach it.
struct KeptDatabase {
  ImageContents contents;
  pg::ConnectOptions connect;
};

class Shadow {
 public:
  virtual ~Shadow() = default;
  /// For reports: "a throwaway PostgreSQL 15 cluster" or "temporary databases on ...".
  virtual std::string description() const = 0;
  /// Creates a new empty database like \a spec and returns how to connect to it as the
  /// shadow's administrator.
  virtual pg::ConnectOptions create_database(const DatabaseSpec& spec, Log& log) = 0;
  /// Creates \a roles as NOLOGIN roles where they do not exist yet. Only a throwaway
  /// cluster does; on a --shadow-url server the roles must already exist.
  virtual void create_roles(const std::vector<RoleSpec>& roles, Log& log) = 0;
  /// Creates the tablespaces named \a names where they do not exist yet, so objects
  /// placed in them replay. A throwaway cluster makes each in a directory of its own; on a
  /// --shadow-url server pgdrift may not create directories, and says which are missing.
  virtual void create_tablespaces(const std::vector<std::string>& names, Log& log) = 0;
  /// PQserverVersion() of the shadow server.
  virtual int server_version() const = 0;
  /// What this shadow already held when it started: set only for a throwaway cluster
  /// started from a trustworthy image.
  virtual const std::optional<KeptDatabase>& kept() const {
    static const std::optional<KeptDatabase> none;
    return none;
  }
  /// Ends the shadow and keeps it as the image for the next run, holding only the
  /// database named in \a contents. False (and nothing done) when this shadow keeps no
  /// images. Throws Error(kIo) when the image cannot be written; then none is left.
  virtual bool keep(const ImageContents& contents, Log& log) {
    (void)contents;
    (void)log;
    return false;
  }
};

/// Starts the shadow for a live server of major \a live_major. Throws Error(kUsage) when
/// no matching server binaries exist (naming --pg-bin and --shadow-url), Error(kIo) or
/// Error(kConnection) when the cluster cannot start or the server cannot be reached.
std::unique_ptr<Shadow> start_shadow(const ShadowOptions& options, int live_major, Log& log);

}  // namespace pgdrift::shadow

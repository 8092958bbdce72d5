// app/drift_scan.h — what check, gate, adopt and revert all start from: the live catalog
// (L), the catalog the applied migrations imply (H), and what differs between them.
//
// Reads the live catalogs and the tracking table in one read-only snapshot; beside that
// read, gets H from the history store's cache when the applied files are unchanged, else
// replays them into a shadow (from the kept image when the history only grew) and reads
// the shadow with the same reader and settings. Definitions that differ only because
// PostgreSQL re-deparses them are ruled out by replaying the live objects that differ once
// more, or by what such a replay showed before (app/deparse_confirmation.h); ignore rules
// apply last. Nothing is written to the live database.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "diff/change_set.h"
#include "history/migration_files.h"
#include "history/replay.h"
#include "history/tracking_table.h"
#include "model/catalog.h"
#include "pg/connection.h"
#include "shadow/shadow.h"
#include "store/history_store.h"
#include "util/log.h"

namespace pgdrift::app {

struct DriftScanOptions {
  LiveSource source;
  std::string migrations_dir;    ///< default: $DBMATE_MIGRATIONS_DIR, else ./db/migrations
  std::string migrations_table;  ///< default: $DBMATE_MIGRATIONS_TABLE, else schema_migrations
  std::optional<std::string> migration_role;  ///< default: owner of the tracking table
  shadow::ShadowOptions shadow;
  std::vector<std::string> ignore;                ///< --ignore patterns
  std::string ignore_file = ".pgdriftignore";     ///< read when it exists
  std::string store = "reports/pgdrift.sqlite3";  ///< the history store; "" for none
  /// Reuse what the store learnt: the expected catalog, and what replays showed about
  /// changed fields (off for --no-cache).
  bool use_cache = true;
  /// Write what the scan learns to the store (the expected catalog, what a replay showed
  /// about each changed field) and keep the shadow image. Off for --dry-run, which writes nothing
  /// anywhere: an existing store is only read, and no image is used.
  bool update_caches = true;
};

/// The two catalogs and their differences, with what was learnt on the way.
struct DriftScan {
  /// H: the schema the applied migrations build (tracking tables left out).
  model::Catalog expected;
  /// L: the live schema as compared (tracking tables left out).
  std::shared_ptr<const model::Catalog> actual;
  diff::ChangeSet changes;  ///< the findings, after ignore rules
  /// The applied migrations that have a file, in version order (replayed or not).
  std::vector<history::ReplayFile> replayed_files;
  std::vector<std::string> applied_versions;  ///< every version the tracking table records
  size_t missing_files = 0;                   ///< applied versions without a file
  std::string cache_key;                      ///< the expected catalog's key in the store
  std::string target;                         ///< user@host:port/dbname, for messages
  pg::Connection::Identity identity;
  std::string database;  ///< host:port/dbname, the store's name for the live database
  int server_version = 0;
  std::string migration_role;
  /// What a shadow needs to replay the history as the scan did: the live roles and
  /// tablespaces, and how the live database was created.
  std::vector<shadow::RoleSpec> roles;
  std::vector<std::string> tablespaces;
  shadow::DatabaseSpec database_spec;
  size_t live_relations = 0;  ///< relations of the live database (shadow::count_relations)
  std::string shadow_description = "none started";
  bool used_cache = false;
  bool started_shadow = false;
  size_t reused_image_files = 0;             ///< applied files already in the kept shadow image
  std::optional<store::HistoryStore> store;  ///< open when options.store names one
  std::string started_at;                    ///< UTC, ISO 8601
  std::chrono::steady_clock::time_point started;
};

/// The tracking table and the legacy tables a baseline kept (named in the header of a
/// baseline among \a replay, or `<table>_legacy*` in \a live for baselines that predate
/// that): never part of the schema a history describes.
std::vector<model::QualifiedName> tracking_tables(const history::TableName& table,
                                                  const model::Catalog& live,
                                                  const std::vector<history::ReplayFile>& replay);

/// tracking_tables() with the baselines among the migration files of \a migrations_dir
/// (none when it does not exist), for a command that reads a live schema without
/// replaying its history (init, apply).
std::vector<model::QualifiedName> tracking_tables_of(const history::TableName& table,
                                                     const model::Catalog& live,
                                                     const std::string& migrations_dir);

/// How far a scan got: what a caller needs to record one that failed.
struct ScanReach {
  std::string database;  ///< host:port/dbname once connected, else ""
  int server_version = 0;
  std::string migration_role;
};

/// Scans for drift. Throws Error for every kind of trouble: no tracking table or not
/// dbmate's (kInput), a history that does not replay (kInput), a server that cannot be
/// reached (kConnection), a bad ignore pattern (kUsage). \a reach, when given, says how
/// far it got.
DriftScan scan_drift(const DriftScanOptions& options, Log& log, ScanReach* reach = nullptr);

/// For commands that write a migration planned from the live schema (adopt, revert): it
/// goes after every file in the folder, so a file not yet applied would run before it,
/// and an applied version without its file would be taken for drift. Throws
/// Error(kInput) naming the first such file or the count, with \a command in the advice.
/// Unapplied files \a is_leftover accepts (left by an interrupted run of \a command, which
/// replaces them) are no obstacle: they are returned.
std::vector<history::MigrationFile> require_complete_history(
    const DriftScan& scan, const DriftScanOptions& options, const std::string& command,
    const std::function<bool(const history::MigrationFile&)>& is_leftover = {});

}  // namespace pgdrift::app

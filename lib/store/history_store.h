// store/history_store.h — the SQLite history of check runs, their findings, and cached
// expected catalogs.
//
// Every run is a row (time, database without password, server version, status, counts,
// duration); every finding is a row with first_seen / last_seen / resolved_at. A finding
// is identified by (database, kind, object, change): one seen again extends its
// last_seen, one that disappears is resolved, one that comes back after that is new
// again; one adopted into the history is resolved with what adopted it. The schema is versioned
// with PRAGMA user_version and migrated forward on open; a store written by a newer pgdrift is
// refused. Depends on diff/, model/ and util/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diff/change_set.h"
#include "store/sqlite.h"

namespace pgdrift::store {

/// The store schema this pgdrift writes (PRAGMA user_version).
inline constexpr int kStoreSchemaVersion = 5;

struct RunRecord {
  std::string started_at;  ///< ISO 8601 UTC with milliseconds
  std::string database;    ///< host:port/dbname, never a password
  std::string command = "check";
  int server_version_num = 0;
  std::string status;  ///< clean, drift or trouble
  std::int64_t duration_ms = 0;
  std::string migration_role;
  std::string reason;  ///< for trouble: the one-sentence error, never a password
};

struct StoredRun {
  std::int64_t id = 0;
  RunRecord record;
  std::int64_t finding_count = 0;
  std::map<std::string, std::int64_t> counts;  ///< findings per kind
};

struct StoredFinding {
  std::string database, kind, object, change, summary;
  std::string first_seen, last_seen;
  std::optional<std::string> resolved_at;
  /// What resolved it, e.g. "adopted in 20261206120000"; none when a check no longer saw it.
  std::optional<std::string> resolved_by;
  /// As the run that last saw it showed it: the changed fields, the unified diff of a long
  /// definition, the SQL that reproduces it. Stores before pgdrift kept these as JSON kept
  /// only "field: before -> after" lines: those are in legacy_details, the rest empty.
  std::vector<diff::FieldChange> fields;
  std::string text_diff, sql, legacy_details;
};

using diff::finding_key;

class HistoryStore {
 public:
  /// Opens or creates \a path (and its folder), migrating older schemas forward.
  /// Throws Error(kUnsupported) for a store written by a newer pgdrift, Error(kIo) when
  /// the file cannot be opened or is not a SQLite database.
  static HistoryStore open(const std::string& path);

  /// Opens a store that a pgdrift run made earlier, for reading commands (history): a
  /// missing or empty file, or a SQLite database that is not a pgdrift store, is
  /// Error(kInput) naming \a path, and the file stays as it was.
  static HistoryStore open_existing(const std::string& path);

  /// Records \a run and its \a findings in one transaction, each with the SQL that
  /// reproduces it from \a statements (by finding_key(), when known); returns first/last
  /// seen of every finding, by finding_key().
  std::map<std::string, diff::Seen> record_run(
      const RunRecord& run, const diff::ChangeSet& findings,
      const std::map<std::string, std::string>& statements = {});

  /// Records a run that ended in trouble (\a run's status "trouble" and reason): the
  /// findings are left as they were, as nothing was compared.
  void record_trouble(const RunRecord& run);

  /// The cached expected catalog (JSON) stored under \a key, if any.
  std::optional<std::string> cached_catalog(const std::string& key);
  /// Stores \a catalog_json under \a key (keeping the newest few per database).
  void cache_catalog(const std::string& key, const std::string& database,
                     const std::string& catalog_json);

  /// For the expected catalog \a key, what a replay of the live side showed about one
  /// changed field (by diff::field_fingerprint): true for a real difference, false for
  /// PostgreSQL re-deparsing the same definition; nullopt when not known yet.
  std::optional<bool> field_differs(const std::string& key, const std::string& fingerprint);
  /// Keeps verdicts (fingerprint, differs) for \a key, in one transaction.
  void remember_field_verdicts(const std::string& key,
                               const std::vector<std::pair<std::string, bool>>& verdicts);

  /// The checksum pgdrift first saw for applied migration \a version of \a database, or,
  /// the first time, records \a checksum (adopting the file quietly) and returns it.
  std::string adopt_checksum(const std::string& database, const std::string& version,
                             const std::string& filename, const std::string& checksum,
                             const std::string& now);

  /// The newest \a limit runs, newest first; databases matching \a database ("" = all).
  std::vector<StoredRun> recent_runs(const std::string& database, int limit);
  /// Findings not resolved, oldest first; databases matching \a database ("" = all).
  std::vector<StoredFinding> open_findings(const std::string& database);

  /// Marks the open \a findings of \a database resolved at \a at by \a by (an adoption),
  /// in one transaction.
  void resolve_findings(const std::string& database, const diff::ChangeSet& findings,
                        const std::string& at, const std::string& by);
  /// The \a limit most recently resolved findings, newest first.
  std::vector<StoredFinding> resolved_findings(const std::string& database, int limit);

 private:
  explicit HistoryStore(Database db) : db_(std::move(db)) {}
  static HistoryStore open_and_migrate(const std::string& path);
  Database db_;
};

}  // namespace pgdrift::store

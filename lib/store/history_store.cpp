#include "store/history_store.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/error.h"

namespace pgdrift::store {
namespace {

// Forward migrations: entry i brings the schema from version i to i + 1. Never edit
// one that has shipped; add a new entry and raise kStoreSchemaVersion.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      database TEXT NOT NULL,
      command TEXT NOT NULL,
      server_version INTEGER NOT NULL,
      status TEXT NOT NULL,
      finding_count INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      migration_role TEXT NOT NULL);
    CREATE TABLE run_counts (
      run_id INTEGER NOT NULL REFERENCES runs (id),
      kind TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (run_id, kind));
    CREATE TABLE findings (
      id INTEGER PRIMARY KEY,
      database TEXT NOT NULL,
      kind TEXT NOT NULL,
      object TEXT NOT NULL,
      change TEXT NOT NULL,
      summary TEXT NOT NULL,
      details TEXT NOT NULL,
      first_seen TEXT NOT NULL,
      last_seen TEXT NOT NULL,
      first_run INTEGER NOT NULL REFERENCES runs (id),
      last_run INTEGER NOT NULL REFERENCES runs (id),
      resolved_at TEXT);
    CREATE INDEX findings_open ON findings (database, resolved_at);
    CREATE TABLE expected_catalogs (
      cache_key TEXT PRIMARY KEY,
      database TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      catalog TEXT NOT NULL);
    CREATE TABLE known_equivalents (
      cache_key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      PRIMARY KEY (cache_key, fingerprint));
    )sql",
    // 2: checksums of applied migration files, as first seen (status, gate).
    R"sql(
    CREATE TABLE applied_checksums (
      database TEXT NOT NULL,
      version TEXT NOT NULL,
      filename TEXT NOT NULL,
      checksum TEXT NOT NULL,
      first_seen TEXT NOT NULL,
      PRIMARY KEY (database, version));
    )sql",
    // 3: what resolved a finding besides a check that no longer saw it (an adoption).
    R"sql(
    ALTER TABLE findings ADD COLUMN resolved_by TEXT;
    )sql",
    // 4: the verdict on each changed field (re-deparsed text or a real change), both ways.
    // The whole-finding entries before it could hide a real field changed beside a
    // re-deparsed one: they are dropped, and relearnt per field.
    R"sql(
    CREATE TABLE deparse_verdicts (
      cache_key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      differs INTEGER NOT NULL,
      PRIMARY KEY (cache_key, fingerprint));
    DROP TABLE known_equivalents;
    )sql",
    // 5: runs that ended in trouble say why; findings' details are JSON from now on.
    R"sql(
    ALTER TABLE runs ADD COLUMN reason TEXT NOT NULL DEFAULT '';
    )sql",
};
static_assert(sizeof kMigrations / sizeof kMigrations[0] == kStoreSchemaVersion);

// A StoredFinding's columns, in its order, and the rows of a query selecting them.
constexpr const char* kFindingColumns =
    "database, kind, object, change, summary, first_seen, last_seen, resolved_at, resolved_by, "
    "details";

// Findings of the database bound to parameters 1 to 3: "" for all, host:port/dbname, or
// just the name.
constexpr const char* kOfDatabase = "(? = '' OR database = ? OR database LIKE '%/' || ?)";

// A finding's details as JSON, so the store can show what a ghost looked like.
std::string details_json(const diff::Finding& finding, const std::string& sql) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& field : finding.fields) {
    fields.push_back({{"field", field.field}, {"before", field.before}, {"after", field.after}});
  }
  nlohmann::json doc{{"fields", fields}};
  if (!finding.text_diff.empty()) doc["diff"] = finding.text_diff;
  if (!sql.empty()) doc["sql"] = sql;
  // A SQL_ASCII database can hold bytes that are not UTF-8: replaced, never an exception.
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Reads details_json()'s text into \a finding; older stores' plain lines are kept as text.
void read_details(const std::string& text, StoredFinding& finding) {
  if (text.empty() || text.front() != '{') {
    finding.legacy_details = text;
    return;
  }
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    finding.legacy_details = text;
    return;
  }
  for (const auto& field : doc.value("fields", nlohmann::json::array())) {
    finding.fields.push_back(
        {field.value("field", ""), field.value("before", ""), field.value("after", "")});
  }
  finding.text_diff = doc.value("diff", "");
  finding.sql = doc.value("sql", "");
}

// Adds \a run's row; returns its id.
std::int64_t insert_run(Database& db, const RunRecord& run, std::int64_t finding_count) {
  db.prepare(
        "INSERT INTO runs (started_at, database, command, server_version, status, "
        "finding_count, duration_ms, migration_role, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, run.started_at)
      .bind(2, run.database)
      .bind(3, run.command)
      .bind(4, std::int64_t{run.server_version_num})
      .bind(5, run.status)
      .bind(6, finding_count)
      .bind(7, run.duration_ms)
      .bind(8, run.migration_role)
      .bind(9, run.reason)
      .run();
  return db.last_insert_id();
}

std::vector<StoredFinding> stored_findings(Statement& rows) {
  std::vector<StoredFinding> findings;
  while (rows.step()) {
    StoredFinding f;
    f.database = rows.text(0);
    f.kind = rows.text(1);
    f.object = rows.text(2);
    f.change = rows.text(3);
    f.summary = rows.text(4);
    f.first_seen = rows.text(5);
    f.last_seen = rows.text(6);
    f.resolved_at = rows.optional_text(7);
    f.resolved_by = rows.optional_text(8);
    read_details(rows.text(9), f);
    findings.push_back(std::move(f));
  }
  return findings;
}

}  // namespace

HistoryStore HistoryStore::open(const std::string& path) {
  namespace fs = std::filesystem;
  const auto folder = fs::path(path).parent_path();
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  const bool folder_existed = folder.empty() || fs::exists(folder, ec);
  if (!folder_existed) fs::create_directories(folder, ec);
  try {
    return open_and_migrate(path);
  } catch (...) {
    // A store this run began (on a full disk, say) is not left behind half made.
    if (!existed) {
      fs::remove(path, ec);
      fs::remove(path + "-journal", ec);
      if (!folder_existed) fs::remove(folder, ec);  // only if still empty
    }
    throw;
  }
}

HistoryStore HistoryStore::open_and_migrate(const std::string& path) {
  HistoryStore store(Database::open(path));
  Database& db = store.db_;
  std::int64_t version = 0;
  try {
    auto pragma = db.prepare("PRAGMA user_version");
    if (pragma.step()) version = pragma.integer(0);
  } catch (const Error&) {
    throw Error(ErrorCategory::kIo, path + " is not a pgdrift history store (not SQLite)");
  }
  if (version > kStoreSchemaVersion) {
    throw Error(ErrorCategory::kUnsupported,
                "the history store " + path + " has schema version " + std::to_string(version) +
                    ", written by a newer pgdrift (this one knows up to " +
                    std::to_string(kStoreSchemaVersion) +
                    "); run the newer pgdrift or use another --store");
  }
  if (version < kStoreSchemaVersion) {
    db.exec("BEGIN IMMEDIATE");
    try {
      for (auto v = version; v < kStoreSchemaVersion; ++v) db.exec(kMigrations[v]);
      db.exec("PRAGMA user_version = " + std::to_string(kStoreSchemaVersion));
      db.exec("COMMIT");
    } catch (...) {
      db.rollback();
      throw;
    }
  }
  return store;
}

HistoryStore HistoryStore::open_existing(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorCategory::kInput, "there is no history store at " + path +
                                           "; run `pgdrift check` first, or name it with --store");
  }
  if (std::filesystem::file_size(path, ec) == 0 || ec) {
    throw Error(ErrorCategory::kInput, path +
                                           " is an empty file, not a pgdrift history store; "
                                           "name the store `pgdrift check` wrote with --store");
  }
  {
    // Looked at before open() would migrate it: version 0 is a SQLite file pgdrift never set up.
    Database db = Database::open(path);
    std::int64_t version = 0;
    try {
      auto pragma = db.prepare("PRAGMA user_version");
      if (pragma.step()) version = pragma.integer(0);
    } catch (const Error&) {
      throw Error(ErrorCategory::kInput, path +
                                             " is not a pgdrift history store (not SQLite); "
                                             "name the store `pgdrift check` wrote with --store");
    }
    if (version == 0) {
      throw Error(ErrorCategory::kInput,
                  path +
                      " is a SQLite database but not a pgdrift history store; name the store "
                      "`pgdrift check` wrote with --store");
    }
  }
  return open(path);
}

void HistoryStore::record_trouble(const RunRecord& run) {
  insert_run(db_, run, 0);
}

std::map<std::string, diff::Seen> HistoryStore::record_run(
    const RunRecord& run, const diff::ChangeSet& findings,
    const std::map<std::string, std::string>& statements) {
  std::map<std::string, diff::Seen> seen;
  db_.exec("BEGIN IMMEDIATE");
  try {
    const std::int64_t run_id =
        insert_run(db_, run, static_cast<std::int64_t>(findings.findings.size()));
    std::map<std::string, std::int64_t> counts;
    for (const auto& f : findings.findings) ++counts[f.kind];
    for (const auto& [kind, count] : counts) {
      db_.prepare("INSERT INTO run_counts (run_id, kind, count) VALUES (?, ?, ?)")
          .bind(1, run_id)
          .bind(2, kind)
          .bind(3, count)
          .run();
    }

    // The open findings of this database, by key.
    std::map<std::string, std::pair<std::int64_t, std::string>> open;
    auto rows = db_.prepare(
        "SELECT id, kind, object, change, first_seen FROM findings "
        "WHERE database = ? AND resolved_at IS NULL");
    rows.bind(1, run.database);
    while (rows.step()) {
      open[rows.text(1) + "|" + rows.text(2) + "|" + rows.text(3)] = {rows.integer(0),
                                                                      rows.text(4)};
    }
    for (const auto& finding : findings.findings) {
      const std::string key = finding_key(finding);
      if (seen.count(key)) continue;
      const auto sql = statements.find(key);
      const std::string details =
          details_json(finding, sql == statements.end() ? std::string() : sql->second);
      const auto it = open.find(key);
      if (it != open.end()) {
        db_.prepare(
               "UPDATE findings SET last_seen = ?, last_run = ?, summary = ?, details = ? "
               "WHERE id = ?")
            .bind(1, run.started_at)
            .bind(2, run_id)
            .bind(3, finding.summary)
            .bind(4, details)
            .bind(5, it->second.first)
            .run();
        seen[key] = {it->second.second, run.started_at};
        open.erase(it);
      } else {
        db_.prepare(
               "INSERT INTO findings (database, kind, object, change, summary, details, "
               "first_seen, last_seen, first_run, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, run.database)
            .bind(2, finding.kind)
            .bind(3, finding.object)
            .bind(4, std::string(diff::change_name(finding.change)))
            .bind(5, finding.summary)
            .bind(6, details)
            .bind(7, run.started_at)
            .bind(8, run.started_at)
            .bind(9, run_id)
            .bind(10, run_id)
            .run();
        seen[key] = {run.started_at, run.started_at};
      }
    }
    // What this run no longer sees is resolved.
    for (const auto& [key, row] : open) {
      db_.prepare("UPDATE findings SET resolved_at = ? WHERE id = ?")
          .bind(1, run.started_at)
          .bind(2, row.first)
          .run();
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.rollback();
    throw;
  }
  return seen;
}

std::optional<std::string> HistoryStore::cached_catalog(const std::string& key) {
  auto row = db_.prepare("SELECT catalog FROM expected_catalogs WHERE cache_key = ?");
  row.bind(1, key);
  if (!row.step()) return std::nullopt;
  return row.text(0);
}

void HistoryStore::cache_catalog(const std::string& key, const std::string& database,
                                 const std::string& catalog_json) {
  db_.exec("BEGIN IMMEDIATE");
  try {
    db_.prepare(
           "INSERT OR REPLACE INTO expected_catalogs (cache_key, database, catalog) "
           "VALUES (?, ?, ?)")
        .bind(1, key)
        .bind(2, database)
        .bind(3, catalog_json)
        .run();
    // A history only grows: older expected catalogs of this database are not needed
    // again, except right after a rollback. Keep a few.
    db_.prepare(
           "DELETE FROM expected_catalogs WHERE database = ? AND cache_key NOT IN ("
           "SELECT cache_key FROM expected_catalogs WHERE database = ? "
           "ORDER BY created_at DESC, rowid DESC LIMIT 5)")
        .bind(1, database)
        .bind(2, database)
        .run();
    db_.exec(
        "DELETE FROM deparse_verdicts WHERE cache_key NOT IN "
        "(SELECT cache_key FROM expected_catalogs)");
    db_.exec("COMMIT");
  } catch (...) {
    db_.rollback();
    throw;
  }
}

std::optional<bool> HistoryStore::field_differs(const std::string& key,
                                                const std::string& fingerprint) {
  auto row =
      db_.prepare("SELECT differs FROM deparse_verdicts WHERE cache_key = ? AND fingerprint = ?");
  row.bind(1, key).bind(2, fingerprint);
  if (!row.step()) return std::nullopt;
  return row.integer(0) != 0;
}

void HistoryStore::remember_field_verdicts(
    const std::string& key, const std::vector<std::pair<std::string, bool>>& verdicts) {
  db_.exec("BEGIN IMMEDIATE");
  try {
    for (const auto& [fingerprint, differs] : verdicts) {
      db_.prepare(
             "INSERT OR REPLACE INTO deparse_verdicts (cache_key, fingerprint, differs) "
             "VALUES (?, ?, ?)")
          .bind(1, key)
          .bind(2, fingerprint)
          .bind(3, differs ? 1 : 0)
          .run();
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.rollback();
    throw;
  }
}

std::string HistoryStore::adopt_checksum(const std::string& database, const std::string& version,
                                         const std::string& filename, const std::string& checksum,
                                         const std::string& now) {
  db_.prepare(
         "INSERT OR IGNORE INTO applied_checksums (database, version, filename, checksum, "
         "first_seen) VALUES (?, ?, ?, ?, ?)")
      .bind(1, database)
      .bind(2, version)
      .bind(3, filename)
      .bind(4, checksum)
      .bind(5, now)
      .run();
  auto row =
      db_.prepare("SELECT checksum FROM applied_checksums WHERE database = ? AND version = ?");
  row.bind(1, database).bind(2, version);
  row.step();
  return row.text(0);
}

std::vector<StoredRun> HistoryStore::recent_runs(const std::string& database, int limit) {
  std::vector<StoredRun> runs;
  auto rows = db_.prepare(
      std::string("SELECT id, started_at, database, command, server_version, status, "
                  "finding_count, duration_ms, migration_role, reason FROM runs WHERE ") +
      kOfDatabase + " ORDER BY id DESC LIMIT ?");
  rows.bind(1, database).bind(2, database).bind(3, database).bind(4, std::int64_t{limit});
  while (rows.step()) {
    StoredRun run;
    run.id = rows.integer(0);
    run.record.started_at = rows.text(1);
    run.record.database = rows.text(2);
    run.record.command = rows.text(3);
    run.record.server_version_num = static_cast<int>(rows.integer(4));
    run.record.status = rows.text(5);
    run.finding_count = rows.integer(6);
    run.record.duration_ms = rows.integer(7);
    run.record.migration_role = rows.text(8);
    run.record.reason = rows.text(9);
    runs.push_back(std::move(run));
  }
  if (runs.empty()) return runs;
  // The counts of all of them in one query (the HTML page lists a thousand runs): the id
  // range holds them, and the rows of other databases' runs in it are passed over.
  std::map<std::int64_t, StoredRun*> by_id;
  for (auto& run : runs) by_id[run.id] = &run;
  auto counts = db_.prepare(
      "SELECT run_id, kind, count FROM run_counts WHERE run_id BETWEEN ? AND ? "
      "ORDER BY run_id, kind");
  counts.bind(1, by_id.begin()->first).bind(2, by_id.rbegin()->first);
  while (counts.step()) {
    const auto run = by_id.find(counts.integer(0));
    if (run != by_id.end()) run->second->counts[counts.text(1)] = counts.integer(2);
  }
  return runs;
}

void HistoryStore::resolve_findings(const std::string& database, const diff::ChangeSet& findings,
                                    const std::string& at, const std::string& by) {
  db_.exec("BEGIN IMMEDIATE");
  try {
    for (const auto& f : findings.findings) {
      db_.prepare(
             "UPDATE findings SET resolved_at = ?, resolved_by = ? WHERE database = ? AND "
             "kind = ? AND object = ? AND change = ? AND resolved_at IS NULL")
          .bind(1, at)
          .bind(2, by)
          .bind(3, database)
          .bind(4, f.kind)
          .bind(5, f.object)
          .bind(6, std::string(diff::change_name(f.change)))
          .run();
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.rollback();
    throw;
  }
}

std::vector<StoredFinding> HistoryStore::resolved_findings(const std::string& database, int limit) {
  auto rows = db_.prepare(std::string("SELECT ") + kFindingColumns +
                          " FROM findings WHERE resolved_at IS NOT NULL AND " + kOfDatabase +
                          " ORDER BY resolved_at DESC, kind, object, change LIMIT ?");
  rows.bind(1, database).bind(2, database).bind(3, database).bind(4, std::int64_t{limit});
  return stored_findings(rows);
}

std::vector<StoredFinding> HistoryStore::open_findings(const std::string& database) {
  auto rows = db_.prepare(std::string("SELECT ") + kFindingColumns +
                          " FROM findings WHERE resolved_at IS NULL AND " + kOfDatabase +
                          " ORDER BY first_seen, kind, object, change");
  rows.bind(1, database).bind(2, database).bind(3, database);
  return stored_findings(rows);
}

}  // namespace pgdrift::store

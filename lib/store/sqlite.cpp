#include "store/sqlite.h"

#include "util/error.h"

namespace pgdrift::store {
namespace {

// SQLite's own words for the common faults say nothing of what to do (issue 17: a full
// disk read "cannot rollback - no transaction is active").
std::string failure_text(sqlite3* db, const std::string& path, const std::string& message) {
  switch (db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM) {
    case SQLITE_FULL:
      return "cannot write the history store " + path +
             ": the disk is full; free space there or name another file with --store";
    case SQLITE_READONLY:
      return "cannot write the history store " + path +
             ": it is read-only; make it writable or name another file with --store";
    case SQLITE_IOERR:
      return "cannot write the history store " + path + " (" + message +
             "); check the disk, or name another file with --store";
    default:
      return "the history store " + path + " failed: " + message +
             "; name another file with --store (\"\" for none)";
  }
}

[[noreturn]] void fail(sqlite3* db, const std::string& path) {
  throw Error(ErrorCategory::kIo, failure_text(db, path, db ? sqlite3_errmsg(db) : "no memory"));
}

}  // namespace

Database Database::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) {
    throw Error(ErrorCategory::kIo, "cannot open the history store " + path + ": " +
                                        (raw ? sqlite3_errmsg(raw) : "no memory") +
                                        "; name another file with --store (\"\" for none)");
  }
  // Two runs at once (a nightly check and a gate) wait for each other briefly.
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

void Database::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ErrorCategory::kIo, failure_text(db_.get(), path_, text));
  }
}

void Database::rollback() noexcept {
  // SQLite may have rolled back already (a full disk does): nothing to report then, and
  // the error that led here is the one to show.
  if (!sqlite3_get_autocommit(db_.get()))
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Statement Database::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    fail(db_.get(), path_);
  }
  return Statement(stmt, *this);
}

Statement& Statement::bind(int index, const std::string& value) {
  if (sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_->raw(), db_->path());
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) fail(db_->raw(), db_->path());
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) fail(db_->raw(), db_->path());
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_->raw(), db_->path());
}

std::string Statement::text(int column) const {
  const auto* value = sqlite3_column_text(stmt_.get(), column);
  return value ? std::string(reinterpret_cast<const char*>(value),
                             static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)))
               : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

}  // namespace pgdrift::store

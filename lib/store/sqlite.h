// store/sqlite.h — SQLite behind RAII handles, errors as pgdrift::Error.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace pgdrift::store {

class Statement;

/// An open SQLite database file.
class Database {
 public:
  /// Opens (creating when missing) \a path. Throws Error(kIo) naming the file.
  static Database open(const std::string& path);
  /// Runs \a sql (several statements allowed, no parameters).
  void exec(const std::string& sql);
  /// Ends an open transaction, for error paths: never throws.
  void rollback() noexcept;
  Statement prepare(const std::string& sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_.get(); }

 private:
  Database(sqlite3* db, std::string path) : db_(db, &sqlite3_close), path_(std::move(path)) {}
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_;
  std::string path_;
};

/// A prepared statement: bind by 1-based index, step through rows, read columns.
class Statement {
 public:
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  /// Advances to the next row; false when there is none (the statement is done).
  bool step();
  /// Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, const Database& db) : stmt_(stmt, &sqlite3_finalize), db_(&db) {}
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt_;
  const Database* db_;
};

}  // namespace pgdrift::store

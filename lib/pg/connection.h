// pg/connection.h — libpq behind RAII handles.
//
// Connection owns a PGconn, Result owns a PGresult; neither can leak. Every failure
// becomes a pgdrift::Error: kConnection when the server cannot be reached or the
// connection is lost (with a message naming the target, never a password), kQuery
// with the server's SQLSTATE when a statement fails.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrift::pg {

/// The rows of one statement. Columns are looked up by name once (column()), then read
/// by index, as pg_dump does with PQfnumber.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  int columns() const { return PQnfields(result_.get()); }
  std::string column_name(int col) const { return PQfname(result_.get(), col); }
  /// Index of the column named \a name; throws Error(kInternal) when the query has none.
  int column(const char* name) const;
  bool is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string_view get(int row, int col) const {
    return {PQgetvalue(result_.get(), row, col),
            static_cast<size_t>(PQgetlength(result_.get(), row, col))};
  }
  std::string text(int row, int col) const { return std::string(get(row, col)); }
  std::optional<std::string> optional_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
  }
  /// A boolean column ('t' / 'f'); NULL reads as false.
  bool boolean(int row, int col) const { return get(row, col) == "t"; }
  long long integer(int row, int col) const;
  const PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

/// PostgreSQL's text[] literal for \a values ({"a","b\"c"}), to pass a list as one
/// parameter ($1::text[]) instead of building SQL text.
std::string text_array_literal(const std::vector<std::string>& values);

struct ConnectOptions {
  std::string conninfo;  ///< URL or key=value string; "" = environment
  std::string dbname;    ///< when set, this database instead of the one \a conninfo names
  std::string application_name = "pgdrift";
  /// Whether application_name overrides one the connection string sets (pgdrift's shadow
  /// sessions are found by it), rather than being a default.
  bool application_name_wins = false;
  int connect_timeout_seconds = 10;  ///< used unless the connection string sets one
};

class Connection {
 public:
  /// Connects. Throws Error(kUsage) for a malformed string, Error(kConnection) when the
  /// server cannot be reached or refuses the login.
  static Connection open(const ConnectOptions& options);

  /// A new connection to the server, database and user this one reached, with the same
  /// settings (libpq's PQconninfo; host and port as resolved, so a multi-host string
  /// reaches the same server). Throws like open().
  Connection open_another() const;

  /// Runs \a sql with text parameters ($1, $2, ... ; std::nullopt is NULL) and returns
  /// its rows. Throws Error(kQuery) with the SQLSTATE, or Error(kConnection) when the
  /// connection was lost.
  Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

  /// Runs \a script, which may hold several statements, as one simple-protocol query
  /// (as psql -c and dbmate do: without an explicit BEGIN, several statements form one
  /// implicit transaction). Throws like exec(); a server error's position in \a script
  /// (1-based characters, 0 when the server gave none) is in *error_position.
  void run_script(const std::string& script, int* error_position = nullptr);

  /// Where this connection went, without the password: host (or socket directory),
  /// port, database and user, as libpq resolved them.
  struct Identity {
    std::string host, port, dbname, user;
  };
  Identity identity() const;

  /// Whether a transaction block is open (or failed) on this connection.
  bool in_transaction() const { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }
  /// PQserverVersion(), e.g. 150018.
  int server_version() const { return PQserverVersion(conn_.get()); }
  /// Whether the session's role is a superuser (the server reports it at connection
  /// start, and again when it changes).
  bool is_superuser() const {
    const char* value = PQparameterStatus(conn_.get(), "is_superuser");
    return value && std::string_view(value) == "on";
  }
  const std::string& target() const { return target_; }

 private:
  friend class CancelOnInterrupt;  // takes the PGconn's cancel key
  [[noreturn]] void throw_failure(const PGresult* raw);
  Connection(PGconn* conn, std::string target)
      : conn_(conn, &PQfinish), target_(std::move(target)) {}

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::string target_;
};

}  // namespace pgdrift::pg

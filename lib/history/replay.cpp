#include "history/replay.h"

#include <algorithm>
#include <cctype>

#include "history/migration_sections.h"
#include "history/sql_statements.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::history {
namespace {

// Becomes \a role for the following statements: SET SESSION AUTHORIZATION when the
// administrator is a superuser (so RESET ROLE inside a migration still lands on the
// migration role), SET ROLE otherwise.
void become(pg::Connection& conn, const std::string& role) {
  try {
    conn.exec("SET SESSION AUTHORIZATION " + quote_ident(role));
  } catch (const Error& e) {
    if (e.sqlstate() != "42501") throw;
    with_context("cannot replay migrations as role " + role + " in the shadow",
                 [&] { conn.exec("SET ROLE " + quote_ident(role)); });
  }
}

[[noreturn]] void fail(const MigrationFile& file, const MigrationSection& up, size_t offset,
                       const std::string& statement, const Error& e) {
  std::string message = "replaying " + file.path + " in the shadow failed at line " +
                        std::to_string(line_at(up.sql, offset, up.first_line));
  if (!statement.empty()) message += " (" + excerpt(statement) + ")";
  throw Error(ErrorCategory::kInput, message + ": " + e.what(), e.sqlstate());
}

void stop_if_abandoned(const std::atomic<bool>* abandon) {
  if (abandon && abandon->load()) throw Error(ErrorCategory::kInput, "replay abandoned");
}

// A statement that opens or ends a transaction itself: a file holding one cannot be
// rolled back as a whole, so it is not sent in batches (a failed batch could not be
// undone and run again).
bool controls_transaction(const std::string& sql) {
  std::string word;
  for (const char c : sql) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word == "BEGIN" || word == "START" || word == "COMMIT" || word == "END" ||
         word == "ROLLBACK" || word == "ABORT" || word == "PREPARE";
}

// Runs \a statements (of \a sql) in one transaction, many to a round trip. Returns the
// number of round trips when all ran and committed; 0 when one failed (rolled back,
// nothing left of it).
size_t run_in_batches(pg::Connection& conn, const std::string& sql,
                      const std::vector<Statement>& statements, const std::atomic<bool>* abandon) {
  constexpr size_t kMaxStatements = 500;
  constexpr size_t kMaxBytes = 1 << 20;
  size_t round_trips = 0;
  conn.exec("BEGIN");
  try {
    for (size_t first = 0; first < statements.size();) {
      stop_if_abandoned(abandon);
      size_t last = first;
      const size_t begin = statements[first].offset;
      while (last + 1 < statements.size() && last + 1 - first < kMaxStatements &&
             statements[last + 1].offset + statements[last + 1].sql.size() - begin < kMaxBytes) {
        ++last;
      }
      conn.run_script(
          sql.substr(begin, statements[last].offset + statements[last].sql.size() - begin));
      ++round_trips;
      first = last + 1;
    }
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kConnection) throw;
    conn.exec("ROLLBACK");
    if (abandon && abandon->load()) throw;
    return 0;
  }
  conn.exec("COMMIT");
  return std::max<size_t>(round_trips, 1);
}

void replay_one(pg::Connection& conn, const ReplayFile& replay, const std::atomic<bool>* abandon,
                Log& log) {
  const auto& file = replay.file;
  const MigrationSections sections =
      with_context(file.path, [&] { return parse_migration_sections(replay.text); });
  const MigrationSection& up = sections.up;
  if (!up.transaction()) {
    // As dbmate does: the whole section as one string, no transaction around it.
    int position = 0;
    try {
      conn.run_script(up.sql, &position);
    } catch (const Error& e) {
      if (e.category() == ErrorCategory::kConnection) throw;
      const size_t offset = position > 0 ? static_cast<size_t>(position - 1) : 0;
      std::string statement;
      if (auto statements = split_statements(up.sql)) {
        for (const auto& s : *statements) {
          if (s.offset <= offset) statement = s.sql;
        }
      }
      fail(file, up, offset, position > 0 ? statement : "", e);
    }
    return;
  }
  // In a transaction, as dbmate runs it, but in batches of statements rather than one
  // string (a baseline of 10,000 tables is 100,000 statements: one string would make the
  // server hold all their parse trees at once, and one round trip per statement is most
  // of the time a replay takes). When a batch fails, the transaction is rolled back and the
  // file runs again statement by statement, so the failure names its statement.
  auto statements = split_statements(up.sql);
  if (!statements) statements = std::vector<Statement>{{up.sql, 0}};
  if (std::none_of(statements->begin(), statements->end(),
                   [](const Statement& st) { return controls_transaction(st.sql); })) {
    if (const size_t round_trips = run_in_batches(conn, up.sql, *statements, abandon)) {
      log.info("  " + std::to_string(statements->size()) + " statement(s) in " +
               std::to_string(round_trips) + " round trip(s)");
      return;
    }
  }
  conn.exec("BEGIN");
  for (const auto& statement : *statements) {
    if (abandon && abandon->load()) {
      conn.exec("ROLLBACK");
      stop_if_abandoned(abandon);
    }
    int position = 0;
    try {
      conn.run_script(statement.sql, &position);
    } catch (const Error& e) {
      if (e.category() == ErrorCategory::kConnection) throw;
      try {
        conn.exec("ROLLBACK");
      } catch (const Error&) {
      }
      // The server's position is within this statement's text.
      const size_t offset = statement.offset + (position > 0 ? position - 1 : 0);
      fail(file, up, offset, statement.sql, e);
    }
  }
  conn.exec("COMMIT");
}

}  // namespace

void replay_migrations(pg::Connection& conn, const std::vector<ReplayFile>& files,
                       const std::string& migration_role, Log& log,
                       const std::atomic<bool>* abandon) {
  for (size_t n = 0; n < files.size(); ++n) {
    const auto& replay = files[n];
    stop_if_abandoned(abandon);
    log.info("replaying " + std::to_string(n + 1) + "/" + std::to_string(files.size()) + " " +
             replay.file.filename);
    const bool switch_role = !replay.as_administrator && !migration_role.empty();
    if (switch_role) become(conn, migration_role);
    replay_one(conn, replay, abandon, log);
    if (switch_role) {
      conn.exec("RESET ROLE");
      conn.exec("RESET SESSION AUTHORIZATION");
    }
    // Each file starts from a fresh session, as the next deploy's would: a SET or a
    // temporary table one file leaves must not reach the next, or a replay that starts
    // from a kept image (a new session) could differ from a full one.
    if (!conn.in_transaction()) conn.exec("DISCARD ALL");
  }
}

}  // namespace pgdrift::history

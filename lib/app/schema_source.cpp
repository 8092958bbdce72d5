#include "app/schema_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app/diff.h"
#include "history/migration_files.h"
#include "history/migration_sections.h"
#include "history/replay.h"
#include "history/sql_statements.h"
#include "lint/parsed_sql.h"
#include "pg/conninfo.h"
#include "pg/session.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDbmatePrefix = "dbmate:";
constexpr int kMaxRolesCreated = 100;

struct SqlFile {
  std::string path;
  std::string text;
};

// The .sql files of a declared schema: the file itself, or every .sql file under the
// directory, in path order (the order matters only for which error is reported first).
std::vector<SqlFile> declared_files(const std::string& source) {
  std::vector<std::string> paths;
  std::error_code ec;
  if (fs::is_regular_file(source, ec)) {
    paths.push_back(source);
  } else {
    for (fs::recursive_directory_iterator it(source, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".sql")
        paths.push_back(it->path().string());
    }
    if (ec) throw Error(ErrorCategory::kIo, "cannot list " + source + ": " + ec.message());
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
      throw Error(ErrorCategory::kInput, source +
                                             " holds no .sql file: a declared schema is "
                                             "a .sql file or a directory of them");
    }
  }
  std::vector<SqlFile> files;
  for (const auto& path : paths) files.push_back({path, read_file(path)});
  return files;
}

// BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK: a statement that controls the
// transaction, by its first word.
bool transaction_control(const std::string& sql) {
  std::string word;
  for (char c : sql) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      break;
    }
  }
  return word == "BEGIN" || word == "START" || word == "COMMIT" || word == "END" ||
         word == "ROLLBACK";
}

// The role an error says is missing ("role \"x\" does not exist"), or "".
std::string missing_role(const Error& e) {
  const std::string message = e.what();
  const std::string head = "role \"";
  const auto at = message.find(head);
  const auto end = message.find("\" does not exist", at == std::string::npos ? 0 : at);
  if (e.sqlstate() != "42704" || at == std::string::npos || end == std::string::npos) return "";
  return message.substr(at + head.size(), end - at - head.size());
}

void create_role(shadow::Shadow& shadow, const std::string& role, int& created, Log& log) {
  if (++created > kMaxRolesCreated) {
    throw Error(ErrorCategory::kInput, "the schema names more than " +
                                           std::to_string(kMaxRolesCreated) +
                                           " roles that do not exist; is it the right one?");
  }
  log.info("creating role " + role + " (NOLOGIN) in the shadow: the schema names it");
  shadow.create_roles({shadow::RoleSpec{role, false, false, false, true, false, {}}}, log);
}

// One try of a file: loaded (nothing set), failed (the error), or to be tried again
// after a role it names was created.
struct Attempt {
  bool again = false;
  std::string error;  ///< "path:line: message"
};

Attempt try_file(pg::Connection& conn, shadow::Shadow& shadow, const SqlFile& file,
                 const std::vector<history::Statement>& statements, int& roles_created, Log& log) {
  conn.run_script("BEGIN");
  for (const auto& s : statements) {
    // Each file runs in a transaction of pgdrift's: its own BEGIN and COMMIT would end it.
    if (transaction_control(s.sql)) continue;
    try {
      conn.run_script(s.sql);
    } catch (const Error& e) {
      if (e.category() == ErrorCategory::kConnection) throw;
      conn.run_script("ROLLBACK");
      if (const std::string role = missing_role(e); !role.empty()) {
        create_role(shadow, role, roles_created, log);
        return {true, ""};
      }
      return {false, file.path + ":" + std::to_string(history::line_at(file.text, s.offset)) +
                         ": " + e.what()};
    }
  }
  conn.run_script("COMMIT");
  return {};
}

// A file's SET (search_path, as pg_dump writes it) must not reach the next file.
void forget_settings(pg::Connection& conn) {
  conn.run_script("DISCARD ALL");
}

// Runs \a file in one transaction, statement by statement: "" when it loaded, else
// "path:line: message".
std::string run_file(pg::Connection& conn, shadow::Shadow& shadow, const SqlFile& file,
                     int& roles_created, Log& log) {
  const auto statements = history::split_statements(file.text);
  if (!statements) {
    const auto parsed = lint::parse_sql(file.text);
    const int line = parsed.error ? history::line_at(file.text, parsed.error_offset) : 1;
    return file.path + ":" + std::to_string(line) + ": " +
           parsed.error.value_or("the parser rejects the file");
  }
  for (;;) {
    const Attempt attempt = try_file(conn, shadow, file, *statements, roles_created, log);
    forget_settings(conn);
    if (!attempt.again) return attempt.error;
  }
}

// Whether \a file holds a statement PostgreSQL runs only outside a transaction block
// (CREATE/DROP/REINDEX ... CONCURRENTLY, VACUUM): such a file cannot be tried in a
// transaction and rolled back.
bool runs_outside_transaction(const SqlFile& file) {
  const auto statements = history::split_statements(file.text);
  return statements && std::any_of(statements->begin(), statements->end(), [](const auto& s) {
           return history::runs_outside_transaction(s.sql);
         });
}

// Runs \a file statement by statement, each committed on its own: "" when it loaded,
// else "path:line: message". What ran before a failure stays.
std::string run_file_outside_transaction(pg::Connection& conn, const SqlFile& file) {
  const auto statements = history::split_statements(file.text);
  if (!statements) return file.path + ":1: the parser rejects the file";
  for (const auto& s : *statements) {
    if (transaction_control(s.sql)) continue;
    try {
      conn.run_script(s.sql);
    } catch (const Error& e) {
      if (e.category() == ErrorCategory::kConnection) throw;
      forget_settings(conn);
      return file.path + ":" + std::to_string(history::line_at(file.text, s.offset)) + ": " +
             e.what();
    }
  }
  forget_settings(conn);
  return "";
}

// Runs the files of a declared schema in any order: whatever fails is tried again after
// the others, until a round loads nothing more. Files with statements that cannot run in
// a transaction (an index built CONCURRENTLY) run last, once each, in path order: they
// cannot be rolled back to be tried again, and what they hold (indexes, VACUUM) comes
// after the tables anyway.
void load_declared(shadow::Shadow& shadow, const pg::ConnectOptions& where,
                   const std::string& source, Log& log) {
  const auto files = declared_files(source);
  auto conn = pg::Connection::open(where);
  std::vector<size_t> pending;
  std::vector<size_t> last;
  for (size_t i = 0; i < files.size(); ++i) {
    (runs_outside_transaction(files[i]) ? last : pending).push_back(i);
  }
  std::vector<std::string> errors(files.size());
  int roles_created = 0;
  for (bool progress = true; progress && !pending.empty();) {
    progress = false;
    std::vector<size_t> failed;
    for (size_t i : pending) {
      errors[i] = run_file(conn, shadow, files[i], roles_created, log);
      if (errors[i].empty()) {
        progress = true;
      } else {
        failed.push_back(i);
      }
    }
    pending = std::move(failed);
  }
  for (size_t i : last) {
    errors[i] = run_file_outside_transaction(conn, files[i]);
    if (!errors[i].empty()) pending.push_back(i);
  }
  if (pending.empty()) {
    log.info("loaded " + std::to_string(files.size()) + " schema file(s) of " + source);
    return;
  }
  std::string list;
  for (size_t k = 0; k < pending.size() && k < 3; ++k) list += "; " + errors[pending[k]];
  if (pending.size() > 3) list += "; and " + std::to_string(pending.size() - 3) + " more";
  throw Error(ErrorCategory::kInput, std::to_string(pending.size()) + " of " +
                                         std::to_string(files.size()) + " file(s) of " + source +
                                         " never loaded, whatever ran before them" + list);
}

// Replays a dbmate history in version order, as `check` replays it; a role its files
// name that the shadow lacks is created and the history replayed again from the start.
pg::ConnectOptions load_history(shadow::Shadow& shadow, const std::string& dir, Log& log) {
  std::vector<history::ReplayFile> files;
  for (auto& file : history::list_migration_files(dir)) {
    const std::string text = read_file(file.path);
    files.push_back({std::move(file), text, false});
  }
  int roles_created = 0;
  for (;;) {
    const auto where = shadow.create_database(shadow::DatabaseSpec{}, log);
    try {
      auto conn = pg::Connection::open(where);
      history::replay_migrations(conn, files, "", log);
      log.info("replayed " + std::to_string(files.size()) + " migration file(s) of " + dir);
      return where;
    } catch (const Error& e) {
      const std::string role = missing_role(e);
      if (role.empty()) throw;
      create_role(shadow, role, roles_created, log);
    }
  }
}

}  // namespace

SourceKind source_kind(const std::string& source) {
  std::error_code ec;
  if (source.rfind(kDbmatePrefix, 0) == 0) {
    const std::string dir = source.substr(std::string(kDbmatePrefix).size());
    if (!fs::is_directory(dir, ec)) {
      throw Error(ErrorCategory::kInput, "cannot read " + source + ": " + dir +
                                             " is not a directory of dbmate migrations");
    }
    return SourceKind::kDbmateHistory;
  }
  if (fs::is_directory(source, ec)) return SourceKind::kDeclaredSchema;
  if (fs::is_regular_file(source, ec)) {
    return fs::path(source).extension() == ".sql" ? SourceKind::kDeclaredSchema
                                                  : SourceKind::kSnapshot;
  }
  if (looks_like_conninfo(source)) return SourceKind::kDatabase;
  throw Error(ErrorCategory::kInput,
              "cannot read " + source + ": " +
                  (fs::exists(source, ec) ? "it is not a file" : "no such file") +
                  "; a source is a connection string (postgres://... or key=value), a JSON "
                  "snapshot file, a .sql file or a directory of them, or dbmate:DIR");
}

bool loads_in_shadow(SourceKind kind) {
  return kind == SourceKind::kDeclaredSchema || kind == SourceKind::kDbmateHistory;
}

model::Catalog load_schema_source(const std::string& source, const LiveSource& reading,
                                  const ShadowProvider& shadow, Log& log) {
  switch (source_kind(source)) {
    case SourceKind::kDatabase:
    case SourceKind::kSnapshot:
      return load_source(source, reading.session, reading.filter, log);
    case SourceKind::kDeclaredSchema: {
      shadow::Shadow& s = shadow();
      const auto where = s.create_database(shadow::DatabaseSpec{}, log);
      load_declared(s, where, source, log);
      return read_database_catalog(where, reading, log);
    }
    case SourceKind::kDbmateHistory: {
      shadow::Shadow& s = shadow();
      const auto where = load_history(s, source.substr(std::string(kDbmatePrefix).size()), log);
      return read_database_catalog(where, reading, log);
    }
  }
  throw Error(ErrorCategory::kInternal, "unknown source kind");
}

size_t relations_locked_estimate(const std::string& source) {
  size_t locked = 0;
  switch (source_kind(source)) {
    case SourceKind::kDatabase:
    case SourceKind::kSnapshot:
      break;
    case SourceKind::kDeclaredSchema:
      for (const auto& file : declared_files(source))
        locked += history::relations_locked_estimate(file.text);
      break;
    case SourceKind::kDbmateHistory:
      for (const auto& file :
           history::list_migration_files(source.substr(std::string(kDbmatePrefix).size()))) {
        try {
          const auto sections = history::parse_migration_sections(read_file(file.path));
          locked += history::relations_locked_estimate(sections.up.sql);
        } catch (const Error&) {
          // The replay names what is wrong with the file.
        }
      }
      break;
  }
  return locked;
}

std::string source_label(const std::string& source) {
  return loads_in_shadow(source_kind(source)) || source_kind(source) == SourceKind::kSnapshot
             ? source
             : pg::describe_target(source);
}

}  // namespace pgdrift::app

#include "app/schema_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>

#include "app/diff.h"
#include "history/migration_files.h"
#include "history/migration_sections.h"
#include "history/replay.h"
#include "history/sql_statements.h"
#include "lint/parsed_sql.h"
#include "pg/conninfo.h"
#include "pg/session.h"
#include "shadow/binaries.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

namespace fs = std::filesystem;

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
  const std::string word = history::leading_words(sql, 1);
  return word == "BEGIN" || word == "START" || word == "COMMIT" || word == "END" ||
         word == "ROLLBACK";
}

// A statement that sets the session for the ones after it (SET search_path, as pg_dump
// writes it, or its set_config form).
bool sets_session(const std::string& sql) {
  const std::string words = history::leading_words(sql, 2);
  if (words.rfind("SET ", 0) == 0) return words != "SET CONSTRAINTS";
  std::string lower = sql;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return words.rfind("SELECT", 0) == 0 && lower.find("set_config(") != std::string::npos;
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

// A file's SET (search_path, as pg_dump writes it) must not reach the next file. Function
// bodies are not checked as they are created, as in pg_dump's scripts and the snapshot's:
// a schema's files come in any order, and two SQL functions may call each other.
void forget_settings(pg::Connection& conn) {
  conn.run_script("DISCARD ALL");
  conn.run_script("SET check_function_bodies = false");
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

// Whether \a file holds only ALTER DEFAULT PRIVILEGES: they apply to what is created after
// them, so such a file runs after the others (as the snapshot writes them last), else the
// objects of the other files would get privileges their GRANTs do not name.
bool only_default_privileges(const SqlFile& file) {
  const auto statements = history::split_statements(file.text);
  return statements && !statements->empty() &&
         std::all_of(statements->begin(), statements->end(), [](const auto& s) {
           return history::leading_words(s.sql, 3) == "ALTER DEFAULT PRIVILEGES";
         });
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

// What files a file says it needs first: the `-- requires: PATH` lines of the comments
// before its first statement (PATH relative to the schema's folder; such a line inside a
// function body or a string is the file's text, not a hint), as indexes into \a files.
// Throws Error(kInput) for a path that is no file of the schema.
std::vector<size_t> required_files(const SqlFile& file, const std::vector<SqlFile>& files,
                                   const std::string& root) {
  std::vector<size_t> required;
  const size_t header_end = history::skip_blanks_and_comments(file.text, 0, file.text.size());
  size_t line_start = 0;
  for (int line = 1; line_start < header_end; ++line) {
    size_t end = file.text.find('\n', line_start);
    if (end == std::string::npos) end = file.text.size();
    std::string text = file.text.substr(line_start, end - line_start);
    line_start = end + 1;
    const auto mark = text.find("-- requires:");
    if (text.find_first_not_of(" \t") != mark || mark == std::string::npos) continue;
    std::string path = text.substr(mark + std::string("-- requires:").size());
    path.erase(0, path.find_first_not_of(" \t"));
    path.erase(path.find_last_not_of(" \t\r") + 1);
    const std::string wanted = (fs::path(root) / path).lexically_normal().string();
    const auto it = std::find_if(files.begin(), files.end(), [&](const SqlFile& f) {
      return fs::path(f.path).lexically_normal().string() == wanted;
    });
    if (path.empty() || it == files.end()) {
      throw Error(ErrorCategory::kInput, file.path + ":" + std::to_string(line) + ": requires " +
                                             path + ", which is no .sql file of " + root +
                                             "; name a file relative to that folder");
    }
    required.push_back(static_cast<size_t>(it - files.begin()));
  }
  return required;
}

// \a files reordered so that each comes after the files it requires (path order
// otherwise). Throws Error(kInput) naming a cycle of requirements.
std::vector<size_t> in_required_order(const std::vector<SqlFile>& files, const std::string& root) {
  std::vector<std::vector<size_t>> needs(files.size());
  for (size_t i = 0; i < files.size(); ++i) needs[i] = required_files(files[i], files, root);
  std::vector<size_t> order;
  std::vector<int> state(files.size(), 0);  // 0 new, 1 on the path, 2 placed
  std::vector<size_t> path;
  std::function<void(size_t)> visit = [&](size_t i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      std::string cycle;
      for (auto it = std::find(path.begin(), path.end(), i); it != path.end(); ++it) {
        cycle += files[*it].path + " -> ";
      }
      throw Error(ErrorCategory::kInput, "the -- requires: lines go round in a circle: " + cycle +
                                             files[i].path + "; take one of them out");
    }
    state[i] = 1;
    path.push_back(i);
    for (size_t j : needs[i]) visit(j);
    path.pop_back();
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < files.size(); ++i) visit(i);
  return order;
}

// The files left when no whole file loads any more (two tables whose foreign keys name
// each other, each in its own file), statement by statement: each statement on its own,
// again while more of them succeed, a file's session settings run again before the rest
// of it. Returns the files that still did not load, with their errors set.
std::vector<size_t> load_statement_by_statement(pg::Connection& conn, shadow::Shadow& shadow,
                                                const std::vector<SqlFile>& files,
                                                const std::vector<size_t>& pending,
                                                std::vector<std::string>& errors,
                                                int& roles_created, Log& log) {
  std::map<size_t, std::vector<history::Statement>> left;
  std::vector<size_t> still;  // what does not load, with its error
  for (size_t i : pending) {
    if (auto statements = history::split_statements(files[i].text)) {
      left[i] = *statements;
    } else {
      still.push_back(i);  // it does not parse: its error says where
    }
  }
  for (bool progress = true; progress;) {
    progress = false;
    for (auto& [i, statements] : left) {
      std::vector<history::Statement> failed;
      errors[i].clear();  // the first statement that fails this round says why
      for (const auto& s : statements) {
        if (transaction_control(s.sql)) continue;
        for (;;) {
          try {
            conn.run_script(s.sql);
            if (sets_session(s.sql)) failed.push_back(s);  // again before the rest, next time
            progress = progress || !sets_session(s.sql);
          } catch (const Error& e) {
            if (e.category() == ErrorCategory::kConnection) throw;
            if (const std::string role = missing_role(e); !role.empty()) {
              create_role(shadow, role, roles_created, log);
              continue;
            }
            if (errors[i].empty()) {
              errors[i] = files[i].path + ":" +
                          std::to_string(history::line_at(files[i].text, s.offset)) + ": " +
                          e.what();
            }
            failed.push_back(s);
          }
          break;
        }
      }
      forget_settings(conn);
      const bool only_settings = std::all_of(failed.begin(), failed.end(),
                                             [](const auto& s) { return sets_session(s.sql); });
      if (only_settings) failed.clear();
      statements = std::move(failed);
    }
  }
  for (const auto& [i, statements] : left) {
    if (statements.empty()) {
      errors[i].clear();
    } else {
      still.push_back(i);
    }
  }
  std::sort(still.begin(), still.end());
  return still;
}

// Runs the files of a declared schema in any order: whatever fails is tried again after
// the others, until a round loads nothing more; a file's `-- requires:` lines put the
// files it names first. What is left then is tried statement by statement (a cycle of
// foreign keys between files). Files with statements that cannot run in a transaction (an
// index built CONCURRENTLY) run last, once each, in path order: they cannot be rolled
// back to be tried again, and what they hold (indexes, VACUUM) comes after the tables.
void load_declared(shadow::Shadow& shadow, const pg::ConnectOptions& where,
                   const std::string& source, Log& log) {
  const auto files = declared_files(source);
  const std::string root =
      fs::is_directory(source) ? source : fs::path(source).parent_path().string();
  auto conn = pg::Connection::open(where);
  forget_settings(conn);  // the first file tried runs with the settings every file gets
  std::vector<size_t> pending;
  std::vector<size_t> privileges;  // ALTER DEFAULT PRIVILEGES only: after what they must not touch
  std::vector<size_t> last;
  for (size_t i : in_required_order(files, root)) {
    (runs_outside_transaction(files[i])  ? last
     : only_default_privileges(files[i]) ? privileges
                                         : pending)
        .push_back(i);
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
  if (!pending.empty()) {
    pending = load_statement_by_statement(conn, shadow, files, pending, errors, roles_created, log);
  }
  for (size_t i : privileges) {
    errors[i] = run_file(conn, shadow, files[i], roles_created, log);
    if (!errors[i].empty()) pending.push_back(i);
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

void require_schema_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kInput,
                dir +
                    " is not a folder; name the schema folder (`pgdrift init` writes one) "
                    "with --schema-dir");
  }
}

void require_apart(const std::string& schema_dir, const std::string& migrations_dir) {
  std::error_code ec;
  auto schema = fs::weakly_canonical(schema_dir, ec);
  auto migrations = fs::weakly_canonical(migrations_dir, ec);
  for (auto* p : {&schema, &migrations}) {
    if (p->has_parent_path() && p->filename().empty()) *p = p->parent_path();  // "db/"
  }
  const auto [end, at] =
      std::mismatch(schema.begin(), schema.end(), migrations.begin(), migrations.end());
  if (!ec && end == schema.end()) {
    throw Error(ErrorCategory::kInput,
                "the migrations folder " + migrations_dir + " is inside the schema folder " +
                    schema_dir +
                    ": its files would be read as schema files; keep the two apart "
                    "(--schema-dir, --migrations-dir)");
  }
}

int default_shadow_major(const shadow::ShadowOptions& options) {
  if (options.pg_bin) {
    if (const auto major = shadow::binaries_major(*options.pg_bin)) return *major;
  }
  for (int major = 18; major >= 12; --major) {
    try {
      (void)shadow::find_server_binaries(major, std::nullopt);
      return major;
    } catch (const Error&) {
    }
  }
  return 0;  // start_shadow says what is missing
}

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

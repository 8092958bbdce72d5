#include "corpus_cases.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace pgdrift::test {
namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::string> sorted_dir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Sides that do not load on PostgreSQL 15 even after the README's preparations.
const std::map<std::string, std::string> kApgdiffUnloadable = {
    {"alter_view_add_default/original", "uses relation test2, which no file creates"},
    {"alter_view_add_default/new", "uses relation test2, which no file creates"},
    {"alter_view_change_default/original", "uses relation test2, which no file creates"},
    {"alter_view_change_default/new", "uses relation test2, which no file creates"},
    {"alter_view_drop_default/original", "uses relation test2, which no file creates"},
    {"alter_view_drop_default/new", "uses relation test2, which no file creates"},
    {"view_alias_with_quote/original", "uses relation tablename, which no file creates"},
    {"view_alias_with_quote/new", "uses relation tablename, which no file creates"},
    {"drop_with_oids/original", "WITH OIDS was removed in PostgreSQL 12"},
    {"add_table_bug102/new", "foreign key without a matching unique key"},
    {"add_table_partition_by/new", "ONLY foreign key on a partitioned table"},
    {"alter_inherited_column/new", "column reference in a DEFAULT"},
    {"create_trigger_postgres12/new", "trigger created before its function"},
    {"grant_on_view_cols_mixed/new", "grant on a view column that does not exist"},
    {"view_triggers/new", "a non-INSTEAD OF trigger on a view"},
    {"loader/schema_1", "foreign key to a missing column"},
    {"loader/schema_4", "missing sequence call_logs_id_seq"},
    {"loader/schema_5", "the PostgreSQL 8.x tsearch2 module"},
};

// The README's three extra preparations for apgdiff files.
std::vector<std::string> apgdiff_preparations(const std::string& text, const std::string& name) {
  std::vector<std::string> prep;
  if (text.find("CREATE PROCEDURAL LANGUAGE plpgsql") != std::string::npos) {
    prep.push_back("DROP EXTENSION plpgsql");
  }
  if (text.find("SERVER ats") != std::string::npos) {
    prep.push_back("CREATE EXTENSION postgres_fdw");
    prep.push_back("CREATE SERVER ats FOREIGN DATA WRAPPER postgres_fdw");
  }
  if (name.rfind("create_schema_no_change_table/", 0) == 0) prep.push_back("DROP SCHEMA public");
  return prep;
}

std::vector<CorpusCase> single_cases() {
  std::vector<CorpusCase> cases;
  const auto list = std::string(
      "chinook danbooru graphile-starter matrix-synapse northwind openstreetmap-website pagila "
      "philomena postgraphile-kitchen-sink postgrest-apflora postgrest-spec "
      "supabase-storage-migrations pgmt-examples/examples/multi-file-schema "
      "pgmt-examples/demos/project pgmt-examples/demos/project/initial");
  std::istringstream in(list);
  for (std::string entry; in >> entry;) {
    CorpusCase c;
    c.set = "single";
    c.name = entry;
    c.load_sh_entry = entry;
    cases.push_back(c);
  }
  return cases;
}

std::vector<CorpusCase> apgdiff_cases() {
  const fs::path dir = fs::path(corpus_dir()) / "apgdiff-fixtures";
  std::vector<CorpusCase> cases;
  for (const auto& file : sorted_dir(dir)) {
    const auto pos = file.rfind("_original.sql");
    if (pos == std::string::npos || pos + 13 != file.size()) continue;
    const std::string fixture = file.substr(0, pos);
    for (const char* side : {"original", "new"}) {
      const fs::path path = dir / (fixture + "_" + side + ".sql");
      if (!fs::exists(path)) continue;
      CorpusCase c;
      c.set = "apgdiff";
      c.name = fixture + "/" + side;
      c.files = {path.string()};
      c.prepare_sql = apgdiff_preparations(read_text(path), c.name);
      if (auto it = kApgdiffUnloadable.find(c.name); it != kApgdiffUnloadable.end()) {
        c.known_unloadable = it->second;
      }
      cases.push_back(c);
    }
  }
  for (const auto& file : sorted_dir(dir / "loader")) {
    if (file.size() < 4 || file.substr(file.size() - 4) != ".sql") continue;
    CorpusCase c;
    c.set = "apgdiff";
    c.name = "loader/" + file.substr(0, file.size() - 4);
    c.files = {(dir / "loader" / file).string()};
    c.prepare_sql = apgdiff_preparations(read_text(dir / "loader" / file), c.name);
    if (auto it = kApgdiffUnloadable.find(c.name); it != kApgdiffUnloadable.end()) {
      c.known_unloadable = it->second;
    }
    cases.push_back(c);
  }
  return cases;
}

std::vector<CorpusCase> migra_cases() {
  const fs::path dir = fs::path(corpus_dir()) / "migra-fixtures";
  std::vector<CorpusCase> cases;
  for (const auto& fixture : sorted_dir(dir)) {
    if (!fs::is_directory(dir / fixture)) continue;
    for (const char* side : {"a", "b"}) {
      CorpusCase c;
      c.set = "migra";
      c.name = fixture + "/" + side;
      c.files = {(dir / fixture / (std::string(side) + ".sql")).string()};
      cases.push_back(c);
    }
  }
  return cases;
}

std::vector<CorpusCase> pg_schema_diff_cases() {
  const fs::path dir = fs::path(corpus_dir()) / "pg-schema-diff-cases";
  std::vector<CorpusCase> cases;
  for (const auto& category : sorted_dir(dir)) {
    if (category == "testdata" || !fs::is_directory(dir / category)) continue;
    for (const auto& name : sorted_dir(dir / category)) {
      const fs::path case_dir = dir / category / name;
      for (const char* side : {"old", "new"}) {
        CorpusCase c;
        c.set = "pg-schema-diff";
        c.name = category + "/" + name + "/" + side;
        const fs::path file = case_dir / (std::string(side) + ".sql");
        if (fs::exists(file)) {
          c.files = {file.string()};
        } else if (category == "database_schema_source" && name == "002_dir_src_happy_path" &&
                   std::string(side) == "new") {
          // This case's new schema is a directory of files, loaded in sorted path order.
          std::vector<std::string> files;
          for (const auto& e :
               fs::recursive_directory_iterator(dir / "testdata" / "dirsrc_happy_path")) {
            if (e.path().extension() == ".sql") files.push_back(e.path().string());
          }
          std::sort(files.begin(), files.end());
          c.files = files;
        } else {
          continue;
        }
        cases.push_back(c);
      }
    }
  }
  return cases;
}

// Splits a CASES.tsv roles cell ("role_1,role_2", "\"evil\"\"role\"") at commas outside
// double quotes.
std::vector<std::string> split_roles(const std::string& cell) {
  std::vector<std::string> roles;
  std::string current;
  bool quoted = false;
  for (char c : cell) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      if (!current.empty()) roles.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  if (!current.empty()) roles.push_back(current);
  return roles;
}

}  // namespace

std::string corpus_dir() {
  if (const char* env = std::getenv("PGDRIFT_CORPUS_DIR"); env && *env) return env;
  return PGDRIFT_CORPUS_DIR;
}

std::vector<std::string> corpus_roles(const std::string& set) {
  if (set == "apgdiff") {
    return {"fordfrog",  "dv",      "krioweb2", "asi",      "admin", "webuser",
            "anonymous", "manager", "customer", "intranet", "madej"};
  }
  if (set == "migra") return {"schemainspect_test_role"};
  if (set == "pg-schema-diff") {
    std::set<std::string> roles;
    std::ifstream in(fs::path(corpus_dir()) / "pg-schema-diff-cases" / "CASES.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::string cell;
      std::istringstream row(line);
      while (std::getline(row, cell, '\t')) cells.push_back(cell);
      if (cells.size() > 2) {
        for (const auto& role : split_roles(cells[2])) roles.insert(role);
      }
    }
    return {roles.begin(), roles.end()};
  }
  return {};
}

std::vector<CorpusCase> corpus_cases(const std::string& set) {
  if (!fs::is_directory(corpus_dir())) {
    throw std::runtime_error("the schema corpus is not at " + corpus_dir() +
                             "; set PGDRIFT_CORPUS_DIR to its location");
  }
  if (set == "single") return single_cases();
  if (set == "apgdiff") return apgdiff_cases();
  if (set == "migra") return migra_cases();
  if (set == "pg-schema-diff") return pg_schema_diff_cases();
  throw std::runtime_error("unknown corpus set " + set);
}

}  // namespace pgdrift::test

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../temp_store.h"
#include "store/history_store.h"
#include "util/error.h"

using namespace pgdrift;
using diff::ChangeType;

namespace {

using test::TempStore;

store::RunRecord run(const std::string& at) {
  store::RunRecord r;
  r.started_at = at;
  r.database = "/tmp:5432/app";
  r.status = "drift";
  return r;
}

diff::ChangeSet ghosts(std::vector<std::string> objects) {
  diff::ChangeSet set;
  for (const auto& o : objects)
    set.findings.push_back({"column", o, ChangeType::kAdded, "", {}, ""});
  return set;
}

}  // namespace

TEST_CASE("findings keep first seen, move last seen, resolve, and come back as new", "[store]") {
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());  // creates the folder too
  const std::string key = "column|public.t.c|added";
  auto seen = store.record_run(run("day1"), ghosts({"public.t.c"}));
  CHECK(seen[key].first_seen == "day1");
  seen = store.record_run(run("day2"), ghosts({"public.t.c", "public.t.d"}));
  CHECK(seen[key].first_seen == "day1");
  CHECK(seen[key].last_seen == "day2");
  CHECK(seen["column|public.t.d|added"].first_seen == "day2");
  store.record_run(run("day3"), ghosts({"public.t.d"}));  // c resolved
  CHECK(store.open_findings("").size() == 1);
  seen = store.record_run(run("day4"), ghosts({"public.t.c", "public.t.d"}));
  CHECK(seen[key].first_seen == "day4");  // back again: a new finding
  CHECK(seen["column|public.t.d|added"].first_seen == "day2");
  const auto runs = store.recent_runs("app", 10);  // by database name alone
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].record.started_at == "day4");
  CHECK(runs[0].counts.at("column") == 2);
  CHECK(store.recent_runs("other", 10).empty());
}

TEST_CASE("expected catalogs are cached by key", "[store]") {
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  CHECK_FALSE(store.cached_catalog("k1"));
  store.cache_catalog("k1", "db", "{\"a\":1}");
  CHECK(store.cached_catalog("k1") == std::optional<std::string>("{\"a\":1}"));
  CHECK_FALSE(store.field_differs("k1", "f"));
  store.remember_field_verdicts("k1", {{"f", false}, {"g", true}});
  CHECK(store.field_differs("k1", "f") == std::optional<bool>(false));
  CHECK(store.field_differs("k1", "g") == std::optional<bool>(true));
  CHECK_FALSE(store.field_differs("k2", "g"));
  // Reopening an existing store keeps everything.
  auto again = store::HistoryStore::open(tmp.path());
  CHECK(again.cached_catalog("k1"));
  CHECK(again.field_differs("k1", "g") == std::optional<bool>(true));
  // Verdicts go with their expected catalog when it is no longer kept.
  for (const char* key : {"k2", "k3", "k4", "k5", "k6"}) again.cache_catalog(key, "db", "{}");
  CHECK_FALSE(again.field_differs("k1", "g"));
}

TEST_CASE("stores from a newer pgdrift and files that are not stores are refused", "[store]") {
  TempStore tmp;
  { auto store = store::HistoryStore::open(tmp.path()); }
  {
    auto db = store::Database::open(tmp.path());
    db.exec("PRAGMA user_version = 7");
  }
  CHECK_THROWS_WITH(store::HistoryStore::open(tmp.path()),
                    Catch::Contains("schema version 7, written by a newer pgdrift"));
  const std::string junk = tmp.dir + "/junk.sqlite3";
  std::ofstream(junk) << "this is not a database, just text that is long enough to matter\n";
  CHECK_THROWS_AS(store::HistoryStore::open(junk), Error);
}

TEST_CASE("a version 1 store is migrated forward, keeping its runs", "[store]") {
  TempStore tmp;
  std::filesystem::create_directories(tmp.dir + "/nested");
  {
    // The version 1 schema as pgdrift 0.1 wrote it (only the tables used here).
    auto db = store::Database::open(tmp.path());
    db.exec(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, database TEXT NOT "
        "NULL, command TEXT NOT NULL, server_version INTEGER NOT NULL, status TEXT NOT NULL, "
        "finding_count INTEGER NOT NULL, duration_ms INTEGER NOT NULL, migration_role TEXT NOT "
        "NULL);"
        "CREATE TABLE run_counts (run_id INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER NOT "
        "NULL, PRIMARY KEY (run_id, kind));"
        "CREATE TABLE findings (id INTEGER PRIMARY KEY, database TEXT NOT NULL, kind TEXT NOT "
        "NULL, object TEXT NOT NULL, change TEXT NOT NULL, summary TEXT NOT NULL, details TEXT "
        "NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, first_run INTEGER NOT NULL, "
        "last_run INTEGER NOT NULL, resolved_at TEXT);"
        "CREATE TABLE expected_catalogs (cache_key TEXT PRIMARY KEY, database TEXT NOT NULL, "
        "created_at TEXT NOT NULL DEFAULT '', catalog TEXT NOT NULL);"
        "CREATE TABLE known_equivalents (cache_key TEXT NOT NULL, fingerprint TEXT NOT NULL, "
        "PRIMARY KEY (cache_key, fingerprint));"
        "INSERT INTO runs VALUES (1, 'day1', '/tmp:5432/app', 'check', 150000, 'clean', 0, 5, "
        "'app');"
        "INSERT INTO findings VALUES (1, '/tmp:5432/app', 'column', 'public.t.c', 'changed', '', "
        "'type: \"integer\" -> \"bigint\"\n', 'day1', 'day1', 1, 1, NULL);"
        "PRAGMA user_version = 1;");
  }
  auto store = store::HistoryStore::open(tmp.path());
  REQUIRE(store.recent_runs("", 10).size() == 1);
  CHECK(store.recent_runs("", 10)[0].record.reason.empty());  // version 5's column
  // A finding's details from before version 5 are plain lines, shown as they are.
  const auto old = store.open_findings("");
  REQUIRE(old.size() == 1);
  CHECK(old[0].legacy_details == "type: \"integer\" -> \"bigint\"\n");
  CHECK(old[0].fields.empty());
  // The version 2 table works: the first checksum is adopted, later ones are compared.
  CHECK(store.adopt_checksum("db", "1", "1_a.sql", "sha256:aa", "t1") == "sha256:aa");
  CHECK(store.adopt_checksum("db", "1", "1_a.sql", "sha256:bb", "t2") == "sha256:aa");
  // Version 4 replaced the whole-finding equivalents by verdicts per field.
  store.remember_field_verdicts("k", {{"f", true}});
  CHECK(store.field_differs("k", "f") == std::optional<bool>(true));
}

TEST_CASE("an adoption resolves findings and says so; checks resolve the rest", "[store]") {
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  store.record_run(run("day1"), ghosts({"public.t.c", "public.t.d"}));
  store.resolve_findings("/tmp:5432/app", ghosts({"public.t.c"}), "day1b", "adopted in 20990101");
  REQUIRE(store.open_findings("").size() == 1);
  store.record_run(run("day2"), ghosts({}));  // d no longer seen
  const auto resolved = store.resolved_findings("", 10);
  REQUIRE(resolved.size() == 2);
  CHECK(resolved[0].object == "public.t.d");  // newest first
  CHECK(resolved[0].resolved_by == std::nullopt);
  CHECK(resolved[1].object == "public.t.c");
  CHECK(resolved[1].resolved_at == "day1b");
  CHECK(resolved[1].resolved_by == "adopted in 20990101");
  CHECK(store.resolved_findings("", 1).size() == 1);
}

TEST_CASE("a finding keeps its fields, diff and reproducing SQL as the last run saw them",
          "[store]") {
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  diff::ChangeSet set;
  set.findings.push_back({"function",
                          "public.f()",
                          ChangeType::kChanged,
                          "",
                          {{"body", "\"a\"", "\"b\""}, {"owner", "\"app\"", "\"alice\""}},
                          "@@ -1 +1 @@\n-a\n+b\n"});
  store.record_run(run("day1"), set,
                   {{"function|public.f()|changed", "CREATE OR REPLACE FUNCTION ..."}});
  const auto open = store.open_findings("");
  REQUIRE(open.size() == 1);
  REQUIRE(open[0].fields.size() == 2);
  CHECK(open[0].fields[1] == diff::FieldChange{"owner", "\"app\"", "\"alice\""});
  CHECK(open[0].text_diff == "@@ -1 +1 @@\n-a\n+b\n");
  CHECK(open[0].sql == "CREATE OR REPLACE FUNCTION ...");
  CHECK(open[0].legacy_details.empty());
}

TEST_CASE("a run in trouble is kept with its reason and leaves the findings open", "[store]") {
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  store.record_run(run("day1"), ghosts({"public.t.c"}));
  store::RunRecord trouble = run("day2");
  trouble.status = "trouble";
  trouble.reason = "20260101_a.sql did not replay: syntax error";
  store.record_trouble(trouble);
  const auto runs = store.recent_runs("", 10);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].record.status == "trouble");
  CHECK(runs[0].record.reason == trouble.reason);
  CHECK(runs[0].finding_count == 0);
  // Nothing was compared: the ghost is neither resolved nor seen again.
  const auto open = store.open_findings("");
  REQUIRE(open.size() == 1);
  CHECK(open[0].last_seen == "day1");
  // The next good run sees it again: still first seen on day 1.
  const auto seen = store.record_run(run("day3"), ghosts({"public.t.c"}));
  CHECK(seen.at("column|public.t.c|added").first_seen == "day1");
}

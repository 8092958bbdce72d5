#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "store/history_store.h"
#include "util/error.h"

using namespace pgdrift;
using diff::ChangeType;

namespace {

struct TempStore {
  TempStore() {
    char buf[] = "/tmp/pgdrift-store-XXXXXX";
    REQUIRE(mkdtemp(buf));
    dir = buf;
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  std::string path() const { return dir + "/nested/pgdrift.sqlite3"; }
  std::string dir;
};

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
  CHECK_FALSE(store.is_known_equivalent("k1", "f"));
  store.remember_equivalent("k1", "f");
  CHECK(store.is_known_equivalent("k1", "f"));
  // Reopening an existing store keeps everything.
  auto again = store::HistoryStore::open(tmp.path());
  CHECK(again.cached_catalog("k1"));
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

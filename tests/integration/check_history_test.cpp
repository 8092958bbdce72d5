// `pgdrift check` remembers: the history store (runs, first / last seen, resolved), the
// cached expected catalog, the report files, and `pgdrift history`.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json check_json(const CheckedDatabase& app, std::vector<std::string> extra = {}) {
  extra.insert(extra.end(), {"--format", "json"});
  const auto result = app.check(extra);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code < 2);
  return json::parse(result.out);
}

json history_json(const CheckedDatabase& app) {
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto result = run_pgdrift({"history", "--format", "json", "--database", app.db}, in_dir);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

// The resolved_at of every finding row for \a object, oldest first, straight from SQLite.
std::vector<std::string> resolved_at(const std::string& store, const std::string& object) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT coalesce(resolved_at, 'open') FROM findings "
                             "WHERE object = ? ORDER BY id",
                             -1, &stmt, nullptr) == SQLITE_OK);
  sqlite3_bind_text(stmt, 1, object.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("four nights: clean, a ghost appears, stays, and a migration adopts it",
          "[check][store][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "nightly");
  app.apply_legitimate_migrations();
  const std::string store = app.dir.path + "/reports/pgdrift.sqlite3";

  // Night 1: clean.
  const auto night1 = check_json(app);
  CHECK(night1["status"] == "clean");

  // Night 2: someone added a column by hand.
  cluster.exec(app.db, "ALTER TABLE public.orders ADD COLUMN rush boolean");
  const auto night2 = check_json(app);
  REQUIRE(night2["findings"].size() == 1);
  const auto ghost2 = night2["findings"][0];
  CHECK(ghost2["object"] == "public.orders.rush");
  CHECK(ghost2["first_seen"] == ghost2["last_seen"]);

  // Night 3: still there; first seen stays on night 2, last seen moves.
  const auto night3 = check_json(app);
  REQUIRE(night3["findings"].size() == 1);
  const auto ghost3 = night3["findings"][0];
  CHECK(ghost3["first_seen"] == ghost2["first_seen"]);
  CHECK(ghost3["last_seen"] != ghost2["last_seen"]);
  const auto runs = history_json(app)["runs"];
  REQUIRE(runs.size() == 3);
  CHECK(runs[1]["started_at"] == ghost2["first_seen"]);  // newest first: night 2 is [1]
  CHECK(runs[0]["started_at"] == ghost3["last_seen"]);
  const auto open = history_json(app)["open_findings"];
  REQUIRE(open.size() == 1);
  CHECK(open[0]["first_seen"] == ghost2["first_seen"]);
  CHECK(resolved_at(store, "public.orders.rush") == std::vector<std::string>{"open"});

  // Night 4: a migration adopts the change; the finding is resolved.
  app.dir.write("20990101000005_adopt_rush.sql",
                "-- migrate:up\nALTER TABLE public.orders ADD COLUMN IF NOT EXISTS rush boolean;\n"
                "-- migrate:down\nALTER TABLE public.orders DROP COLUMN rush;\n");
  REQUIRE(dbmate(cluster, app.db, app.dir, {"up"}).exit_code == 0);
  const auto night4 = check_json(app);
  CHECK(night4["status"] == "clean");
  CHECK(history_json(app)["open_findings"].empty());
  const auto resolved = resolved_at(store, "public.orders.rush");
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0] == history_json(app)["runs"][0]["started_at"]);

  // The text form of the history names the runs and the database.
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  const auto text = run_pgdrift({"history"}, in_dir);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("4 recent run(s)") != std::string::npos);
  CHECK(text.out.find("0 open finding(s)") != std::string::npos);
}

TEST_CASE("an unchanged history reuses the cached expected catalog and starts no shadow",
          "[check][cache][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "cache");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, "CREATE INDEX orders_note ON public.orders (note)");
  const auto cold = check_json(app);
  CHECK(cold["expected"] == "replayed");

  // No server binaries at all: only possible when no shadow is needed.
  const std::vector<std::string> no_binaries{"--pg-bin", app.dir.path};
  const auto warm = check_json(app, no_binaries);
  CHECK(warm["expected"].get<std::string>().find("cached") == 0);
  CHECK(warm["shadow"] == "none started");
  CHECK(finding_lines(warm.dump()) == finding_lines(cold.dump()));
  CHECK(warm["findings"].size() == 1);
  CHECK(warm["findings"][0]["object"] == "public.orders.orders_note");

  // --no-cache replays (and so needs the binaries).
  const auto forced = app.check({"--no-cache", "--pg-bin", app.dir.path});
  CHECK(forced.exit_code == 2);

  // Editing an applied migration changes the history: replayed again.
  const std::string file = app.dir.migrations() + "/20990101000001_add_phone.sql";
  app.dir.write("20990101000001_add_phone.sql", read_text(file) + "-- reviewed\n");
  CHECK(app.check(no_binaries).exit_code == 2);
  const auto rebuilt = check_json(app);
  CHECK(rebuilt["expected"] == "replayed");
  CHECK(rebuilt["findings"].size() == 1);
}

TEST_CASE("each run writes a Markdown and a JSON report", "[check][report][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "reported");
  cluster.exec(app.db,
               "CREATE OR REPLACE VIEW public.big_orders AS "
               "SELECT id, total FROM public.orders WHERE total > 1000");
  const auto result = app.check({"--format", "json", "--report-dir", "out"});
  REQUIRE(result.exit_code == 1);
  const fs::path folder = fs::path(app.dir.path) / "out" / app.db;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 2);
  CHECK(files[0].extension() == ".json");
  CHECK(files[1].extension() == ".md");
  CHECK(json::parse(read_text(files[0].string())) == json::parse(result.out));
  const std::string md = read_text(files[1].string());
  CHECK(md.find("# pgdrift check of " + app.db) == 0);
  CHECK(md.find("### view `public.big_orders` changed") != std::string::npos);
  CHECK(md.find("```diff\n") != std::string::npos);
  // PostgreSQL 18 deparses the view's column without the table name.
  CHECK((md.find("+  WHERE (orders.total > (1000)::numeric)") != std::string::npos ||
         md.find("+  WHERE (total > (1000)::numeric)") != std::string::npos));
  // No temporary files are left next to them.
  CHECK(files.size() == 2);
}

TEST_CASE("a store written by a newer pgdrift is refused", "[check][store][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "newer_store");
  const std::string store = app.dir.path + "/newer.sqlite3";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(store.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  check_trouble(app.check({"--store", store}), "written by a newer pgdrift");
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  check_trouble(run_pgdrift({"history", "--store", store}, in_dir), "written by a newer pgdrift");
  check_trouble(run_pgdrift({"history", "--store", app.dir.path + "/none.sqlite3"}, in_dir),
                "run `pgdrift check` first");
}

}  // namespace pgdrift::test

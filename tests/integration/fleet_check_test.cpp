// `pgdrift check --targets FILE`: many databases, one run, one report (issue 23).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::vector<std::pair<std::string, std::string>> kHistory = {
    {"20260101000001_orders.sql",
     "-- migrate:up\nCREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);\n"
     "-- migrate:down\nDROP TABLE public.orders;\n"},
    {"20260101000002_orders_total.sql",
     "-- migrate:up\nCREATE INDEX orders_total ON public.orders (total);\n"
     "-- migrate:down\nDROP INDEX public.orders_total;\n"},
};

// Databases built by one history, and a targets file naming them (t0, t1, ...) in the
// history's folder, whose migrations_dir is relative to the file.
struct Fleet {
  Fleet(TestCluster& c, int count) : cluster(c) {
    for (const auto& [name, text] : kHistory) dir.write(name, text);
    toml = "[defaults]\nmigrations_dir = \"db/migrations\"\n";
    for (int k = 0; k < count; ++k) {
      const std::string db = cluster.create_database("fleet");
      const auto up = dbmate(cluster, db, dir, {"up"});
      INFO(up.out << up.err);
      REQUIRE(up.exit_code == 0);
      dbs.push_back(db);
      add("t" + std::to_string(k), "url = \"" + cluster.conninfo(db) + "\"");
    }
  }
  void add(const std::string& name, const std::string& connection) {
    toml += "\n[[target]]\nname = \"" + name + "\"\n" + connection + "\n";
  }
  ProcessResult check(const std::vector<std::string>& extra) const {
    const std::string file = dir.path + "/targets.toml";
    std::ofstream(file) << toml;
    std::vector<std::string> args{"check", "--targets", file};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessOptions options;
    options.cwd = dir.path;
    return run_pgdrift(args, options);
  }
  TestCluster& cluster;
  TempDir dir;
  std::vector<std::string> dbs;
  std::string toml;
};

}  // namespace

TEST_CASE("check --targets checks a fleet side by side, replaying a shared history once",
          "[check][fleet][cli][workflow]") {
  auto& cluster = TestCluster::shared();
  Fleet fleet(cluster, 8);
  // Drift in two of them: a column added by hand, an index dropped.
  cluster.exec(fleet.dbs[2], "ALTER TABLE public.orders ADD COLUMN note text");
  cluster.exec(fleet.dbs[5], "DROP INDEX public.orders_total");

  SECTION("drift in two: exit 1, each named, the history replayed once") {
    const auto run = fleet.check({"--parallel", "3", "--format", "json", "-v"});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 1);
    CHECK(occurrences(run.err, "starting a throwaway PostgreSQL cluster") == 1);
    const auto doc = nlohmann::json::parse(run.out);
    CHECK(doc.at("status") == "drift");
    CHECK(doc.at("counts").at("clean") == 6);
    CHECK(doc.at("counts").at("drift") == 2);
    REQUIRE(doc.at("targets").size() == 8);
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& t : doc.at("targets")) by_name[t.at("name")] = t;
    CHECK(doc.at("targets").front().at("name") == "t0");  // the file's order
    CHECK(by_name.at("t2").at("status") == "drift");
    REQUIRE(by_name.at("t2").at("findings").size() == 1);
    CHECK(by_name.at("t2").at("findings")[0].at("object") == "public.orders.note");
    CHECK(by_name.at("t2").at("findings")[0].at("change") == "added");
    CHECK(by_name.at("t5").at("status") == "drift");
    CHECK(by_name.at("t5").at("counts").at("removed") == 1);
    CHECK(by_name.at("t5").at("findings")[0].at("object") == "public.orders.orders_total");
    for (const char* clean : {"t0", "t1", "t3", "t4", "t6", "t7"}) {
      CHECK(by_name.at(clean).at("status") == "clean");
      CHECK(by_name.at(clean).at("findings").empty());
    }
    // The fleet's report and each target's own, in a folder named after the target.
    size_t fleet_reports = 0;
    for (const auto& e : std::filesystem::directory_iterator(fleet.dir.path + "/reports")) {
      if (e.path().filename().string().rfind("fleet-", 0) == 0) ++fleet_reports;
    }
    CHECK(fleet_reports == 2);
    CHECK(std::filesystem::exists(fleet.dir.path + "/reports/t2/" + fleet.dbs[2]));
    // One page of the store's every database, for the fleet, not one per target.
    CHECK(std::filesystem::exists(fleet.dir.path + "/reports/index.html"));
    CHECK(!std::filesystem::exists(fleet.dir.path + "/reports/t2/index.html"));
    const std::string page = read_text(fleet.dir.path + "/reports/index.html");
    for (const auto& db : fleet.dbs) CHECK(page.find(db) != std::string::npos);

    // Every run is in the store: a second check replays nothing, and says the same.
    const auto again = fleet.check({"-v"});
    INFO(again.out << again.err);
    CHECK(again.exit_code == 1);
    CHECK(occurrences(again.err, "starting a throwaway PostgreSQL cluster") == 0);
    CHECK(again.out.find("8 targets: 6 clean, 2 drift, 0 trouble") != std::string::npos);
  }

  SECTION("a target that cannot be reached is trouble; the others are checked") {
    fleet.add("gone", "url = \"" + cluster.conninfo("fleet_no_such_database") + "\"");
    fleet.add("from-env", "url_env = \"PGDRIFT_TEST_FLEET_UNSET\"");
    ::unsetenv("PGDRIFT_TEST_FLEET_UNSET");
    const auto run = fleet.check({"--parallel", "2"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.find("10 targets: 6 clean, 2 drift, 2 trouble") != std::string::npos);
    CHECK(run.out.find("gone: ") != std::string::npos);
    CHECK(run.out.find("fleet_no_such_database") != std::string::npos);
    CHECK(run.out.find("from-env: the environment variable PGDRIFT_TEST_FLEET_UNSET (its "
                       "url_env) is not set") != std::string::npos);
    CHECK(run.out.find("t2 ") != std::string::npos);
  }

  SECTION("--shard K/N: N workers check each target exactly once") {
    std::vector<std::string> seen;
    for (const char* shard : {"1/3", "2/3", "3/3"}) {
      const auto run = fleet.check({"--shard", shard, "--format", "json", "--store", ""});
      INFO(shard << "\n" << run.out << run.err);
      REQUIRE((run.exit_code == 0 || run.exit_code == 1));
      const auto doc = nlohmann::json::parse(run.out);
      for (const auto& t : doc.at("targets")) seen.push_back(t.at("name"));
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<std::string>{"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"});
    const auto bad = fleet.check({"--shard", "4/3"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--shard \"4/3\" is not K/N with 1 <= K <= N") != std::string::npos);
  }

  SECTION("--quiet prints nothing when every target is clean") {
    cluster.exec(fleet.dbs[2], "ALTER TABLE public.orders DROP COLUMN note");
    cluster.exec(fleet.dbs[5], "CREATE INDEX orders_total ON public.orders (total)");
    const auto run = fleet.check({"--quiet"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(run.err.empty());
  }
}

TEST_CASE("a targets file that names a password, a name twice or an unknown key is refused",
          "[check][fleet][bad-input][workflow]") {
  TempDir dir;
  const std::string file = dir.path + "/targets.toml";
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"[[target]]\nname = \"a\"\nurl = \"postgres://u:hunter2@db/app\"\n",
       "targets.toml:3: the url holds a password"},
      {"[[target]]\nname = \"a\"\nurl = \"host=db password=hunter2\"\n",
       "targets.toml:3: the url holds a password"},
      {"[[target]]\nname = \"a\"\nservice = \"a\"\npassword = \"hunter2\"\n",
       "targets.toml:4: a targets file holds no passwords"},
      {"[[target]]\nname = \"a\"\nservice = \"a\"\n\n[[target]]\nname = \"a\"\nservice = \"b\"\n",
       "targets.toml:5: a second target named \"a\" (the first is on line 1)"},
      {"[[target]]\nname = \"a\"\nservice = \"a\"\nhots = \"x\"\n",
       "targets.toml:4: unknown key \"hots\" in [[target]]"},
      {"[defaults]\nmigration_dir = \"x\"\n[[target]]\nname = \"a\"\nservice = \"a\"\n",
       "targets.toml:2: unknown key \"migration_dir\" in [defaults]"},
      {"[[target]]\nservice = \"a\"\n", "targets.toml:1: a [[target]] without a name"},
      {"[[target]]\nname = \"a\"\nservice = \"eu1 password=hunter2\"\n",
       "targets.toml:3: service must name a service of pg_service.conf"},
      {"[[target]]\nname = \"..\"\nservice = \"a\"\n",
       "targets.toml:2: the name \"..\" is not one pgdrift can use in file names"},
      {"[[target]]\nname = \"a\"\n", "needs exactly one of url, service or url_env"},
      {"[[target]\n", "targets.toml:1: not TOML"},
      {"[defaults]\n", "no [[target]] table"},
  };
  for (const auto& c : cases) {
    std::ofstream(file) << c.text;
    ProcessOptions options;
    options.cwd = dir.path;
    const auto run = run_pgdrift({"check", "--targets", file}, options);
    INFO(c.text << "\n" << run.out << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(c.message) != std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(run.err.find("hunter2") == std::string::npos);
    CHECK(run.out.empty());
    // Nothing was checked: no store (reports/pgdrift.sqlite3), no report.
    CHECK(!std::filesystem::exists(dir.path + "/reports"));
  }
  SECTION("--targets and --url together") {
    std::ofstream(file) << "[[target]]\nname = \"a\"\nservice = \"a\"\n";
    const auto run = run_pgdrift({"check", "--targets", file, "--url", "host=x"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("excludes") != std::string::npos);
  }
}

}  // namespace pgdrift::test

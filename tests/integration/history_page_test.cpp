// The HTML drift timeline (issue 21): `pgdrift history --format html` and the index.html
// that `check --report-dir` writes, rendered by Debian's headless Chromium, offline; and
// the runs in trouble that give the timeline its red dots.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_fixture.h"
#include "store/history_store.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Debian's chromium, headless: the browser's own background traffic (updates, sync, ...)
// is switched off, and it keeps its profile in \a dir.
std::vector<std::string> chromium(const std::string& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"chromium",
                                "--headless",
                                "--no-sandbox",  // as root, and in containers
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--disable-default-apps",
                                "--disable-extensions",
                                "--user-data-dir=" + dir + "/chromium-profile"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult run_chromium(const std::string& dir, std::vector<std::string> args) {
  const auto result = run_process(chromium(dir, std::move(args)));
  if (result.exit_code == 127) {
    FAIL("chromium is not installed: scripts/install-deps.sh installs Debian's chromium");
  }
  return result;
}

// The requests a page made, from Chromium's network log: every request started on behalf
// of a file:// page (the browser's own requests carry no such isolation key) that is not
// itself a file.
std::vector<std::string> page_requests(const std::string& netlog_path) {
  const auto log = json::parse(read_text(netlog_path));
  int start_job = -1;
  for (const auto& [name, value] : log["constants"]["logEventTypes"].items()) {
    if (name == "URL_REQUEST_START_JOB") start_job = value.get<int>();
  }
  REQUIRE(start_job >= 0);
  std::vector<std::string> urls;
  for (const auto& event : log["events"]) {
    if (event.value("type", -1) != start_job || !event.contains("params")) continue;
    const auto& params = event["params"];
    const std::string url = params.value("url", "");
    const std::string key = params.value("network_isolation_key", "");
    if (key.rfind("file://", 0) == 0 && url.rfind("file:", 0) != 0) urls.push_back(url);
  }
  return urls;
}

// Renders \a page: its DOM after layout, a screenshot (returned in \a png), and the
// requests it made.
struct Rendered {
  std::string dom;
  std::vector<std::string> requests;
};

Rendered render(const std::string& dir, const std::string& page, const std::string& png) {
  Rendered out;
  const auto dom = run_chromium(dir, {"--dump-dom", "file://" + page});
  INFO(dom.err);
  REQUIRE(dom.exit_code == 0);
  out.dom = dom.out;
  const std::string netlog = dir + "/netlog.json";
  const auto shot = run_chromium(dir, {"--screenshot=" + png, "--window-size=1200,1800",
                                       "--log-net-log=" + netlog, "file://" + page});
  INFO(shot.err);
  REQUIRE(shot.exit_code == 0);
  out.requests = page_requests(netlog);
  return out;
}

std::string iso_day(int day, int hour) {
  return fmt::format("2026-11-{:02}T{:02}:00:00.000Z", day, hour);
}

// 30 runs over 3 databases in the store at \a path: `app` drifts on day 4 (a view's
// definition changed, an owner too) and stays so; `shop` is clean but fails on day 6
// (a migration that does not replay) and gains a ghost column on day 8; `crm` is clean.
void record_thirty_runs(const std::string& path) {
  auto store = store::HistoryStore::open(path);
  diff::ChangeSet app_drift;
  app_drift.findings.push_back(
      {"view",
       "public.daily_stats",
       diff::ChangeType::kChanged,
       "",
       {{"definition", "\"SELECT 1\"", "\"SELECT 2\""}, {"owner", "\"app\"", "\"alice\""}},
       "@@ -1,2 +1,2 @@\n SELECT day,\n-    count(*) AS orders\n+    sum(total) AS revenue\n"});
  diff::ChangeSet shop_drift;
  shop_drift.findings.push_back(
      {"column", "public.orders.rush", diff::ChangeType::kAdded, "boolean", {}, ""});
  for (int day = 1; day <= 10; ++day) {
    for (const std::string db : {"app", "shop", "crm"}) {
      store::RunRecord run;
      run.started_at = iso_day(day, db == "app" ? 2 : db == "shop" ? 3 : 4);
      run.database = "db.internal:5432/" + db;
      run.duration_ms = 1200;
      if (db == "shop" && day == 6) {
        run.status = "trouble";
        run.reason = "20261106_add_index.sql did not replay: relation \"x\" does not exist";
        store.record_trouble(run);
        continue;
      }
      const diff::ChangeSet none;
      const auto& findings = db == "app" && day >= 4    ? app_drift
                             : db == "shop" && day >= 8 ? shop_drift
                                                        : none;
      run.status = findings.empty() ? "clean" : "drift";
      store.record_run(run, findings,
                       {{"column|public.orders.rush|added",
                         "ALTER TABLE public.orders ADD COLUMN rush boolean;"}});
    }
  }
}

}  // namespace

TEST_CASE("the HTML history of 30 runs over 3 databases renders offline in Chromium",
          "[history][html][workflow]") {
  TempDir dir;
  const std::string store = dir.path + "/pgdrift.sqlite3";
  record_thirty_runs(store);
  const std::string page = dir.path + "/history.html";
  const auto made =
      run_pgdrift({"history", "--store", store, "--format", "html", "--output", page});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(made.out.empty());  // the page went to the file

  const std::string png = dir.path + "/history.png";
  const auto rendered = render(dir.path, page, png);
  const std::string& dom = rendered.dom;
  // Every run on the timeline, coloured by status.
  CHECK(count(dom, "<circle class=\"run ") == 30);
  CHECK(count(dom, "<circle class=\"run trouble\"") == 1);
  CHECK(count(dom, "<circle class=\"run drift\"") == 7 + 3);
  CHECK(count(dom, "<polyline class=\"series\"") == 3);
  CHECK(dom.find("relation \"x\" does not exist") != std::string::npos);
  // The open findings with first and last seen and their diff blocks.
  CHECK(dom.find("Open findings (2)") != std::string::npos);
  CHECK(dom.find("<code>public.daily_stats</code>") != std::string::npos);
  CHECK(dom.find("first seen <time class=\"first-seen\">2026-11-04 02:00:00 UTC</time>") !=
        std::string::npos);
  CHECK(dom.find("last seen <time class=\"last-seen\">2026-11-10 02:00:00 UTC</time>") !=
        std::string::npos);
  CHECK(dom.find("<span class=\"add\">+    sum(total) AS revenue</span>") != std::string::npos);
  CHECK(dom.find("ALTER TABLE public.orders ADD COLUMN rush boolean;") != std::string::npos);
  // A screenshot was taken (a PNG of the laid-out page).
  REQUIRE(fs::exists(png));
  CHECK(read_text(png).rfind("\x89PNG", 0) == 0);
  CHECK(fs::file_size(png) > 20000);
  // Nothing left the page.
  CHECK(rendered.requests.empty());

  // The network check sees a page's request when there is one.
  const std::string leaky = dir.path + "/leaky.html";
  std::ofstream(leaky) << "<!DOCTYPE html><img src=\"http://192.0.2.1/pixel.png\">";
  CHECK(render(dir.path, leaky, dir.path + "/leaky.png").requests ==
        std::vector<std::string>{"http://192.0.2.1/pixel.png"});
}

TEST_CASE("check writes index.html beside its reports and remembers runs in trouble",
          "[check][history][html][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "timeline");
  const std::string store = app.dir.path + "/reports/pgdrift.sqlite3";
  const std::string index = app.dir.path + "/reports/index.html";
  REQUIRE(app.check().exit_code == 0);
  REQUIRE(fs::exists(index));
  CHECK(count(read_text(index), "<circle class=\"run clean\"") == 1);

  // A tracked migration that does not replay: the run is trouble, and remembered.
  app.dir.write("20990101000009_broken.sql",
                "-- migrate:up\nALTER TABLE public.no_such_table ADD COLUMN c int;\n"
                "-- migrate:down\n");
  cluster.exec(app.db, "INSERT INTO public.schema_migrations (version) VALUES ('20990101000009')");
  const auto broken = app.check();
  REQUIRE(broken.exit_code == 2);
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  auto history = run_pgdrift({"history", "--format", "json"}, in_dir);
  REQUIRE(history.exit_code == 0);
  auto runs = json::parse(history.out)["runs"];
  REQUIRE(runs.size() == 2);
  CHECK(runs[0]["status"] == "trouble");
  CHECK(runs[0]["database"] == runs[1]["database"]);  // the same database's timeline
  CHECK(runs[0]["reason"].get<std::string>().find("20990101000009_broken.sql") !=
        std::string::npos);
  CHECK(count(read_text(index), "<circle class=\"run trouble\"") == 1);
  const auto status = run_pgdrift(
      {"status", "--url", cluster.conninfo(app.db), "--migrations-dir", app.dir.migrations()},
      in_dir);
  CHECK(status.out.find("trouble: ") != std::string::npos);

  // A database that cannot be reached is trouble too, under the name the string gives;
  // the password is in no stored word.
  const std::string unreachable =
      "host=127.0.0.1 port=1 dbname=gone user=u password=hunter2 connect_timeout=2";
  const auto refused = run_pgdrift(
      {"check", "--url", unreachable, "--migrations-dir", app.dir.migrations()}, in_dir);
  REQUIRE(refused.exit_code == 2);
  history = run_pgdrift({"history", "--format", "json"}, in_dir);
  runs = json::parse(history.out)["runs"];
  REQUIRE(runs.size() == 3);
  CHECK(runs[0]["status"] == "trouble");
  CHECK(runs[0]["database"] == "127.0.0.1:1/gone");
  CHECK(history.out.find("hunter2") == std::string::npos);
  CHECK(read_text(index).find("hunter2") == std::string::npos);
  CHECK(read_text(store).find("hunter2") == std::string::npos);

  // Bad usage is not a run of any database: nothing is recorded.
  const auto usage = app.check({"--ignore", "["});
  REQUIRE(usage.exit_code == 2);
  history = run_pgdrift({"history", "--format", "json"}, in_dir);
  CHECK(json::parse(history.out)["runs"].size() == 3);
}

}  // namespace pgdrift::test

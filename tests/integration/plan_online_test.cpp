// The plan's online forms keep a busy table writable: while the plan builds an index on a
// table with rows, a second session inserts into it. With --offline's plain CREATE INDEX
// the same insert waits for the build (and gives up at its lock_timeout), which shows the
// test can tell the two apart.
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "pgdrift_harness.h"
#include "plan/plan_text.h"
#include "plan/planner.h"

namespace pgdrift::test {
namespace {

// An index expression that takes 2 ms a row: the build lasts long enough to insert during it.
const char* kBusySchema = R"sql(
  CREATE FUNCTION public.slow_key(v integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE
    AS $$BEGIN PERFORM pg_sleep(0.002); RETURN v; END$$;
  CREATE TABLE public.events (id integer, v integer);
)sql";
const char* kBusyRows = "INSERT INTO public.events SELECT g, g FROM generate_series(1, 600) g;";
const char* kBusyIndex = "CREATE INDEX events_slow ON public.events (public.slow_key(v));";

// Waits until the server is building an index in \a dbname; false after 20 s.
bool build_running(const TestCluster& cluster, const std::string& dbname) {
  const std::string query =
      "SELECT count(*) FROM pg_catalog.pg_stat_progress_create_index WHERE datname = '" + dbname +
      "' AND phase LIKE 'building index%'";
  for (int i = 0; i < 1000; ++i) {
    if (cluster.query_value("postgres", query) != "0") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Runs the plan (online or not) on a copy of the table with rows and inserts a row during
// the index build. Returns the insert's error, empty when it went through.
std::string insert_during_plan(TestCluster& cluster, const model::Catalog& target, bool online) {
  const std::string db = cluster.create_database("plan_busy");
  cluster.exec(db, std::string(kBusySchema) + kBusyRows);
  const plan::Plan plan =
      plan::plan_migration(read_catalog(cluster, db), target, plan::PlanOptions{online});
  auto applying = std::async(std::launch::async, [&] {
    for (const auto& run : plan::plan_runs(plan)) cluster.exec(db, run);
  });
  std::string error;
  if (!build_running(cluster, db)) {
    error = "the build never showed in pg_stat_progress_create_index";
  } else {
    try {
      cluster.exec(db, "SET lock_timeout = '1s'; INSERT INTO public.events VALUES (0, 0);");
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  applying.get();
  CHECK(cluster.query_value(db,
                            "SELECT indisvalid FROM pg_catalog.pg_index WHERE indexrelid = "
                            "'public.events_slow'::regclass") == "t");
  cluster.exec("postgres", "DROP DATABASE " + db);
  return error;
}

}  // namespace

TEST_CASE("an index the plan builds on a table with rows does not block a concurrent INSERT",
          "[plan][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string to = cluster.create_database("plan_target");
  cluster.exec(to, std::string(kBusySchema) + kBusyIndex);
  const model::Catalog target = read_catalog(cluster, to);
  cluster.exec("postgres", "DROP DATABASE " + to);

  CHECK(insert_during_plan(cluster, target, true).empty());
  const std::string blocked = insert_during_plan(cluster, target, false);
  INFO(blocked);
  CHECK(blocked.find("lock timeout") != std::string::npos);
}

}  // namespace pgdrift::test

// Schema-first work (issue 22): `pgdrift init` writes the schema as files, and a folder of
// files loads into a shadow whatever their order: retried, `-- requires:` first, cycles of
// foreign keys statement by statement.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <thread>

#include <csignal>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

// Every file under \a dir: relative path -> content.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = read_text(e.path());
  }
  return files;
}

// Two tables whose foreign keys name each other, a partitioned table, a view over a
// function, a policy, a domain, a sequence of its own, a statistics object, an odd name.
constexpr const char* kMoreSchema = R"sql(
  CREATE SCHEMA billing;
  CREATE DOMAIN billing.amount AS numeric(12, 2) CHECK (VALUE >= 0);
  CREATE TABLE billing.account (id int PRIMARY KEY, owner_invoice int);
  CREATE TABLE billing.invoice (id int PRIMARY KEY, account_id int REFERENCES billing.account,
                                total billing.amount);
  ALTER TABLE billing.account ADD FOREIGN KEY (owner_invoice) REFERENCES billing.invoice;
  CREATE TABLE billing.events (at date NOT NULL, what text) PARTITION BY RANGE (at);
  CREATE TABLE billing.events_2026 PARTITION OF billing.events
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
  CREATE INDEX events_at ON billing.events (at);
  CREATE SEQUENCE billing.ticket_numbers;
  CREATE FUNCTION billing.score(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT n * 2 $$;
  CREATE VIEW billing.scored AS SELECT id, billing.score(id) AS s FROM billing.account;
  ALTER TABLE billing.invoice ENABLE ROW LEVEL SECURITY;
  CREATE POLICY own ON billing.invoice USING (account_id > 0);
  CREATE STATISTICS billing.invoice_stats ON account_id, total FROM billing.invoice;
  CREATE TABLE billing."Odd/Name" (id int);
)sql";

}  // namespace

TEST_CASE("init writes the schema as files that load back into the same schema",
          "[schema-first][init][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "init", kMoreSchema);
  const std::string dir = app.dir.path + "/schema";
  const auto made = run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", dir});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(made.out.find("file(s)") != std::string::npos);
  const auto files = tree(dir);
  // A person's layout: a table with what belongs to it, views, functions, types.
  REQUIRE(files.count("public/tables/orders.sql"));
  const std::string& orders = files.at("public/tables/orders.sql");
  CHECK(orders.find("CREATE TABLE public.orders (") != std::string::npos);
  CHECK(orders.find("CREATE SEQUENCE public.orders_id_seq") != std::string::npos);  // serial
  CHECK(orders.find("CREATE INDEX orders_customer ON public.orders") != std::string::npos);
  CHECK(orders.find("CREATE TRIGGER orders_touch") != std::string::npos);
  CHECK(orders.find("COMMENT ON TABLE public.orders") != std::string::npos);
  CHECK(files.count("public/views/big_orders.sql"));
  CHECK(files.count("public/functions/order_total.sql"));
  CHECK(files.count("public/types/mood.sql"));
  CHECK(files.count("billing/schema.sql"));
  CHECK(files.count("billing/types/amount.sql"));
  CHECK(files.count("billing/sequences/ticket_numbers.sql"));
  CHECK(files.count("billing/statistics/invoice_stats.sql"));
  CHECK(files.at("billing/tables/invoice.sql").find("CREATE POLICY own") != std::string::npos);
  CHECK(files.count("billing/tables/Odd%2FName.sql"));
  // dbmate's tracking table is the tool's, not the schema's.
  CHECK_FALSE(files.count("public/tables/schema_migrations.sql"));

  // Deterministic: the same schema gives the same tree, byte for byte.
  const std::string again = app.dir.path + "/again";
  REQUIRE(
      run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", again}).exit_code ==
      0);
  CHECK(tree(again) == files);

  // The files load (in path order the views come before their tables, the two billing
  // tables need each other) and give the same schema: planning from the database to them
  // finds nothing to do but to drop the tracking table they leave out.
  const auto plan = run_pgdrift({"plan", cluster.conninfo(app.db), dir, "--no-verify"});
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("-- 1 statement(s) in one transaction") != std::string::npos);
  CHECK(plan.out.find("DROP TABLE public.schema_migrations;") != std::string::npos);

  // A folder with files in it is not written over without --force; with it, the .sql
  // files are replaced and the others kept.
  const auto refused =
      run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", dir});
  check_trouble(refused, "is not empty; name an empty folder with --schema-dir, or add --force");
  // Migrations inside the schema folder would be read as schema files: refused.
  check_trouble(run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir",
                             app.dir.path, "--migrations-dir", app.dir.migrations()}),
                "is inside the schema folder");
  CHECK(tree(dir) == files);
  std::ofstream(dir + "/public/tables/gone.sql")
      << "-- table public.gone\nCREATE TABLE public.gone (id int);\n";  // init's, once
  std::ofstream(dir + "/public/tables/by_hand.sql") << "CREATE TABLE public.by_hand (id int);\n";
  std::ofstream(dir + "/README.md") << "ours\n";
  const auto forced =
      run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", dir, "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("removed public/tables/gone.sql (no longer in the schema)") !=
        std::string::npos);
  auto after = tree(dir);
  CHECK(after.count("README.md"));
  CHECK(after.count("public/tables/by_hand.sql"));  // not init's: kept
  after.erase("README.md");
  after.erase("public/tables/by_hand.sql");
  CHECK(after == files);
}

TEST_CASE("init --from-history writes the schema the migrations build",
          "[schema-first][init][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "init_history");
  app.apply_legitimate_migrations();
  // Drift live: not in the files written from the history.
  cluster.exec(app.db, "CREATE TABLE public.ghost (id int)");
  const std::string dir = app.dir.path + "/schema";
  const auto made = run_pgdrift(
      {"init", "--from-history", "--migrations-dir", app.dir.migrations(), "--schema-dir", dir});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  const auto files = tree(dir);
  CHECK(files.count("public/views/customer_labels.sql"));  // from a migration
  CHECK_FALSE(files.count("public/tables/ghost.sql"));
}

TEST_CASE("a schema folder's -- requires: lines order its files; a circle is refused",
          "[schema-first][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"drift_reader"});
  const std::string db = cluster.create_database("requires");
  cluster.exec(db, "CREATE TABLE public.t (id int); GRANT SELECT ON public.t TO drift_reader");
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  fs::create_directories(schema + "/a");
  fs::create_directories(schema + "/b");
  // In path order the grant would run first and grant nothing: the line puts the table
  // first. Such a line after the first statement (in a function body, say) is no hint.
  std::ofstream(schema + "/a/grant.sql")
      << "-- requires: b/table.sql\n"
         "GRANT SELECT ON ALL TABLES IN SCHEMA public TO drift_reader;\n";
  std::ofstream(schema + "/b/table.sql") << "CREATE TABLE public.t (id int);\n"
                                            "-- requires: a/none.sql\n"
                                            "COMMENT ON TABLE public.t IS NULL;\n";
  const auto loaded = run_pgdrift({"plan", cluster.conninfo(db), schema, "--no-verify"});
  INFO(loaded.out << loaded.err);
  CHECK(loaded.exit_code == 0);
  CHECK(loaded.out.find("The two schemas are the same: nothing to do.") != std::string::npos);

  // A file it names that is not there, and a circle: one sentence each, nothing written.
  std::ofstream(schema + "/b/table.sql")
      << "-- requires: a/missing.sql\nCREATE TABLE public.t (id int);\n";
  check_trouble(run_pgdrift({"plan", schema, schema, "--no-verify"}),
                "b/table.sql:1: requires a/missing.sql, which is no .sql file of");
  std::ofstream(schema + "/b/table.sql")
      << "-- requires: a/grant.sql\nCREATE TABLE public.t (id int);\n";
  check_trouble(run_pgdrift({"plan", schema, schema, "--no-verify"}),
                "the -- requires: lines go round in a circle");
}

}  // namespace pgdrift::test

namespace pgdrift::test {
namespace {

// \a path with \a from replaced by \a to, which must be there.
void edit(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = read_text(path);
  const auto at = text.find(from);
  INFO(path << " lacks " << from << ":\n" << text);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("validate finds a schema edit without its migration; new writes it; dbmate applies it",
          "[schema-first][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "schema_first");
  app.apply_legitimate_migrations();
  const std::string dir = app.dir.path + "/schema";
  const std::string migrations = app.dir.migrations();
  REQUIRE(
      run_pgdrift({"init", "--from-history", "--migrations-dir", migrations, "--schema-dir", dir})
          .exit_code == 0);
  const std::vector<std::string> validate{"validate", "--schema-dir", dir, "--migrations-dir",
                                          migrations};
  const auto clean = run_pgdrift(validate);
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);

  // Edits of several kinds: a column and an index on a table, a function body, a view's
  // condition, a new type; a table's file deleted.
  edit(dir + "/public/tables/orders.sql", "    note text\n", "    note text,\n    rush boolean\n");
  std::ofstream(dir + "/public/tables/orders.sql", std::ios::app)
      << "\nCREATE INDEX orders_note ON public.orders USING btree (note);\n";
  edit(dir + "/public/functions/order_total.sql", "sum(total)", "coalesce(sum(total), 0)");
  edit(dir + "/public/views/big_orders.sql", "(100)::numeric", "(500)::numeric");
  std::ofstream(dir + "/public/types/priority.sql")
      << "CREATE TYPE public.priority AS ENUM ('low', 'high');\n";
  fs::remove(dir + "/public/tables/audit_log.sql");
  const auto drifted = run_pgdrift(validate);
  INFO(drifted.out << drifted.err);
  CHECK(drifted.exit_code == 1);
  for (const char* finding :
       {"column public.orders.rush added", "index public.orders.orders_note added",
        "function public.order_total(bigint) changed", "view public.big_orders changed",
        "type public.priority added", "table public.audit_log removed"}) {
    CHECK(drifted.out.find(finding) != std::string::npos);
  }

  // The migration, proven both ways; dbmate applies it and validate is clean again.
  const std::string before = snapshot_sql(cluster, app.db);
  const auto made =
      run_pgdrift({"new", "rush_orders", "--schema-dir", dir, "--migrations-dir", migrations});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  const auto files = std::count(made.out.begin(), made.out.end(), '\n') - 1;
  REQUIRE(files >= 1);
  CHECK(made.out.find("_rush_orders") != std::string::npos);
  CHECK(made.out.find("proven both ways") != std::string::npos);
  const auto up = dbmate(cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(run_pgdrift(validate).exit_code == 0);
  const auto nothing =
      run_pgdrift({"new", "again", "--schema-dir", dir, "--migrations-dir", migrations});
  CHECK(nothing.exit_code == 0);
  CHECK(nothing.out.find("no migration written") != std::string::npos);
  // And back: each file's down section returns to where it started.
  for (long k = 0; k < files; ++k) {
    const auto back = dbmate(cluster, app.db, app.dir, {"rollback"});
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
  }
  CHECK(snapshot_sql(cluster, app.db) == before);
}

TEST_CASE("validate and new: bad input is one sentence and writes nothing",
          "[schema-first][bad-input][workflow]") {
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  fs::create_directories(schema);
  fs::create_directories(dir.migrations());
  std::ofstream(schema + "/t.sql") << "CREATE TABLE public.t (id int;\n";  // a syntax error
  check_trouble(
      run_pgdrift({"validate", "--schema-dir", schema, "--migrations-dir", dir.migrations()}),
      "t.sql:1: syntax error");
  check_trouble(run_pgdrift({"validate", "--schema-dir", dir.path + "/none", "--migrations-dir",
                             dir.migrations()}),
                "name the schema folder (`pgdrift init` writes one) with --schema-dir");
  check_trouble(run_pgdrift({"new", "bad name", "--schema-dir", schema, "--migrations-dir",
                             dir.migrations()}),
                "the migration's NAME must be 1 to 100 letters");
  CHECK(fs::is_empty(dir.migrations()));
}

}  // namespace pgdrift::test

namespace pgdrift::test {
namespace {

// The chain every PostgreSQL user has untangled by hand: a function under three views.
constexpr const char* kScoreChain = R"sql(
  CREATE TABLE public.players (id int PRIMARY KEY, points int NOT NULL);
  INSERT INTO public.players SELECT g, g * 10 FROM generate_series(1, 50) g;
  CREATE FUNCTION public.calculate_score(points int) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT points * 2 $$;
  CREATE VIEW public.user_rankings AS
    SELECT id, public.calculate_score(points) AS score FROM public.players;
  CREATE VIEW public.daily_stats AS SELECT max(score) AS best FROM public.user_rankings;
  CREATE VIEW public.executive_dashboard AS SELECT best FROM public.daily_stats;
)sql";

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("apply rebuilds a function's chain of views on a dev database and keeps its rows",
          "[schema-first][apply][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("apply_dev");
  cluster.exec(db, kScoreChain);
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  REQUIRE(run_pgdrift({"init", "--url", cluster.conninfo(db), "--schema-dir", schema}).exit_code ==
          0);
  const std::vector<std::string> apply{"apply", "--url", cluster.conninfo(db), "--schema-dir",
                                       schema};
  const auto nothing = run_pgdrift(apply);
  INFO(nothing.out << nothing.err);
  CHECK(nothing.exit_code == 0);
  CHECK(nothing.out.find("nothing to do") != std::string::npos);

  // The function now returns bigint: it cannot be replaced in place, so the three views
  // go first, top down, and come back after it, bottom up.
  edit(schema + "/public/functions/calculate_score.sql", "RETURNS integer", "RETURNS bigint");
  const auto applied = run_pgdrift(apply);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const std::vector<std::string> order{"\u2713 Drop view public.executive_dashboard",
                                       "\u2713 Drop view public.daily_stats",
                                       "\u2713 Drop view public.user_rankings",
                                       "\u2713 Drop function public.calculate_score",
                                       "\u2713 Create function public.calculate_score",
                                       "\u2713 Create view public.user_rankings",
                                       "\u2713 Create view public.daily_stats",
                                       "\u2713 Create view public.executive_dashboard"};
  size_t at = 0;
  for (const auto& line : order) {
    const auto found = applied.out.find(line, at);
    INFO(line);
    CHECK(found != std::string::npos);
    if (found != std::string::npos) at = found;
  }
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.players") == "50");
  CHECK(cluster.query_value(db, "SELECT best FROM public.executive_dashboard") == "1000");
  CHECK(cluster.query_value(db, "SELECT pg_typeof(public.calculate_score(1))::text") == "bigint");
  CHECK(run_pgdrift(apply).out.find("nothing to do") != std::string::npos);

  // A table's file deleted: listed, nothing run, exit 1; with --allow-data-loss, dropped.
  fs::remove(schema + "/public/tables/players.sql");
  for (const auto* view : {"user_rankings", "daily_stats", "executive_dashboard"}) {
    fs::remove(schema + "/public/views/" + std::string(view) + ".sql");
  }
  const auto refused = run_pgdrift(apply);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.find("dropping table public.players loses its rows") != std::string::npos);
  CHECK(cluster.query_value(db, "SELECT count(*) FROM public.players") == "50");
  std::vector<std::string> allowed = apply;
  allowed.push_back("--allow-data-loss");
  CHECK(run_pgdrift(allowed).exit_code == 0);
  CHECK(cluster.query_value(db, "SELECT to_regclass('public.players') IS NULL") == "t");
}

TEST_CASE("apply refuses a tracked database and a broken file, running nothing",
          "[schema-first][apply][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "apply_tracked");
  const std::string schema = app.dir.path + "/schema";
  REQUIRE(
      run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", schema}).exit_code ==
      0);
  std::ofstream(schema + "/public/tables/extra.sql") << "CREATE TABLE public.extra (id int);\n";
  const std::vector<std::string> apply{"apply", "--url", cluster.conninfo(app.db), "--schema-dir",
                                       schema};
  check_trouble(run_pgdrift(apply), "apply is for development databases, not tracked ones");
  std::ofstream(schema + "/public/tables/broken.sql") << "CREATE TABLE public.broken (;\n";
  std::vector<std::string> forced = apply;
  forced.push_back("--force");
  check_trouble(run_pgdrift(forced), "broken.sql:1: syntax error");
  CHECK(cluster.query_value(app.db, "SELECT to_regclass('public.extra') IS NULL") == "t");
  fs::remove(schema + "/public/tables/broken.sql");
  CHECK(run_pgdrift(forced).exit_code == 0);
  CHECK(cluster.query_value(app.db, "SELECT to_regclass('public.extra') IS NOT NULL") == "t");
}

TEST_CASE("apply --watch applies a burst of saves once, and goes on after a broken file",
          "[schema-first][apply][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("apply_watch");
  cluster.exec(db, "CREATE TABLE public.notes (id int PRIMARY KEY)");
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  REQUIRE(run_pgdrift({"init", "--url", cluster.conninfo(db), "--schema-dir", schema}).exit_code ==
          0);
  const std::string file = schema + "/public/tables/notes.sql";
  const std::string original = read_text(file);
  // The first round has something to do, so its end can be seen.
  std::ofstream(schema + "/public/tables/first.sql") << "CREATE TABLE public.first (id int);\n";
  int pid = 0;
  ProcessOptions options;
  options.on_start = [&](int p) { pid = p; };
  auto run = std::async(std::launch::async, [&] {
    return run_pgdrift({"apply", "--watch", "--url", cluster.conninfo(db), "--schema-dir", schema,
                        "--shadow-url", cluster.url("postgres")},
                       options);
  });
  REQUIRE(wait_until(cluster, db, "SELECT to_regclass('public.first') IS NOT NULL"));
  // Three saves within a second: applied once, as the last one says.
  auto with_columns = [&](const std::string& columns) {
    std::string text = original;
    text.replace(text.find("id integer NOT NULL"), 19, "id integer NOT NULL" + columns);
    return text;
  };
  for (const char* column : {"a", "b", "c"}) {
    std::ofstream(file) << with_columns(",\n    " + std::string(column) + " text");
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  CHECK(wait_until(cluster, db,
                   "SELECT count(*) = 1 FROM pg_attribute WHERE attrelid = "
                   "'public.notes'::regclass AND attname = 'c'"));
  // A broken save is reported; the next good one applies.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::ofstream(file) << "CREATE TABLE public.notes (id integer NOT NULL,;\n";
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::ofstream(file) << with_columns(",\n    c text,\n    d text");
  CHECK(wait_until(cluster, db,
                   "SELECT count(*) = 1 FROM pg_attribute WHERE attrelid = "
                   "'public.notes'::regclass AND attname = 'd'"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(pid > 0);
  ::kill(pid, SIGTERM);
  const auto result = run.get();
  INFO(result.out << result.err);
  CHECK(count_of(result.out, "\u2713 Create table public.first") == 1);
  CHECK(count_of(result.out, "\u2713 Alter table public.notes") == 2);  // c added, d added
  CHECK(cluster.query_value(db,
                            "SELECT count(*) FROM pg_attribute WHERE attrelid = "
                            "'public.notes'::regclass AND attname IN ('a', 'b')") == "0");
  CHECK(count_of(result.out, "] error: ") == 1);
  CHECK(result.out.find("notes.sql:1: syntax error") != std::string::npos);
  CHECK(count_of(result.out, "] ") == 4);  // the first round, the burst, the error, the fix
  // Stopped while waiting for a change: as meant, not trouble.
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("pgdrift: stopped watching") != std::string::npos);
}

// Ctrl-C while a round's statements run (here: waiting on a lock another session holds)
// cancels them; the server rolls the part back, and the message says the database is as
// it was. In --watch mode too: an interrupted round ends the watch, as trouble.
TEST_CASE("apply interrupted while it writes rolls the round back and says so",
          "[schema-first][apply][hardening]") {
  auto& cluster = TestCluster::shared();
  for (const bool watch : {false, true}) {
    DYNAMIC_SECTION((watch ? "apply --watch" : "apply")) {
      const std::string db = cluster.create_database("apply_interrupt");
      cluster.exec(db, "CREATE TABLE public.notes (id int PRIMARY KEY)");
      TempDir dir;
      const std::string schema = dir.path + "/schema";
      REQUIRE(
          run_pgdrift({"init", "--url", cluster.conninfo(db), "--schema-dir", schema}).exit_code ==
          0);
      const std::string file = schema + "/public/tables/notes.sql";
      std::string text = read_text(file);
      text.replace(text.find("id integer NOT NULL"), 19, "id integer NOT NULL,\n    extra text");
      std::ofstream(file) << text;
      auto holder = std::make_unique<HeldSession>(
          cluster, db, "BEGIN; LOCK TABLE public.notes IN ACCESS SHARE MODE");
      std::atomic<int> pid{0};
      ProcessOptions options;
      options.on_start = [&](int p) { pid = p; };
      std::vector<std::string> args{"apply", "--url",        cluster.conninfo(db),   "--schema-dir",
                                    schema,  "--shadow-url", cluster.url("postgres")};
      if (watch) args.push_back("--watch");
      auto run = std::async(std::launch::async, [&] { return run_pgdrift(args, options); });
      REQUIRE(wait_until(cluster, "postgres",
                         "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = '" + db +
                             "' AND wait_event_type = 'Lock'"));
      ::kill(pid, SIGINT);
      const auto result = run.get();
      holder.reset();
      INFO(result.out << result.err);
      CHECK(result.exit_code == 2);
      CHECK(result.err.find("interrupted: the statements were cancelled and rolled back, so ") !=
            std::string::npos);
      CHECK(result.err.find("is as it was before this round") != std::string::npos);
      CHECK(count_of(result.err, "\n") == 1);
      CHECK(cluster.query_value(db,
                                "SELECT count(*) FROM pg_attribute WHERE attrelid = "
                                "'public.notes'::regclass AND attname = 'extra'") == "0");
    }
  }
}

}  // namespace pgdrift::test

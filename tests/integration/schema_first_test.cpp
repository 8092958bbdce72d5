// Schema-first work (issue 22): `pgdrift init` writes the schema as files, and a folder of
// files loads into a shadow whatever their order: retried, `-- requires:` first, cycles of
// foreign keys statement by statement.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

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
  CHECK(tree(dir) == files);
  std::ofstream(dir + "/public/tables/gone.sql") << "CREATE TABLE public.gone (id int);\n";
  std::ofstream(dir + "/README.md") << "ours\n";
  const auto forced =
      run_pgdrift({"init", "--url", cluster.conninfo(app.db), "--schema-dir", dir, "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("removed 1 .sql file(s)") != std::string::npos);
  auto after = tree(dir);
  CHECK(after.count("README.md"));
  after.erase("README.md");
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
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  fs::create_directories(schema + "/a");
  std::ofstream(schema + "/a/view.sql")
      << "-- requires: b/table.sql\nCREATE VIEW public.v AS SELECT * FROM public.t;\n";
  fs::create_directories(schema + "/b");
  std::ofstream(schema + "/b/table.sql") << "CREATE TABLE public.t (id int);\n";
  const auto loaded = run_pgdrift({"plan", schema, schema, "--no-verify"});
  INFO(loaded.out << loaded.err);
  CHECK(loaded.exit_code == 0);

  // A file it names that is not there, and a circle: one sentence each, nothing written.
  std::ofstream(schema + "/b/table.sql")
      << "-- requires: a/missing.sql\nCREATE TABLE public.t (id int);\n";
  check_trouble(run_pgdrift({"plan", schema, schema, "--no-verify"}),
                "b/table.sql:1: requires a/missing.sql, which is no .sql file of");
  std::ofstream(schema + "/b/table.sql")
      << "-- requires: a/view.sql\nCREATE TABLE public.t (id int);\n";
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

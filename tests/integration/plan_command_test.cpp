// `pgdrift plan FROM TO`: the migration between two schemas, proven in a shadow before it
// is printed or written; bad input and unplannable changes exit 2 and write nothing. The
// command's own machinery (proof, files, formats) runs on 15 only ([workflow]); the
// planner's cases (plan_cases_test.cpp) run on every major. The sanitizer build runs the
// [cli] and [bad-input] ones: the proof, and every way of failing.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "dbmate_fixture.h"
#include "pgdrift_harness.h"
#include "round_trip.h"
#include "util/atomic_file.h"

namespace pgdrift::test {
namespace {

const char* kBefore = R"sql(
  CREATE TABLE public.player (id integer PRIMARY KEY, points integer NOT NULL);
  CREATE FUNCTION public.calculate_score(p integer) RETURNS integer LANGUAGE sql IMMUTABLE
    AS 'SELECT p * 10';
  CREATE VIEW public.user_rankings AS
    SELECT id, public.calculate_score(points) AS score FROM public.player;
  CREATE VIEW public.daily_stats AS SELECT max(score) AS best FROM public.user_rankings;
  CREATE VIEW public.executive_dashboard AS SELECT best FROM public.daily_stats;
  COMMENT ON VIEW public.executive_dashboard IS 'for the board';
)sql";

// The signature of calculate_score changes under three stacked views.
const char* kAfter = R"sql(
  CREATE TABLE public.player (id integer PRIMARY KEY, points integer NOT NULL, nick text);
  CREATE FUNCTION public.calculate_score(p bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS 'SELECT p * 10';
  CREATE VIEW public.user_rankings AS
    SELECT id, public.calculate_score(points) AS score FROM public.player;
  CREATE VIEW public.daily_stats AS SELECT max(score) AS best FROM public.user_rankings;
  CREATE VIEW public.executive_dashboard AS SELECT best FROM public.daily_stats;
  COMMENT ON VIEW public.executive_dashboard IS 'for the board';
)sql";

struct TwoDatabases {
  TestCluster& cluster = TestCluster::shared();
  std::string from = cluster.create_database("plan_a");
  std::string to = cluster.create_database("plan_b");
  TwoDatabases(const std::string& before, const std::string& after) {
    cluster.exec(from, before);
    cluster.exec(to, after);
  }
};

// dbmate on FROM, its tracking table in a schema of its own so that the schemas compare
// without it.
ProcessResult tracked_dbmate(const TwoDatabases& dbs, const TempDir& dir,
                             const std::string& command) {
  return dbmate(dbs.cluster, dbs.from, dir,
                {"--migrations-table", "tracking.schema_migrations", command});
}

// Whether `pgdrift diff` finds two databases the same, dbmate's schema aside.
bool same_schema(const TestCluster& cluster, const std::string& a, const std::string& b) {
  const auto diff = run_pgdrift(
      {"diff", cluster.conninfo(a), cluster.conninfo(b), "--exclude-schema", "tracking"});
  if (diff.exit_code != 0) UNSCOPED_INFO(diff.out << diff.err);
  return diff.exit_code == 0;
}

}  // namespace

TEST_CASE("plan writes the migration between two databases, proven in a shadow",
          "[plan][cli][workflow]") {
  TwoDatabases dbs(kBefore, kAfter);
  const std::string out = write_temp_file("");
  std::filesystem::remove(out);
  const auto run = run_pgdrift(
      {"-v", "plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to), "-o", out});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.empty());
  CHECK(run.err.find("proven: applied in the shadow") != std::string::npos);
  const std::string text = read_file(out);
  std::filesystem::remove(out);
  INFO(text);
  // The chain is dropped from the top, the function replaced, the chain created again.
  const auto drop_top = text.find("DROP VIEW public.executive_dashboard;");
  const auto drop_function = text.find("DROP FUNCTION public.calculate_score(integer);");
  const auto create_function =
      text.find("CREATE OR REPLACE FUNCTION public.calculate_score(p bigint)");
  const auto create_top = text.find("CREATE VIEW public.executive_dashboard");
  REQUIRE(drop_top != std::string::npos);
  REQUIRE(drop_function != std::string::npos);
  REQUIRE(create_function != std::string::npos);
  REQUIRE(create_top != std::string::npos);
  CHECK(drop_top < drop_function);
  CHECK(drop_function < create_function);
  CHECK(create_function < create_top);
  CHECK(text.find("CASCADE") == std::string::npos);
  CHECK(text.find("ALTER TABLE public.player ADD COLUMN nick text;") != std::string::npos);
  CHECK(text.find("COMMENT ON VIEW public.executive_dashboard IS 'for the board';") !=
        std::string::npos);

  // Applied by psql, the file turns FROM into TO.
  const auto psql = run_process({dbs.cluster.client_bindir() + "/psql", "-X", "-q", "-v",
                                 "ON_ERROR_STOP=1", "-d", dbs.cluster.conninfo(dbs.from)},
                                ProcessOptions{std::nullopt, {}, {}, text, std::nullopt, {}});
  INFO(psql.err);
  REQUIRE(psql.exit_code == 0);
  const auto diff =
      run_pgdrift({"diff", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to)});
  INFO(diff.out);
  CHECK(diff.exit_code == 0);

  // The same schemas: an empty plan that says so.
  const auto same =
      run_pgdrift({"plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to)});
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("The two schemas are the same: nothing to do.") != std::string::npos);
}

TEST_CASE("plan --format dbmate writes a migration that dbmate applies and rolls back",
          "[plan][workflow]") {
  TwoDatabases dbs(kBefore, kAfter);
  TempDir dir;
  std::filesystem::create_directories(dir.migrations());
  const auto run =
      run_pgdrift({"-v", "plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to),
                   "--format", "dbmate", "--migrations-dir", dir.migrations(), "--name", "scores"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  REQUIRE(dir.files().size() == 1);
  const std::string file = dir.files()[0];
  CHECK(file.size() == 14 + std::string("_scores.sql").size());
  CHECK(run.out == dir.migrations() + "/" + file + "\n");
  CHECK(run.err.find("and each file's down section goes back") != std::string::npos);
  const std::string text = read_text(dir.migrations() + "/" + file);
  INFO(text);
  CHECK(text.rfind("-- migrate:up\n", 0) == 0);
  CHECK(text.find("(proven both ways)") != std::string::npos);
  CHECK(text.find("\n-- migrate:down\n") != std::string::npos);

  const auto up = tracked_dbmate(dbs, dir, "up");
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(same_schema(dbs.cluster, dbs.from, dbs.to));
  const auto back = tracked_dbmate(dbs, dir, "rollback");
  INFO(back.out << back.err);
  REQUIRE(back.exit_code == 0);
  const std::string original = dbs.cluster.create_database("plan_c");
  dbs.cluster.exec(original, kBefore);
  CHECK(same_schema(dbs.cluster, dbs.from, original));
}

// A table with rows gains a key, an index and a check: online forms, in several parts.
const char* kOrders = R"sql(
  CREATE TABLE public.orders (id integer, customer integer, total numeric);
  INSERT INTO public.orders SELECT g, g % 7, g FROM generate_series(1, 200) g;
)sql";
const char* kOrdersKeyed = R"sql(
  CREATE TABLE public.orders (id integer PRIMARY KEY, customer integer,
                              total numeric CONSTRAINT orders_total_check CHECK (total >= 0));
  CREATE INDEX orders_by_customer ON public.orders (customer);
)sql";

TEST_CASE("plan --format dbmate writes a file per part; dbmate applies them and rolls each back",
          "[plan][workflow]") {
  TwoDatabases dbs(kOrders, kOrdersKeyed);
  TempDir dir;
  std::filesystem::create_directories(dir.migrations());
  const auto run =
      run_pgdrift({"-v", "plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to),
                   "--format", "dbmate", "--migrations-dir", dir.migrations(), "--name", "keys"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto files = dir.files();
  // A transaction (check NOT VALID, the key's column NOT VALID check), two indexes built
  // concurrently, then a transaction (validations, the key USING INDEX).
  REQUIRE(files.size() == 4);
  CHECK(run.err.find("the plan is 4 files") != std::string::npos);
  size_t alone = 0;
  for (const auto& file : files) {
    const std::string text = read_text(dir.migrations() + "/" + file);
    INFO(file << ":\n" << text);
    CHECK(text.find("(proven both ways)") != std::string::npos);
    if (text.rfind("-- migrate:up transaction:false\n", 0) == 0) {
      ++alone;
      std::istringstream up(text.substr(0, text.find("-- migrate:down")));
      std::vector<std::string> statements;  // the lines that are not comments
      for (std::string line; std::getline(up, line);) {
        if (!line.empty() && line.rfind("--", 0) != 0) statements.push_back(line);
      }
      REQUIRE(statements.size() == 1);  // dbmate runs it alone
      CHECK(statements[0].find("CONCURRENTLY") != std::string::npos);
    }
  }
  CHECK(alone == 2);

  const auto up = tracked_dbmate(dbs, dir, "up");
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(same_schema(dbs.cluster, dbs.from, dbs.to));
  CHECK(dbs.cluster.query_value(dbs.from, "SELECT count(*) FROM public.orders") == "200");
  for (size_t k = 0; k < files.size(); ++k) {
    const auto back = tracked_dbmate(dbs, dir, "rollback");
    INFO("rollback " << k + 1 << ": " << back.out << back.err);
    REQUIRE(back.exit_code == 0);
  }
  const std::string original = dbs.cluster.create_database("plan_c");
  dbs.cluster.exec(original, kOrders);
  CHECK(same_schema(dbs.cluster, dbs.from, original));
}

namespace {

// (file, line, rule) of every hazard the plan's dbmate files list in their headers.
std::set<std::tuple<std::string, int, std::string>> listed_hazards(const TempDir& dir) {
  std::set<std::tuple<std::string, int, std::string>> out;
  for (const auto& file : dir.files()) {
    std::istringstream in(read_text(dir.migrations() + "/" + file));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("--   line ", 0) != 0) continue;
      const auto colon = line.find(": ");
      const auto rule_end = line.find(": ", colon + 2);
      out.emplace(dir.migrations() + "/" + file, std::stoi(line.substr(10)),
                  line.substr(colon + 2, rule_end - colon - 2));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("pgdrift gate on a plan's files finds exactly the hazards the plan lists",
          "[plan][workflow]") {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      // Online forms only: nothing to find, although SET NOT NULL runs in a later file than
      // the check that makes it safe.
      {kOrders, kOrdersKeyed},
      // One of each hazard the planner writes, next to a change gate lets pass (a wider
      // varchar).
      {"CREATE TABLE public.t (id integer PRIMARY KEY, old_name text, code varchar(10), n integer);"
       "CREATE TABLE public.gone (a integer); CREATE INDEX gone_a ON public.gone (a);",
       "CREATE TABLE public.t (id integer PRIMARY KEY, code varchar(20), n bigint, made "
       "timestamptz DEFAULT clock_timestamp(), must text NOT NULL);"},
      // A foreign key from a table the plan creates in its first file to a key it builds
      // online lands in a later file: gate remembers the table is new to this deploy. An
      // exclusion constraint has no online form: both name it.
      {"CREATE TABLE public.customer (id integer NOT NULL, email text);"
       "CREATE TABLE public.booking (id integer PRIMARY KEY, during tstzrange);",
       "CREATE TABLE public.customer (id integer PRIMARY KEY, email text);"
       "CREATE TABLE public.orders (id integer PRIMARY KEY, customer integer REFERENCES "
       "public.customer (id));"
       "CREATE TABLE public.booking (id integer PRIMARY KEY, during tstzrange, EXCLUDE USING "
       "gist (during WITH &&));"},
  };
  for (const auto& [before, after] : pairs) {
    TwoDatabases dbs(before, after);
    TempDir dir;
    std::filesystem::create_directories(dir.migrations());
    const auto plan =
        run_pgdrift({"plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to),
                     "--format", "dbmate", "--migrations-dir", dir.migrations()});
    INFO(plan.err);
    REQUIRE(plan.exit_code == 0);
    const auto gate = run_pgdrift({"gate", "--url", dbs.cluster.conninfo(dbs.from),
                                   "--migrations-dir", dir.migrations(), "--format", "json"});
    INFO(gate.out << gate.err);
    REQUIRE(gate.exit_code != 2);
    std::set<std::tuple<std::string, int, std::string>> found;
    const auto report = nlohmann::json::parse(gate.out);
    for (const auto& f : report["findings"]) {
      if (f["check"] == "lint") found.emplace(f["file"], f["line"], f["rule"]);
    }
    const auto listed = listed_hazards(dir);
    for (const auto& [file, line, rule] : found)
      UNSCOPED_INFO("gate: " << rule << " " << file << ":" << line);
    for (const auto& [file, line, rule] : listed)
      UNSCOPED_INFO("plan: " << rule << " " << file << ":" << line);
    CHECK(found == listed);
  }
}

TEST_CASE("plan from a dbmate history to a declared schema: files in any order, roles made",
          "[plan][workflow]") {
  TempDir dir;
  dir.write("20260101000000_orders.sql",
            "-- migrate:up\nCREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);\n"
            "-- migrate:down\nDROP TABLE public.orders;\n");
  // The view's file sorts before its table's, and names a role nobody created.
  const std::string schema = dir.path + "/schema";
  std::filesystem::create_directories(schema + "/tables");
  std::filesystem::create_directories(schema + "/views");
  write_file_atomically(schema + "/views/a_report.sql",
                        "CREATE VIEW public.report AS SELECT id, total FROM public.orders;\n"
                        "ALTER VIEW public.report OWNER TO plan_reporting;\n");
  // Unqualified: only right if the file before (pg_dump's style) left no search_path behind.
  write_file_atomically(schema + "/tables/orders.sql",
                        "CREATE TABLE orders (id integer PRIMARY KEY, total numeric NOT "
                        "NULL, note text);\n");
  // A file with its own transaction and settings.
  write_file_atomically(schema + "/00_extra.sql",
                        "SELECT pg_catalog.set_config('search_path', '', false);\nBEGIN;\n"
                        "CREATE TABLE public.extra (a integer);\nCOMMIT;\n");
  const auto run = run_pgdrift({"-v", "plan", "dbmate:" + dir.migrations(), schema});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("proven: applied in the shadow") != std::string::npos);
  CHECK(run.out.find("-- from: dbmate:" + dir.migrations()) != std::string::npos);
  // The shadow's lock table is sized before either side loads, from the larger of the two
  // estimates: the declared files' 12 (a table 3 and 1 per key, as in a baseline that
  // creates them all in one transaction; each other statement 1) against the history's 4.
  CHECK(run.err.find("one transaction may lock about 12 relations") != std::string::npos);
  CHECK(run.out.find("ALTER TABLE public.orders ADD COLUMN note text;") != std::string::npos);
  CHECK(run.out.find("ALTER VIEW public.report OWNER TO plan_reporting;") != std::string::npos);

  // Applied to a database the history built, the plan gives what the files declare.
  auto& cluster = TestCluster::shared();
  cluster.exec("postgres",
               "DO $$BEGIN CREATE ROLE plan_reporting; EXCEPTION WHEN duplicate_object THEN "
               "NULL; END$$");
  const std::string db = cluster.create_database("plan_hist");
  cluster.exec(db, "CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);");
  const auto psql = run_process({cluster.client_bindir() + "/psql", "-X", "-q", "-v",
                                 "ON_ERROR_STOP=1", "-d", cluster.conninfo(db)},
                                ProcessOptions{std::nullopt, {}, {}, run.out, std::nullopt, {}});
  INFO(psql.err);
  REQUIRE(psql.exit_code == 0);
  const auto again = run_pgdrift({"plan", cluster.conninfo(db), schema, "--no-verify"});
  INFO(again.err);
  CHECK(again.out.find("nothing to do") != std::string::npos);
}

// On every major: what a rename leaves behind differs (18's NOT NULL constraints).
TEST_CASE("a declared schema's files that cannot run in a transaction load after the others",
          "[plan]") {
  TempDir dir;
  const std::string schema = dir.path + "/schema";
  std::filesystem::create_directories(schema);
  // Sorted first, but its index needs the table of the file after it.
  write_file_atomically(schema + "/a_indexes.sql",
                        "CREATE INDEX CONCURRENTLY orders_total ON public.orders (total);\n"
                        "VACUUM public.orders;\n");
  write_file_atomically(schema + "/b_orders.sql",
                        "CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);\n");
  const auto run = run_pgdrift({"-v", "plan", schema, schema});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("loaded 2 schema file(s)") != std::string::npos);
  CHECK(run.out.find("nothing to do") != std::string::npos);
  // One that fails outside a transaction is named, with its line.
  write_file_atomically(schema + "/c_more.sql",
                        "CREATE INDEX CONCURRENTLY orders_note ON public.orders (note);\n");
  const auto bad = run_pgdrift({"plan", schema, schema});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("c_more.sql:1:") != std::string::npos);
  CHECK(bad.err.find("never loaded") != std::string::npos);
}

TEST_CASE("plan --rename renames a table and a column, keeping their rows, and back", "[plan]") {
  // The key, the check and the serial's sequence have names PostgreSQL derived from the
  // table's and the column's: in TO, from the new ones.
  const char* before = R"sql(
    CREATE TABLE public.client (id serial PRIMARY KEY, old_name text CHECK (old_name <> ''));
    CREATE VIEW public.names AS SELECT old_name FROM public.client;
    INSERT INTO public.client (old_name) VALUES ('a'), ('b');
  )sql";
  const char* after = R"sql(
    CREATE TABLE public.customer (id serial PRIMARY KEY, full_name text CHECK (full_name <> ''));
    CREATE VIEW public.names AS SELECT full_name AS old_name FROM public.customer;
  )sql";
  TwoDatabases dbs(before, after);
  // Without --rename: a drop and an add, which lose the rows.
  const auto guess = run_pgdrift(
      {"plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to), "--no-verify"});
  INFO(guess.out << guess.err);
  REQUIRE(guess.exit_code == 0);
  CHECK(guess.out.find("drop-table: dropping table public.client loses its rows") !=
        std::string::npos);

  TempDir dir;
  std::filesystem::create_directories(dir.migrations());
  const auto run =
      run_pgdrift({"-v", "plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to),
                   "--format", "dbmate", "--migrations-dir", dir.migrations(), "--rename",
                   "public.client=customer", "--rename", "public.client.old_name=full_name"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  REQUIRE(dir.files().size() == 1);
  const std::string text = read_text(dir.migrations() + "/" + dir.files()[0]);
  INFO(text);
  CHECK(text.find("ALTER TABLE public.client RENAME TO customer;") != std::string::npos);
  CHECK(text.find("ALTER TABLE public.customer RENAME COLUMN old_name TO full_name;") !=
        std::string::npos);
  // The derived names follow: renamed too, not dropped and made again (a new sequence
  // would start at 1 and the next insert collide with the rows kept).
  CHECK(text.find("ALTER SEQUENCE public.client_id_seq RENAME TO customer_id_seq;") !=
        std::string::npos);
  CHECK(text.find("RENAME CONSTRAINT client_pkey TO customer_pkey;") != std::string::npos);
  CHECK(text.find("RENAME CONSTRAINT client_old_name_check TO customer_full_name_check;") !=
        std::string::npos);
  if (dbs.cluster.server_major() >= 18) {
    CHECK(text.find("RENAME CONSTRAINT client_id_not_null TO customer_id_not_null;") !=
          std::string::npos);
  }
  CHECK(text.find("DROP TABLE") == std::string::npos);
  CHECK(text.find("DROP SEQUENCE") == std::string::npos);
  CHECK(text.find("DROP CONSTRAINT") == std::string::npos);
  CHECK(text.find("DROP VIEW") == std::string::npos);  // PostgreSQL's rename reached it
  // The way back renames back.
  CHECK(text.find("ALTER TABLE public.customer RENAME TO client;") != std::string::npos);
  CHECK(text.find("ALTER SEQUENCE public.customer_id_seq RENAME TO client_id_seq;") !=
        std::string::npos);

  const auto up = tracked_dbmate(dbs, dir, "up");
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(dbs.cluster.query_value(dbs.from,
                                "SELECT string_agg(full_name, ',' ORDER BY id) FROM "
                                "public.customer") == "a,b");
  CHECK(same_schema(dbs.cluster, dbs.from, dbs.to));
  CHECK(dbs.cluster.query_value(
            dbs.from, "INSERT INTO public.customer (full_name) VALUES ('c') RETURNING id") == "3");
  const auto back = tracked_dbmate(dbs, dir, "rollback");
  INFO(back.out << back.err);
  REQUIRE(back.exit_code == 0);
  CHECK(dbs.cluster.query_value(dbs.from, "SELECT count(*) FROM public.client") == "3");
  CHECK(dbs.cluster.query_value(
            dbs.from, "INSERT INTO public.client (old_name) VALUES ('d') RETURNING id") == "4");
}

TEST_CASE("plan --format json lists each statement with its action and hazards",
          "[plan][workflow]") {
  TwoDatabases dbs("CREATE TABLE public.t (id integer PRIMARY KEY, old_name text);",
                   "CREATE TABLE public.t (id integer PRIMARY KEY);");
  const auto run = run_pgdrift({"plan", dbs.cluster.conninfo(dbs.from),
                                dbs.cluster.conninfo(dbs.to), "--format", "json", "--no-verify"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto doc = nlohmann::json::parse(run.out);
  REQUIRE(doc["statements"].size() == 1);
  const auto& s = doc["statements"][0];
  CHECK(s["action"] == "alter");
  CHECK(s["kind"] == "table");
  CHECK(s["object"] == "table public.t");
  CHECK(s["sql"] == "ALTER TABLE public.t DROP COLUMN old_name;\n");
  REQUIRE(s["hazards"].size() == 1);
  CHECK(s["hazards"][0]["rule"] == "drop-column");

  // The script names the hazard in its header, with the line of its statement.
  const auto script = run_pgdrift(
      {"plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to), "--no-verify"});
  REQUIRE(script.exit_code == 0);
  const auto at = script.out.find("--   line ");
  REQUIRE(at != std::string::npos);
  const int line = std::stoi(script.out.substr(at + 10));
  std::vector<std::string> lines;
  std::istringstream in(script.out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(line >= 1);
  REQUIRE(static_cast<size_t>(line) <= lines.size());
  CHECK(lines[line - 1] == "ALTER TABLE public.t DROP COLUMN old_name;");
}

TEST_CASE("plan: bad input and unplannable changes exit 2 and write nothing",
          "[plan][cli][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  const std::string out = write_temp_file("");
  std::filesystem::remove(out);

  SECTION("a source that is neither a file nor a connection string") {
    const auto run =
        run_pgdrift({"plan", "/nonexistent/before.json", "/nonexistent/after.json", "-o", out});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("no such file") != std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  SECTION("a change the planner cannot plan yet") {
    // SET STORAGE DEFAULT is newer than the grammar gate reads plans with.
    TwoDatabases dbs(
        "CREATE TABLE public.t (v text); ALTER TABLE public.t ALTER COLUMN v SET STORAGE EXTERNAL;",
        "CREATE TABLE public.t (v text);");
    const auto run = run_pgdrift(
        {"plan", dbs.cluster.conninfo(dbs.from), dbs.cluster.conninfo(dbs.to), "-o", out});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("cannot plan this migration yet: changing the storage of column v back "
                       "to its default of table public.t") != std::string::npos);
  }
  SECTION("FROM does not replay in the shadow") {
    TwoDatabases dbs("CREATE VIEW public.v AS SELECT 1 AS one;",
                     "CREATE VIEW public.v AS SELECT 1 AS one, 2 AS two;");
    const auto json =
        run_pgdrift({"snapshot", "--url", cluster.conninfo(dbs.from), "--format", "json"});
    REQUIRE(json.exit_code == 0);
    std::string broken = json.out;
    const auto at = broken.find("SELECT 1 AS one");
    REQUIRE(at != std::string::npos);
    broken.replace(at, 15, "SELECT nothing_here");
    const std::string from = write_temp_file(broken);
    const auto run = run_pgdrift({"plan", from, cluster.conninfo(dbs.to), "-o", out});
    unlink(from.c_str());
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("replaying FROM in the shadow") != std::string::npos);
  }
  SECTION("--format dbmate --no-verify for a plan of several parts") {
    // Each file's down section is planned from what the shadow shows after it.
    TempDir dir;
    std::filesystem::create_directories(dir.migrations());
    TwoDatabases dbs(kOrders, kOrdersKeyed);
    const auto run =
        run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to), "--format",
                     "dbmate", "--migrations-dir", dir.migrations(), "--no-verify"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("drop --no-verify") != std::string::npos);
    CHECK(dir.files().empty());
  }
  SECTION("a declared schema whose files never load, whatever the order") {
    TempDir dir;
    dir.write("20260101000000_t.sql", "-- migrate:up\nCREATE TABLE public.t (a integer);\n");
    const std::string schema = dir.path + "/schema";
    std::filesystem::create_directories(schema);
    write_file_atomically(schema + "/v.sql",
                          "CREATE VIEW public.v AS SELECT * FROM public.gone;\n");
    write_file_atomically(schema + "/t.sql",
                          "CREATE TABLE public.t (a integer);\nCREATE TABLE oops (;\n");
    const auto run = run_pgdrift({"plan", "dbmate:" + dir.migrations(), schema, "-o", out});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("2 of 2 file(s) of " + schema + " never loaded") != std::string::npos);
    CHECK(run.err.find(schema + "/t.sql:2: syntax error") != std::string::npos);
    CHECK(run.err.find(schema + "/v.sql:1: relation \"public.gone\" does not exist") !=
          std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  SECTION("dbmate: naming no directory") {
    const auto run = run_pgdrift({"plan", "dbmate:/nonexistent/migrations", "/nonexistent.sql"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("/nonexistent/migrations is not a directory of dbmate migrations") !=
          std::string::npos);
  }
  SECTION("--rename of something FROM does not have, or written wrong") {
    TwoDatabases dbs("CREATE TABLE public.t (a integer);", "CREATE TABLE public.u (a integer);");
    const auto missing = run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to),
                                      "-o", out, "--rename", "public.nothing=u"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("--rename public.nothing=u: FROM has no table public.nothing") !=
          std::string::npos);
    const auto column = run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to),
                                     "-o", out, "--rename", "public.t.b=c"});
    CHECK(column.exit_code == 2);
    CHECK(column.err.find("FROM's table public.t has no column b") != std::string::npos);
    const auto wrong = run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to),
                                    "-o", out, "--rename", "t=u"});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("write schema.table=new_name") != std::string::npos);
  }
  SECTION("--format dbmate when no timestamp sorts after the folder's latest version") {
    TempDir dir;
    dir.write("99990101000000000_far.sql", "-- migrate:up\n-- migrate:down\n");
    const auto before = dir.files();
    TwoDatabases dbs("CREATE TABLE public.t (a integer);", "CREATE TABLE public.t (a bigint);");
    const auto run = run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to),
                                  "--format", "dbmate", "--migrations-dir", dir.migrations()});
    check_trouble(run, "the latest migration version, 99990101000000000, sorts after every");
    CHECK(dir.files() == before);
  }
  SECTION("--format dbmate without its migrations folder") {
    TwoDatabases dbs("CREATE TABLE public.t (a integer);", "CREATE TABLE public.t (a bigint);");
    const auto run = run_pgdrift({"plan", cluster.conninfo(dbs.from), cluster.conninfo(dbs.to),
                                  "--format", "dbmate", "--migrations-dir", out});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("the migrations folder " + out + " does not exist") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(out));
}

}  // namespace pgdrift::test

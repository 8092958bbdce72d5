// `pgdrift status` and `pgdrift gate` against a real database migrated by the real dbmate.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::set<std::string> problems(const json& status) {
  std::set<std::string> out;
  for (const auto& p : status["problems"]) {
    out.insert(p["rule"].get<std::string>() + " " + p["version"].get<std::string>());
  }
  return out;
}

ProcessResult pgdrift_in(const CheckedDatabase& app, std::vector<std::string> args,
                         ProcessOptions options = {}) {
  args.insert(args.begin() + 1,
              {"--url", app.cluster.conninfo(app.db), "--migrations-dir", app.dir.migrations()});
  options.cwd = app.dir.path;
  return run_pgdrift(args, options);
}

std::set<std::string> gate_findings(const json& gate) {
  std::set<std::string> out;
  for (const auto& f : gate["findings"]) {
    std::string line = f["check"].get<std::string>() + " " + f["rule"].get<std::string>();
    if (f.contains("line")) line += " line " + std::to_string(f["line"].get<int>());
    if (f["allowed"].get<bool>()) line += " allowed";
    out.insert(line);
  }
  return out;
}

const char* const kUnsafeIndex =
    "-- migrate:up\nSET lock_timeout = '5s';\nCREATE INDEX orders_note ON public.orders (note);\n"
    "\n-- migrate:down\nDROP INDEX public.orders_note;\n";

}  // namespace

TEST_CASE("status shows every tracking inconsistency dbmate cannot see",
          "[status][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "status");
  app.apply_legitimate_migrations();

  // First sight: consistent, and the applied files' checksums are adopted quietly.
  const auto first = pgdrift_in(app, {"status", "--format", "json"});
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(json::parse(first.out)["status"] == "consistent");
  const auto text = pgdrift_in(app, {"status"});
  CHECK(text.out.find("[X] 20990101000004_grant_reader.sql") != std::string::npos);
  CHECK(text.out.find("Applied: 5\nPending: 0\n") != std::string::npos);

  // Line endings converted by a checkout are not an edit.
  const std::string phone = app.dir.migrations() + "/20990101000001_add_phone.sql";
  std::string crlf;
  for (const char c : read_text(phone)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  app.dir.write("20990101000001_add_phone.sql", crlf);
  CHECK(pgdrift_in(app, {"status"}).exit_code == 0);

  // Now break it three ways, for real.
  app.dir.write("20990101000001_add_phone.sql", crlf + "-- edited after it was applied\n");
  fs::remove(app.dir.migrations() + "/20990101000002_email_index.sql");
  app.dir.write("20990101000000_forgotten.sql",
                "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
  const auto broken = pgdrift_in(app, {"status", "--format", "json"});
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 1);
  CHECK(problems(json::parse(broken.out)) ==
        std::set<std::string>{"changed-after-apply 20990101000001",
                              "recorded-without-file 20990101000002",
                              "pending-out-of-order 20990101000000"});
  const auto human = pgdrift_in(app, {"status"});
  CHECK(human.out.find("[?] 20990101000002 (no file)") != std::string::npos);
  CHECK(human.out.find("3 inconsistencies:") != std::string::npos);
  CHECK(human.out.find("Last check: none recorded") != std::string::npos);
}

TEST_CASE("gate fails an unsafe pending migration and passes it when accepted",
          "[gate][dbmate][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "gate_lint");
  app.apply_legitimate_migrations();
  app.dir.write("20990101000005_note_index.sql", kUnsafeIndex);
  const std::string junit = app.dir.path + "/gate.xml";
  ProcessOptions github;
  github.env["GITHUB_ACTIONS"] = "true";
  const auto failed = pgdrift_in(app, {"gate", "--junit", junit}, github);
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.find("pgdrift gate: FAIL") != std::string::npos);
  const std::string file = app.dir.migrations() + "/20990101000005_note_index.sql";
  CHECK(failed.out.find("::error file=" + file +
                        ",line=3,title=pgdrift create-index-not-"
                        "concurrently::CREATE INDEX on public.orders without CONCURRENTLY") !=
        std::string::npos);
  const std::string xml = read_text(junit);
  CHECK(xml.find("<testsuite name=\"pgdrift gate\" tests=\"3\" failures=\"1\"") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"pgdrift.lint\" name=\"" + file + "\">\n      <failure") !=
        std::string::npos);

  const auto json_out = pgdrift_in(app, {"gate", "--format", "json"});
  CHECK(gate_findings(json::parse(json_out.out)) ==
        std::set<std::string>{"lint create-index-not-concurrently line 3"});

  // Accepted on the command line: passes, and says so.
  const auto allowed = pgdrift_in(app, {"gate", "--allow", "create-index-not-concurrently"});
  INFO(allowed.out << allowed.err);
  CHECK(allowed.exit_code == 0);
  CHECK(allowed.out.find("pgdrift gate: PASS") != std::string::npos);
  CHECK(allowed.out.find("[allowed: --allow create-index-not-concurrently]") != std::string::npos);

  // Accepted in the file, with a reason.
  app.dir.write("20990101000005_note_index.sql",
                std::string("-- pgdrift:allow create-index-not-concurrently orders has 40 rows\n") +
                    kUnsafeIndex);
  const auto reasoned = pgdrift_in(app, {"gate"});
  CHECK(reasoned.exit_code == 0);
  CHECK(reasoned.out.find("[allowed: orders has 40 rows]") != std::string::npos);

  // The safe way passes on its own.
  app.dir.write("20990101000005_note_index.sql",
                "-- migrate:up transaction:false\n"
                "CREATE INDEX CONCURRENTLY orders_note ON public.orders (note);\n\n"
                "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY public.orders_note;\n");
  const auto safe = pgdrift_in(app, {"gate"});
  INFO(safe.out << safe.err);
  CHECK(safe.exit_code == 0);
  CHECK(dbmate(cluster, app.db, app.dir, {"up"}).exit_code == 0);
}

TEST_CASE("gate reports tracking problems, drift and lint together", "[gate][workflow]") {
  auto& cluster = TestCluster::shared();
  // A validated CHECK (email IS NOT NULL) makes SET NOT NULL safe: the live catalog says so.
  CheckedDatabase app(cluster, "gate_all",
                      "ALTER TABLE public.customers ADD CONSTRAINT customers_email_nn "
                      "CHECK (email IS NOT NULL)");
  cluster.exec(app.db, "ALTER TABLE public.orders ADD COLUMN ghost integer");
  app.dir.write("20990101000001_tighten.sql",
                "-- migrate:up\nSET lock_timeout = '5s';\n"
                "ALTER TABLE public.customers ALTER COLUMN email SET NOT NULL;\n"
                "ALTER TABLE public.orders ALTER COLUMN note SET NOT NULL;\n"
                "ALTER TABLE public.customers ALTER COLUMN name TYPE varchar(200);\n"
                "ALTER TABLE public.customers ALTER COLUMN score TYPE bigint;\n"
                "-- migrate:down\nSELECT 1;\n");
  cluster.exec(app.db, "INSERT INTO public.schema_migrations VALUES ('20990101000009')");
  const auto result = pgdrift_in(app, {"gate", "--format", "json"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(gate_findings(json::parse(result.out)) ==
        std::set<std::string>{"tracking recorded-without-file", "tracking pending-out-of-order",
                              "drift drift", "lint set-not-null line 4",
                              "lint alter-column-type line 6"});
  CHECK(result.out.find("TYPE bigint (from integer)") != std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("gate lists live dependents and the sessions using a table right now", "[gate][live]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "gate_live");
  // numeric(10,2) -> numeric(12,2) needs no rewrite, but the view big_orders uses the
  // column: PostgreSQL would refuse the migration. And a foreign key uses customers.id.
  app.dir.write(
      "20990101000001_widen_total.sql",
      "-- migrate:up\nSET lock_timeout = '5s';\n"
      "ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2);\n"
      "-- migrate:down\nALTER TABLE public.orders ALTER COLUMN total TYPE numeric(10,2);\n");
  const auto result = pgdrift_in(app, {"gate", "--format", "json"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);  // warnings only
  CHECK(gate_findings(json::parse(result.out)) ==
        std::set<std::string>{"lint live-dependents line 3"});
  CHECK(result.out.find("live objects depend on public.orders.total: view public.big_orders") !=
        std::string::npos);

  // A worker in the middle of a transaction on customers.
  HeldSession worker(cluster, app.db,
                     "SET application_name = 'billing-worker'; BEGIN; "
                     "SELECT count(*) FROM public.customers");
  app.dir.write("20990101000002_drop_customer_id.sql",
                "-- migrate:up\nSET lock_timeout = '5s';\n"
                "ALTER TABLE public.customers RENAME COLUMN email TO email_address;\n"
                "-- migrate:down\n"
                "ALTER TABLE public.customers RENAME COLUMN email_address TO email;\n");
  const auto busy = pgdrift_in(app, {"gate", "--format", "json", "--allow", "rename-column"});
  INFO(busy.out << busy.err);
  CHECK(busy.exit_code == 0);
  CHECK(gate_findings(json::parse(busy.out)) ==
        std::set<std::string>{"lint live-dependents line 3", "lint rename-column line 3 allowed",
                              "lint active-sessions line 3"});
  CHECK(busy.out.find("sessions are using public.customers now: billing-worker (idle in "
                      "transaction)") != std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("an applied file edited into something broken is a gate finding, not a crash",
          "[gate][bad-input][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "gate_broken");
  app.apply_legitimate_migrations();
  REQUIRE(pgdrift_in(app, {"status"}).exit_code == 0);  // checksums adopted
  app.dir.write("20990101000001_add_phone.sql",
                "-- migrate:up\nALTER TABLE public.nowhere ADD COLUMN phone text;\n"
                "-- migrate:down\nSELECT 1;\n");
  const auto result = pgdrift_in(app, {"gate", "--format", "json"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(gate_findings(json::parse(result.out)) ==
        std::set<std::string>{"tracking changed-after-apply", "drift replay-failed"});
  CHECK(result.out.find("relation \\\"public.nowhere\\\" does not exist") != std::string::npos);
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("status and gate say which grant is missing, in one sentence", "[gate][bad-input]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "gate_denied");
  ensure_role(cluster, "drift_nobody", "LOGIN");
  cluster.exec("postgres", "ALTER ROLE drift_nobody LOGIN");  // it may exist without LOGIN
  ProcessOptions in_dir;
  in_dir.cwd = app.dir.path;
  for (const char* command : {"status", "gate"}) {
    INFO(command);
    check_trouble(run_pgdrift({command, "--url", cluster.conninfo(app.db, "drift_nobody"),
                               "--migrations-dir", app.dir.migrations()},
                              in_dir),
                  "cannot read public.schema_migrations on");
  }
}

}  // namespace pgdrift::test

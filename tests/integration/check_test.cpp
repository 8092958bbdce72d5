// `pgdrift check`: the live schema against what its tracked history implies, replayed in
// a real shadow cluster, with migrations applied by the real dbmate.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "check_fixture.h"
#include "util/atomic_file.h"

namespace pgdrift::test {

TEST_CASE("check is clean after a baseline and legitimate dbmate migrations", "[check][dbmate]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_clean");
  app.apply_legitimate_migrations();

  const auto result = app.check();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("no differences between the history (5 applied migrations)") !=
        std::string::npos);
  CHECK(result.out.find("migration_role: postgres") != std::string::npos);
  CHECK(result.out.find("shadow: a throwaway PostgreSQL") != std::string::npos);

  // --quiet prints nothing at all when clean.
  const auto quiet = app.check({"--quiet"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
}

TEST_CASE("check reports each ghost change exactly once, and nothing else", "[check][ghosts]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "check_ghosts");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, kGhostChanges);

  const auto result = app.check({"--format", "json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  const auto findings = finding_lines(result.out);
  const std::set<std::string> expected{
      "column public.customers.nickname added",
      "column public.customers.score changed: type",
      "column public.customers.status changed: default_expr",
      "column public.customers.name changed: not_null",
      "index public.orders.orders_note added",
      "index public.orders.orders_customer removed",
      "table public.ghost_table added",
      "table public.audit_log removed",  // with its serial's sequence: one finding
      "function public.order_total(bigint) changed: definition",
      "function public.order_total(bigint, numeric) added",
      "view public.customer_names added",
      "view public.big_orders changed: definition",
      "trigger public.customers.customers_touch added",
      "trigger public.orders.orders_touch changed: enabled",
      "policy public.orders.orders_own added",
      "table public.orders changed: comment,row_security",
      "type public.mood changed: labels",
      "constraint public.orders.orders_total_check removed",
      "constraint public.orders.orders_note_length added",
      "table public.customers changed: acl",
      "function public.touch() changed: owner",
      "sequence public.ghost_seq added",
      "extension pg_trgm added",
  };
  std::set<std::string> got(findings.begin(), findings.end());
  CHECK(findings.size() == got.size());  // each exactly once
  std::ostringstream missing, extra;
  for (const auto& line : expected)
    if (!got.count(line)) missing << line << "\n";
  for (const auto& line : got)
    if (!expected.count(line)) extra << line << "\n";
  INFO("missing:\n"
       << missing.str() << "unexpected:\n"
       << extra.str() << "report:\n"
       << result.out);
  CHECK(got == expected);
  // Each finding carries the statements that reproduce it, as adopt would write them.
  std::map<std::string, std::string> sql;
  const auto report = nlohmann::json::parse(result.out);
  for (const auto& f : report.at("findings")) {
    if (f.contains("sql")) {
      sql[f.at("kind").get<std::string>() + " " + f.at("object").get<std::string>()] =
          f.at("sql").get<std::string>();
    }
  }
  INFO(result.out);
  CHECK(sql["column public.customers.nickname"].find("ADD COLUMN nickname text") !=
        std::string::npos);
  CHECK(sql["column public.customers.score"].find("ALTER COLUMN score TYPE bigint") !=
        std::string::npos);
  CHECK(sql["index public.orders.orders_note"].find("CREATE INDEX") != std::string::npos);
  CHECK(sql["policy public.orders.orders_own"].find("CREATE POLICY orders_own") !=
        std::string::npos);
  // Column statements are not also the table's.
  CHECK(sql["table public.customers"].find("nickname") == std::string::npos);
  // The Markdown report shows them, and ends with what to run next.
  std::string markdown;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(app.dir.path + "/reports")) {
    if (entry.path().extension() == ".md") markdown = read_file(entry.path().string());
  }
  CHECK(markdown.find("Reproduced by:\n\n```sql\nALTER TABLE public.customers ADD COLUMN "
                      "nickname text;\n```") != std::string::npos);
  CHECK(markdown.find("## Next\n\n- Keep these changes: `pgdrift adopt`") != std::string::npos);
  CHECK(markdown.find("- Or take them back: `pgdrift revert`") != std::string::npos);
}

TEST_CASE("check right after a baseline is clean where deparse is not a fixpoint",
          "[check][fixpoint]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("check_fix");
  cluster.exec(db, R"sql(
    CREATE TABLE public.items (kind varchar(10) CHECK (kind IN ('a', 'b')) DEFAULT 'a'::varchar,
                               n integer, tag varchar(5) DEFAULT ('x'::varchar || 'y'));
    CREATE VIEW public.ab_items AS SELECT * FROM public.items WHERE kind IN ('a', 'b');
    CREATE INDEX items_ab ON public.items (n) WHERE kind IN ('a', 'b');
    ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
    CREATE POLICY items_ab ON public.items USING (kind IN ('a', 'b'));
  )sql");
  TempDir dir;
  REQUIRE(
      run_pgdrift({"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()})
          .exit_code == 0);
  // The case really is one: the baseline's replay deparses differently from live.
  const std::string replayed = cluster.create_database("check_fix_replay");
  REQUIRE_NOTHROW(replay(cluster, replayed, snapshot_sql(cluster, db)));
  REQUIRE(snapshot_sql(cluster, replayed) != snapshot_sql(cluster, db));

  ProcessOptions in_dir;  // reports and the store go to the scratch folder
  in_dir.cwd = dir.path;
  const auto result = run_pgdrift(
      {"check", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()}, in_dir);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);

  // A real change to one of those definitions is still found.
  cluster.exec(db,
               "CREATE OR REPLACE VIEW public.ab_items AS SELECT * FROM public.items "
               "WHERE kind IN ('a', 'b', 'c')");
  const auto changed = run_pgdrift(
      {"check", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()}, in_dir);
  INFO(changed.out << changed.err);
  CHECK(changed.exit_code == 1);
  CHECK(changed.out.find("view public.ab_items changed") != std::string::npos);
  CHECK(changed.out.find("1 difference(s)") != std::string::npos);
}

TEST_CASE(
    "a real change beside a re-deparsed text is found on every run, from the second "
    "without a shadow",
    "[check][fixpoint]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("check_fix_two");
  cluster.exec(db, R"sql(
    CREATE TABLE public.items (kind varchar(10), n integer);
    CREATE VIEW public.ab_items AS SELECT * FROM public.items WHERE kind IN ('a', 'b');
    CREATE TABLE public.other (id integer);
  )sql");
  TempDir dir;
  REQUIRE(
      run_pgdrift({"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()})
          .exit_code == 0);
  // One finding, two fields: the view's text differs from the replayed history's only by
  // re-deparsing, its comment by a real change made by hand.
  cluster.exec(db, "COMMENT ON VIEW public.ab_items IS 'by hand'");
  ProcessOptions in_dir;
  in_dir.cwd = dir.path;
  const std::vector<std::string> check{
      "-v", "check", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()};
  for (int run = 1; run <= 3; ++run) {
    const auto result = run_pgdrift(check, in_dir);
    INFO("run " << run << "\n" << result.out << result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("view public.ab_items changed") != std::string::npos);
    CHECK(result.out.find("comment") != std::string::npos);
    CHECK(result.out.find("definition") == std::string::npos);
    CHECK(result.out.find("1 difference(s)") != std::string::npos);
    const bool replayed_live =
        result.err.find("to rule out re-deparsing differences") != std::string::npos;
    // The first run replays just the view and what it needs, not the unrelated table;
    // later runs know both verdicts from the store.
    CHECK(replayed_live == (run == 1));
    if (run == 1) CHECK(result.err.find("replaying 3 of 4 live objects") != std::string::npos);
  }
}

}  // namespace pgdrift::test

namespace pgdrift::test {

TEST_CASE("diff between databases, and from a JSON snapshot, finds what check finds",
          "[check][diff][dbmate]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "parity");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, kGhostChanges);
  const auto check = app.check({"--format", "json"});
  REQUIRE(check.exit_code == 1);
  const auto expected = finding_lines(check.out);

  // What the history implies, as a database of its own: dbmate up of the same folder.
  const std::string history = cluster.create_database("parity_history");
  const auto up = dbmate(cluster, history, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const auto between = run_pgdrift(
      {"diff", cluster.conninfo(history), cluster.conninfo(app.db), "--format", "json"});
  INFO(between.err);
  CHECK(between.exit_code == 1);
  CHECK(finding_lines(between.out) == expected);

  // The history saved as a JSON snapshot yesterday, compared with the database today.
  const std::string saved = app.dir.path + "/history.json";
  REQUIRE(
      run_pgdrift({"snapshot", "--url", cluster.conninfo(history), "--format", "json", "-o", saved})
          .exit_code == 0);
  const auto from_file = run_pgdrift({"diff", saved, cluster.conninfo(app.db), "--format", "json"});
  CHECK(from_file.exit_code == 1);
  CHECK(finding_lines(from_file.out) == expected);
}

TEST_CASE("a ghost index on a partitioned table is reproduced with its partitions' indexes",
          "[check][report][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "ghost_partition_index", R"sql(
    CREATE TABLE public.payment (id int, amount numeric) PARTITION BY RANGE (id);
    CREATE TABLE public.payment_p1 PARTITION OF public.payment FOR VALUES FROM (0) TO (100);
    CREATE TABLE public.payment_p2 PARTITION OF public.payment FOR VALUES FROM (100) TO (200);
  )sql");
  cluster.exec(app.db, "CREATE INDEX payment_amount ON public.payment (amount)");
  const auto result = app.check({"--format", "json"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 1);
  const auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["findings"].size() == 1);  // the partitions' indexes come with it
  const std::string sql = report["findings"][0]["sql"];
  // ON ONLY alone would leave an invalid index: each partition's index is attached too.
  CHECK(sql.find("CREATE INDEX payment_amount ON ONLY public.payment") != std::string::npos);
  CHECK(
      sql.find("ALTER INDEX public.payment_amount ATTACH PARTITION public.payment_p1_amount_idx") !=
      std::string::npos);
  CHECK(
      sql.find("ALTER INDEX public.payment_amount ATTACH PARTITION public.payment_p2_amount_idx") !=
      std::string::npos);
}

}  // namespace pgdrift::test

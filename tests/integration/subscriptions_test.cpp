// Subscriptions: they round-trip (created with connect = false, so no replay reaches a
// publisher), a change to one is a finding of `diff` and `check`, the password of the
// connection string never reaches any output, and a role that may not read connection
// strings (only a superuser may) still gets a replayable snapshot and no false finding.
#include <catch2/catch.hpp>

#include "check_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

// The connection string is in libpq's keyword order, as pgdrift writes it back, so the
// original and the replay agree byte for byte (pg_dump copies it as it is stored).
constexpr const char* kFeedConninfo =
    "user=repl connect_timeout=10 dbname=shop host=publisher.example port=5432";

// Every WITH option the server's major has, each away from its default.
std::string subscriptions(const TestCluster& cluster) {
  const int major = cluster.server_major();
  std::string with =
      "connect = false, slot_name = 'feed_slot', synchronous_commit = 'remote_apply'";
  if (major >= 14) with += ", binary = true, streaming = true";
  if (major >= 15) with += ", two_phase = true, disable_on_error = true";
  if (major >= 16) with += ", origin = 'none', password_required = false, run_as_owner = true";
  if (major >= 17) with += ", failover = true";
  return std::string("CREATE SUBSCRIPTION feed CONNECTION '") + kFeedConninfo +
         "' PUBLICATION orders, customers WITH (" + with +
         ");\n"
         "COMMENT ON SUBSCRIPTION feed IS 'orders from the shop';\n"
         "CREATE SUBSCRIPTION \"quiet Sub\" CONNECTION 'dbname=elsewhere' PUBLICATION \"all\" "
         "WITH (connect = false, slot_name = NONE);\n";
}

constexpr const char* kSubscriptionGhosts = R"sql(
ALTER SUBSCRIPTION feed SET PUBLICATION orders WITH (refresh = false);
ALTER SUBSCRIPTION feed SET (synchronous_commit = 'off');
ALTER SUBSCRIPTION feed CONNECTION 'dbname=shop host=publisher2.example';
COMMENT ON SUBSCRIPTION "quiet Sub" IS 'now documented';
CREATE SUBSCRIPTION extra CONNECTION 'dbname=elsewhere' PUBLICATION p
  WITH (connect = false, slot_name = NONE);
)sql";

const std::set<std::string> kSubscriptionGhostFindings{
    "subscription feed changed: conninfo,options,publications",
    "subscription quiet Sub changed: comment",
    "subscription extra added",
};

// A subscription keeps its database from being dropped; these never connected.
void drop_subscriptions(TestCluster& cluster, const std::string& db) {
  cluster.exec(db, R"sql(
    DO $$DECLARE s text;
    BEGIN
      FOR s IN SELECT subname FROM pg_subscription
               WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      LOOP
        EXECUTE format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', s);
        EXECUTE format('DROP SUBSCRIPTION %I', s);
      END LOOP;
    END$$)sql");
}

}  // namespace

TEST_CASE("subscriptions round-trip without connecting to the publisher",
          "[snapshot][kinds][subscription]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("subs");
  cluster.exec(db, subscriptions(cluster));

  const auto catalog = read_catalog(cluster, db);
  CHECK(catalog.unsupported.empty());
  const std::string sql = require_round_trip(cluster, db);
  const int major = cluster.server_major();
  std::string feed = std::string("CREATE SUBSCRIPTION feed CONNECTION '") + kFeedConninfo +
                     "' PUBLICATION orders, customers WITH (connect = false, slot_name = "
                     "'feed_slot'";
  if (major >= 14) feed += ", binary = true";
  if (major >= 15) feed += ", disable_on_error = true";
  if (major >= 17) feed += ", failover = true";
  if (major >= 16) feed += ", origin = 'none', password_required = false, run_as_owner = true";
  if (major >= 14) feed += ", streaming = 'on'";
  feed += ", synchronous_commit = 'remote_apply'";
  if (major >= 15) feed += ", two_phase = true";
  feed += ");\n";
  CHECK_THAT(sql, Catch::Contains(feed));
  CHECK_THAT(sql, Catch::Contains("COMMENT ON SUBSCRIPTION feed IS 'orders from the shop';"));
  CHECK_THAT(sql, Catch::Contains("CREATE SUBSCRIPTION \"quiet Sub\" CONNECTION 'dbname=elsewhere' "
                                  "PUBLICATION \"all\" WITH (connect = false, slot_name = NONE"));
  // Nothing ever enables them: a replay stays away from the publisher.
  CHECK(sql.find("ENABLE") == std::string::npos);
  CHECK(cluster.query_value(db, "SELECT count(*) FROM pg_subscription WHERE subenabled") == "0");
  drop_subscriptions(cluster, db);
}

TEST_CASE("a change by hand to a subscription is a finding of diff and check",
          "[diff][check][subscription]") {
  auto& cluster = TestCluster::shared();
  const std::string before = cluster.create_database("subs_a");
  cluster.exec(before, subscriptions(cluster));
  const std::string after = cluster.create_database("subs_b");
  cluster.exec(after, subscriptions(cluster));
  cluster.exec(after, kSubscriptionGhosts);
  const auto drift =
      run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after), "--format", "json"});
  INFO(drift.out << drift.err);
  REQUIRE(drift.exit_code == 1);
  CHECK(finding_set(drift.out) == kSubscriptionGhostFindings);
  drop_subscriptions(cluster, before);
  drop_subscriptions(cluster, after);

  CheckedDatabase app(cluster, "check_subs", subscriptions(cluster));
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  REQUIRE(clean.exit_code == 0);
  // A subscription keeps its database from being dropped: --shadow-url still removes
  // the temporary databases it replayed them into.
  const std::string databases_before = cluster.query_value(
      "postgres", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database");
  const auto by_url = app.check({"--shadow-url", cluster.url("postgres"), "--no-cache"});
  INFO(by_url.out << by_url.err);
  CHECK(by_url.exit_code == 0);
  CHECK(cluster.query_value("postgres",
                            "SELECT string_agg(datname, ',' ORDER BY datname) "
                            "FROM pg_database") == databases_before);
  cluster.exec(app.db, kSubscriptionGhosts);
  const auto result = app.check({"--format", "json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  CHECK(finding_set(result.out) == kSubscriptionGhostFindings);
  drop_subscriptions(cluster, app.db);
}

TEST_CASE(
    "a subscription's password never reaches an output, and a reader that may not see "
    "connection strings gets a replayable snapshot",
    "[snapshot][diff][subscription][secrets]") {
  auto& cluster = TestCluster::shared();
  ensure_role(cluster, "pgdrift_sub_reader", "LOGIN");
  const std::string db = cluster.create_database("subs_secret");
  // The server checks the string with its own libpq: sslpassword exists from 13.
  const bool has_sslpassword = cluster.server_major() >= 13;
  cluster.exec(db, std::string("CREATE SUBSCRIPTION keyed CONNECTION 'host=publisher.example "
                               "password=''hunter2 sub'' dbname=shop' PUBLICATION p "
                               "WITH (connect = false, slot_name = NONE);"
                               "CREATE SUBSCRIPTION uri CONNECTION "
                               "'postgresql://repl:hunter2-uri@publisher.example/shop") +
                       (has_sslpassword ? "?sslpassword=hunter2-key" : "") +
                       "' PUBLICATION p WITH (connect = false, slot_name = NONE);"
                       "COMMENT ON SUBSCRIPTION uri IS 'by URL';");
  const auto leaks = [](const std::string& text) {
    return text.find("hunter2") != std::string::npos;
  };

  const auto sql = run_pgdrift({"snapshot", "--url", cluster.conninfo(db)});
  REQUIRE(sql.exit_code == 0);
  CHECK_FALSE(leaks(sql.out + sql.err));
  CHECK_THAT(sql.out, Catch::Contains("CREATE SUBSCRIPTION keyed CONNECTION "
                                      "'password=pgdrift:redacted dbname=shop "
                                      "host=publisher.example' PUBLICATION p"));
  CHECK_THAT(sql.out, Catch::Contains(std::string("CREATE SUBSCRIPTION uri CONNECTION 'user=repl "
                                                  "password=pgdrift:redacted dbname=shop "
                                                  "host=publisher.example") +
                                      (has_sslpassword ? " sslpassword=pgdrift:redacted'" : "'")));
  CHECK_THAT(sql.err, Catch::Contains("warning: credentials not copied (they read "
                                      "'pgdrift:redacted'): subscription keyed\n"));
  const auto json = run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK_FALSE(leaks(json.out));

  // A role that only reads: the connection strings are unknown to it, written empty
  // with a comment, and not compared.
  cluster.exec(db, "GRANT CONNECT ON DATABASE " + db + " TO pgdrift_sub_reader");
  const auto reader_url = cluster.conninfo(db, "pgdrift_sub_reader");
  const auto limited = run_pgdrift({"snapshot", "--url", reader_url});
  INFO(limited.err);
  REQUIRE(limited.exit_code == 0);
  CHECK_FALSE(leaks(limited.out + limited.err));
  CHECK_THAT(limited.out, Catch::Contains("-- (only a superuser can read it): enter it here.\n"
                                          "CREATE SUBSCRIPTION keyed CONNECTION '' PUBLICATION p"));
  CHECK_THAT(limited.err,
             Catch::Contains("subscription uri (the whole connection string: only a superuser "
                             "can read it)"));
  const auto replay_db = cluster.create_database("subs_limited_replay");
  REQUIRE_NOTHROW(replay(cluster, replay_db, limited.out));
  // What it cannot see is not a difference (before 14 that includes the comment and
  // the options).
  const auto diff = run_pgdrift({"diff", cluster.conninfo(db), reader_url});
  INFO(diff.out << diff.err);
  CHECK(diff.exit_code == 0);
  // A change it can see still is one.
  cluster.exec(db, "ALTER SUBSCRIPTION keyed SET PUBLICATION p, q WITH (refresh = false)");
  const std::string changed = cluster.create_database("subs_changed");
  replay(cluster, changed, limited.out);
  const auto seen = run_pgdrift(
      {"diff", cluster.conninfo(changed, "pgdrift_sub_reader"), reader_url, "--format", "json"});
  INFO(seen.out << seen.err);
  CHECK(seen.exit_code == 1);
  CHECK(finding_set(seen.out) == std::set<std::string>{"subscription keyed changed: publications"});
  drop_subscriptions(cluster, changed);
  drop_subscriptions(cluster, db);
  drop_subscriptions(cluster, replay_db);
}

}  // namespace pgdrift::test

// Foreign-data wrappers, foreign servers, user mappings and foreign tables: they
// round-trip, a change to each is a finding of `diff` and `check`, and a credential in
// their options never appears in any output, file or stored record.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "check_fixture.h"
#include "round_trip.h"
#include "util/atomic_file.h"

namespace pgdrift::test {
namespace {

// postgres_fdw and file_fdw come with PostgreSQL's contrib (on every major's binaries);
// loose_fdw, made by hand without a validator, takes any option.
constexpr const char* kForeign = R"sql(
CREATE EXTENSION postgres_fdw;
CREATE EXTENSION file_fdw;
CREATE SCHEMA ext;
CREATE FOREIGN DATA WRAPPER loose_fdw OPTIONS (debug 'true');
COMMENT ON FOREIGN DATA WRAPPER loose_fdw IS 'anything goes';
GRANT USAGE ON FOREIGN DATA WRAPPER loose_fdw TO pgdrift_reader;
CREATE SERVER remote TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (port '5432', host 'db.example', dbname 'app');
COMMENT ON SERVER remote IS 'the other database';
GRANT USAGE ON FOREIGN SERVER remote TO pgdrift_reader;
CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
CREATE SERVER loose FOREIGN DATA WRAPPER loose_fdw;
ALTER SERVER loose OWNER TO pgdrift_owner;
CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'guest');
CREATE USER MAPPING FOR pgdrift_reader SERVER remote OPTIONS (user 'reader');
CREATE FOREIGN TABLE ext.remote_items (
  a integer OPTIONS (column_name 'x') NOT NULL,
  b text COLLATE "C" DEFAULT 'q',
  CONSTRAINT b_not_empty CHECK (b <> '')
) SERVER remote OPTIONS (schema_name 'public', table_name 'items');
COMMENT ON FOREIGN TABLE ext.remote_items IS 'items over there';
COMMENT ON COLUMN ext.remote_items.a IS 'the key';
GRANT SELECT ON ext.remote_items TO pgdrift_reader;
ALTER FOREIGN TABLE ext.remote_items OWNER TO pgdrift_owner;
CREATE TABLE ext.measures (at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE ext.measures_new PARTITION OF ext.measures FOR VALUES FROM ('2020-01-01') TO (MAXVALUE);
CREATE FOREIGN TABLE ext.measures_old PARTITION OF ext.measures
  FOR VALUES FROM (MINVALUE) TO ('2020-01-01')
  SERVER files OPTIONS (filename '/nonexistent/old.csv', format 'csv');
CREATE TABLE ext.base (id integer);
CREATE FOREIGN TABLE ext.child (extra text) INHERITS (ext.base) SERVER loose;
)sql";

constexpr const char* kForeignExpected[] = {
    "CREATE EXTENSION IF NOT EXISTS postgres_fdw WITH SCHEMA public",
    "CREATE FOREIGN DATA WRAPPER loose_fdw OPTIONS (debug 'true');",
    "COMMENT ON FOREIGN DATA WRAPPER loose_fdw IS 'anything goes';",
    "GRANT USAGE ON FOREIGN DATA WRAPPER loose_fdw TO pgdrift_reader;",
    "CREATE SERVER remote TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw OPTIONS "
    "(dbname 'app', host 'db.example', port '5432');",
    "COMMENT ON SERVER remote IS 'the other database';",
    "GRANT USAGE ON FOREIGN SERVER remote TO pgdrift_reader;",
    "ALTER SERVER loose OWNER TO pgdrift_owner;",
    "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (\"user\" 'guest');",
    "CREATE USER MAPPING FOR pgdrift_reader SERVER remote OPTIONS (\"user\" 'reader');",
    "CREATE FOREIGN TABLE ext.remote_items (\n    a integer OPTIONS (column_name 'x') NOT NULL,\n"
    "    b text COLLATE pg_catalog.\"C\" DEFAULT 'q'::text\n)\nSERVER remote\n"
    "OPTIONS (schema_name 'public', table_name 'items');",
    "ADD CONSTRAINT b_not_empty CHECK ((b <> ''::text));",
    "ALTER FOREIGN TABLE ext.remote_items OWNER TO pgdrift_owner;",
    "COMMENT ON FOREIGN TABLE ext.remote_items IS 'items over there';",
    "GRANT SELECT ON TABLE ext.remote_items TO pgdrift_reader;",
    "SERVER files\nOPTIONS (filename '/nonexistent/old.csv', format 'csv');",
    "ALTER TABLE ONLY ext.measures ATTACH PARTITION ext.measures_old FOR VALUES FROM (MINVALUE) "
    "TO ('2020-01-01');",
    "INHERITS (ext.base)\nSERVER loose;",
};

constexpr const char* kForeignGhosts = R"sql(
ALTER SERVER remote OPTIONS (SET host 'db2.example');
CREATE SERVER extra FOREIGN DATA WRAPPER loose_fdw;
ALTER FOREIGN TABLE ext.remote_items ALTER COLUMN a OPTIONS (SET column_name 'y');
ALTER FOREIGN TABLE ext.remote_items OPTIONS (ADD fetch_size '100');
ALTER FOREIGN TABLE ext.remote_items ADD COLUMN c integer;
ALTER USER MAPPING FOR PUBLIC SERVER remote OPTIONS (SET user 'visitor');
DROP USER MAPPING FOR pgdrift_reader SERVER remote;
COMMENT ON FOREIGN DATA WRAPPER loose_fdw IS 'anything at all';
)sql";

const std::set<std::string> kForeignGhostFindings{
    "foreign_server remote changed: options",
    "foreign_server extra added",
    "column ext.remote_items.a changed: fdw_options",
    "table ext.remote_items changed: foreign_options",
    "column ext.remote_items.c added",
    "user_mapping PUBLIC server remote changed: options",
    "user_mapping pgdrift_reader server remote removed",
    "foreign_data_wrapper loose_fdw changed: comment",
};

// Every file under \a dir, read whole (reports, the history store, migrations).
std::string all_files_under(const std::string& dir) {
  std::string out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out += read_file(entry.path().string());
  }
  return out;
}

}  // namespace

TEST_CASE("foreign-data wrappers, servers, user mappings and foreign tables round-trip",
          "[snapshot][kinds][foreign]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  const std::string db = cluster.create_database("foreign");
  cluster.exec(db, kForeign);

  const auto catalog = read_catalog(cluster, db);
  for (const auto& item : catalog.unsupported) INFO(item.kind << " " << item.name);
  CHECK(catalog.unsupported.empty());
  const std::string sql = require_round_trip(cluster, db);
  for (const char* expected : kForeignExpected) {
    INFO("expected in the snapshot: " << expected);
    CHECK(sql.find(expected) != std::string::npos);
  }
  // The extensions' own wrappers come with CREATE EXTENSION.
  CHECK(sql.find("CREATE FOREIGN DATA WRAPPER postgres_fdw") == std::string::npos);
  CHECK(sql.find("CREATE SERVER remote") < sql.find("CREATE USER MAPPING FOR PUBLIC"));
  CHECK(sql.find("CREATE SERVER remote") < sql.find("CREATE FOREIGN TABLE ext.remote_items"));
}

TEST_CASE("a change by hand to a foreign object is a finding of diff and check",
          "[diff][check][foreign]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  const std::string before = cluster.create_database("foreign_a");
  cluster.exec(before, kForeign);
  const std::string after = cluster.create_database("foreign_b");
  cluster.exec(after, kForeign);
  cluster.exec(after, kForeignGhosts);
  const auto drift =
      run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after), "--format", "json"});
  INFO(drift.out << drift.err);
  REQUIRE(drift.exit_code == 1);
  CHECK(finding_set(drift.out) == kForeignGhostFindings);

  CheckedDatabase app(cluster, "check_foreign", kForeign);
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  REQUIRE(clean.exit_code == 0);
  cluster.exec(app.db, kForeignGhosts);
  const auto result = app.check({"--format", "json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  CHECK(finding_set(result.out) == kForeignGhostFindings);
}

TEST_CASE("credentials in options never reach an output, a file or the store",
          "[snapshot][baseline][check][foreign][secrets]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  const std::string secrets = R"sql(
    CREATE USER MAPPING FOR pgdrift_owner SERVER remote
      OPTIONS (user 'owner', password 'hunter2-mapping');
    CREATE SERVER vault FOREIGN DATA WRAPPER loose_fdw
      OPTIONS (api_token 'tok-hunter2-server', region 'eu');
  )sql";
  const auto leaks = [](const std::string& text) {
    return text.find("hunter2") != std::string::npos;
  };
  CheckedDatabase app(cluster, "secrets", std::string(kForeign) + secrets);

  const auto sql = run_pgdrift({"snapshot", "--url", cluster.conninfo(app.db)});
  REQUIRE(sql.exit_code == 0);
  CHECK_FALSE(leaks(sql.out + sql.err));
  CHECK(sql.out.find("CREATE USER MAPPING FOR pgdrift_owner SERVER remote OPTIONS (password "
                     "'pgdrift:redacted', \"user\" 'owner');") != std::string::npos);
  CHECK(sql.out.find("OPTIONS (api_token 'pgdrift:redacted', region 'eu');") != std::string::npos);
  CHECK(sql.err.find("warning: credentials not copied (they read 'pgdrift:redacted'): user "
                     "mapping for pgdrift_owner server remote") != std::string::npos);
  const auto json =
      run_pgdrift({"snapshot", "--url", cluster.conninfo(app.db), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK_FALSE(leaks(json.out));

  // The baseline says which objects need their credentials entered again.
  const auto files = app.dir.files();
  REQUIRE(files.size() == 1);
  const std::string baseline = read_file(app.dir.migrations() + "/" + files[0]);
  CHECK_FALSE(leaks(baseline));
  CHECK(baseline.find("-- Credentials (passwords and other secrets in options and connection "
                      "strings) are\n-- not copied") != std::string::npos);
  CHECK(baseline.find("--   foreign server vault\n") != std::string::npos);
  CHECK(baseline.find("--   user mapping for pgdrift_owner server remote\n") != std::string::npos);

  // A changed password cannot be seen (it is never read), so the check is clean; the
  // report and the history store hold no secret either way.
  cluster.exec(app.db,
               "ALTER USER MAPPING FOR pgdrift_owner SERVER remote "
               "OPTIONS (SET password 'hunter2-changed');"
               "ALTER SERVER vault OPTIONS (SET region 'us');");
  const auto check = app.check({"--format", "json"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(finding_set(check.out) == std::set<std::string>{"foreign_server vault changed: options"});
  CHECK_FALSE(leaks(check.out + check.err));
  CHECK_FALSE(leaks(all_files_under(app.dir.path)));
}

}  // namespace pgdrift::test

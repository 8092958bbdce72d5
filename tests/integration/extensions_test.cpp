// Extension-heavy databases: the extensions' own objects (PostGIS's functions, types,
// operators and its spatial_ref_sys configuration table, pg_trgm's operator classes, ...)
// belong to CREATE EXTENSION and never appear on their own; the schema that uses them
// round-trips, and upgrading an extension is one finding, not one per changed member.
#include <catch2/catch.hpp>
#include <set>

#include "check_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

bool extension_available(TestCluster& cluster, const std::string& name) {
  return cluster.query_value(
             "postgres",
             "SELECT count(*) FROM pg_available_extensions WHERE name = '" + name + "'") == "1";
}

// Contrib extensions every major's binaries have, used by ordinary tables.
constexpr const char* kContribSchema = R"sql(
CREATE EXTENSION pg_trgm;
CREATE EXTENSION citext;
CREATE EXTENSION hstore;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION btree_gist;
CREATE TABLE public.accounts (
  id integer PRIMARY KEY,
  email public.citext NOT NULL UNIQUE,
  attributes public.hstore,
  password_hash text DEFAULT public.crypt('x', public.gen_salt('bf')),
  during tstzrange,
  CONSTRAINT no_overlap EXCLUDE USING gist (id WITH =, during WITH &&)
);
CREATE INDEX accounts_email_trgm ON public.accounts USING gin ((email::text) public.gin_trgm_ops);
CREATE INDEX accounts_attributes ON public.accounts USING gist (attributes);
CREATE FUNCTION public.fingerprint(t text) RETURNS bytea LANGUAGE sql IMMUTABLE
  AS $$ SELECT public.digest(t, 'sha256') $$;
)sql";

constexpr const char* kPostgisSchema = R"sql(
CREATE EXTENSION postgis;
INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, proj4text)
  VALUES (990001, 'pgdrift', 990001, '+proj=longlat +datum=WGS84 +no_defs');
CREATE TABLE public.places (
  id integer PRIMARY KEY,
  name text,
  location public.geometry(Point, 4326) NOT NULL
);
CREATE INDEX places_location ON public.places USING gist (location);
CREATE VIEW public.places_nearby AS
  SELECT id, name FROM public.places
  WHERE public.st_dwithin(location, public.st_setsrid(public.st_makepoint(0, 0), 4326), 1);
)sql";

}  // namespace

TEST_CASE("an extension-heavy database snapshots without the extensions' objects",
          "[snapshot][extensions]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("extensions");
  cluster.exec(db, kContribSchema);
  const bool postgis = extension_available(cluster, "postgis");
  if (postgis) cluster.exec(db, kPostgisSchema);
  // Debian's PostgreSQL 15 has PostGIS; the other majors' binaries do not.
  if (cluster.server_major() == 15) CHECK(postgis);

  const auto catalog = read_catalog(cluster, db);
  CHECK(catalog.unsupported.empty());
  // Six extensions bring thousands of objects; the snapshot has the extensions and what
  // the schema itself made: tables, constraints, indexes, a function, a view, public.
  std::set<std::string> kinds;
  for (const auto& object : catalog.objects) kinds.insert(std::string(kind_name(object.id.kind)));
  CHECK(catalog.objects.size() < 30);
  CHECK(kinds == std::set<std::string>{"constraint", "extension", "function", "index", "schema",
                                       "table", postgis ? "view" : "table"});
  const std::string sql = require_round_trip(cluster, db);
  CHECK(sql.find("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public") !=
        std::string::npos);
  CHECK(sql.find("public.gin_trgm_ops") != std::string::npos);
  CHECK(sql.find("CREATE OPERATOR") == std::string::npos);
  CHECK(sql.find("CREATE TYPE") == std::string::npos);
  if (postgis) {
    CHECK(sql.find("CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public") !=
          std::string::npos);
    CHECK(sql.find("location public.geometry(Point,4326) NOT NULL") != std::string::npos);
    // spatial_ref_sys is the extension's configuration table: its rows are data.
    CHECK(sql.find("spatial_ref_sys") == std::string::npos);
    CHECK(sql.find("FUNCTION public.st_") == std::string::npos);
  }
}

TEST_CASE("upgrading an extension is one finding of diff and check", "[diff][check][extensions]") {
  auto& cluster = TestCluster::shared();
  const std::string older =
      "CREATE EXTENSION citext VERSION '1.4'; CREATE EXTENSION hstore;"
      "CREATE TABLE public.people (email public.citext PRIMARY KEY);";
  const std::string before = cluster.create_database("ext_a");
  cluster.exec(before, older);
  const std::string after = cluster.create_database("ext_b");
  cluster.exec(after, older);
  cluster.exec(after, "ALTER EXTENSION citext UPDATE");
  const std::string updated_to =
      cluster.query_value(after, "SELECT extversion FROM pg_extension WHERE extname = 'citext'");
  REQUIRE(updated_to != "1.4");  // the update did something: later scripts are installed

  const auto drift =
      run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after), "--format", "json"});
  INFO(drift.out << drift.err);
  REQUIRE(drift.exit_code == 1);
  CHECK(finding_lines(drift.out) == std::vector<std::string>{"extension citext changed: version"});

  CheckedDatabase app(cluster, "ext_check", older);
  cluster.exec(app.db, "ALTER EXTENSION citext UPDATE");
  const auto check = app.check({"--format", "json"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 1);
  CHECK(finding_lines(check.out) == std::vector<std::string>{"extension citext changed: version"});
}

}  // namespace pgdrift::test

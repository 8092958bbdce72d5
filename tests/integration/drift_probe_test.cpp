// The probes a revert's conditions are made of (plan/drift_probe.h), on every supported
// major: each kind they know is found where it exists and not where it does not, and the
// same object gives the same values in two databases that made it in different orders
// (other OIDs, other privilege orders).
#include <catch2/catch.hpp>
#include <sstream>

#include "plan/drift_probe.h"
#include "round_trip.h"
#include "util/quote.h"

namespace pgdrift::test {
namespace {

using model::ObjectId;
using model::ObjectKind;

constexpr const char* kObjects = R"sql(
  CREATE SCHEMA probed;
  COMMENT ON SCHEMA probed IS 'probed things';
  CREATE COLLATION probed.c_copy FROM "C";
  CREATE TYPE probed.mood AS ENUM ('happy', 'sad');
  CREATE TYPE probed.pair AS (a integer, b text);
  CREATE TYPE probed.span AS RANGE (subtype = integer);
  CREATE DOMAIN probed.positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);
  CREATE SEQUENCE probed.counter START 5 INCREMENT 5;
  CREATE TABLE probed.items (
    id integer PRIMARY KEY, code text NOT NULL DEFAULT 'x' COLLATE "C",
    size probed.mood, at timestamptz DEFAULT '2026-01-02 03:04:05+02', n probed.positive);
  COMMENT ON COLUMN probed.items.code IS 'the code';
  CREATE INDEX items_code ON probed.items (code) WHERE id > 0;
  ALTER TABLE probed.items ADD CONSTRAINT items_code_short CHECK (length(code) < 10) NOT VALID;
  CREATE FUNCTION probed.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
  CREATE FUNCTION probed.twice(x probed.positive, y text) RETURNS integer LANGUAGE sql
    AS $$ SELECT x * 2 $$;
  CREATE TRIGGER items_touch BEFORE UPDATE ON probed.items
    FOR EACH ROW EXECUTE FUNCTION probed.touch();
  CREATE VIEW probed.item_codes AS SELECT id, code FROM probed.items;
  CREATE MATERIALIZED VIEW probed.item_count AS SELECT count(*) AS n FROM probed.items;
  CREATE RULE items_quiet AS ON DELETE TO probed.item_codes DO INSTEAD NOTHING;
  ALTER TABLE probed.items ENABLE ROW LEVEL SECURITY;
  CREATE POLICY items_mine ON probed.items TO probe_b, probe_a USING (id > 0);
  CREATE STATISTICS probed.items_stats ON id, code FROM probed.items;
  CREATE PUBLICATION probed_pub FOR TABLE probed.items;
  CREATE FUNCTION probed.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
  CREATE EVENT TRIGGER probed_ddl ON ddl_command_end EXECUTE FUNCTION probed.on_ddl();
  ALTER EVENT TRIGGER probed_ddl DISABLE;
)sql";

std::vector<plan::ProbeTarget> targets() {
  auto id = [](ObjectKind kind, std::string schema, std::string table, std::string name,
               std::string args = "") {
    return plan::ProbeTarget{ObjectId{kind, schema, table, name, args}, ""};
  };
  return {id(ObjectKind::kSchema, "", "", "probed"),
          id(ObjectKind::kExtension, "", "", "plpgsql"),
          id(ObjectKind::kCollation, "probed", "", "c_copy"),
          id(ObjectKind::kType, "probed", "", "mood"),
          id(ObjectKind::kType, "probed", "", "pair"),
          id(ObjectKind::kType, "probed", "", "span"),
          id(ObjectKind::kDomain, "probed", "", "positive"),
          id(ObjectKind::kSequence, "probed", "", "counter"),
          id(ObjectKind::kTable, "probed", "", "items"),
          plan::ProbeTarget{ObjectId{ObjectKind::kTable, "probed", "", "items", ""}, "code"},
          plan::ProbeTarget{ObjectId{ObjectKind::kTable, "probed", "", "items", ""}, "at"},
          id(ObjectKind::kIndex, "probed", "items", "items_code"),
          id(ObjectKind::kConstraint, "probed", "items", "items_code_short"),
          id(ObjectKind::kFunction, "probed", "", "touch"),
          id(ObjectKind::kFunction, "probed", "", "twice", "probed.positive, text"),
          id(ObjectKind::kTrigger, "probed", "items", "items_touch"),
          id(ObjectKind::kView, "probed", "", "item_codes"),
          id(ObjectKind::kMaterializedView, "probed", "", "item_count"),
          id(ObjectKind::kRule, "probed", "item_codes", "items_quiet"),
          id(ObjectKind::kPolicy, "probed", "items", "items_mine"),
          id(ObjectKind::kStatistics, "probed", "", "items_stats"),
          id(ObjectKind::kPublication, "", "", "probed_pub"),
          id(ObjectKind::kEventTrigger, "", "", "probed_ddl")};
}

// What the probes of \a target say in \a db: exists, then each part of the state.
std::string probed(const TestCluster& cluster, const std::string& db,
                   const plan::ProbeTarget& target) {
  const auto p = plan::probe(target);
  REQUIRE(p);
  std::string sql = "SELECT pg_catalog.concat_ws(E'\\n', (" + p->exists + ")::text";
  for (const auto& part : p->state) {
    sql += ", " + pgdrift::quote_literal(part.name) + " || ': ' || coalesce(" + part.sql +
           ", '(null)')";
  }
  return cluster.query_value(db, sql + ")");
}

// A database with the reader's settings for every session, as a revert's parts have them.
std::string probe_database(TestCluster& cluster, const std::string& prefix) {
  const std::string db = cluster.create_database(prefix);
  cluster.exec(db, "ALTER DATABASE " + db + " SET search_path = ''; ALTER DATABASE " + db +
                       " SET TimeZone = 'UTC'; ALTER DATABASE " + db +
                       " SET DateStyle = 'ISO, MDY'");
  return db;
}

}  // namespace

TEST_CASE("the revert's probes find each kind, and read the same in any database",
          "[revert][probe]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"probe_a", "probe_b"});
  const std::string a = probe_database(cluster, "probe_a");
  const std::string b = probe_database(cluster, "probe_b");
  const std::string empty = probe_database(cluster, "probe_empty");
  cluster.exec(a, kObjects);
  cluster.exec(a,
               "GRANT SELECT ON probed.items TO probe_a; GRANT SELECT ON probed.items TO "
               "probe_b; GRANT USAGE ON SCHEMA probed TO probe_a");
  // Other OIDs, grants in the other order.
  cluster.exec(b, "CREATE TABLE public.first (id integer); CREATE TYPE public.t AS (x int)");
  cluster.exec(b, kObjects);
  cluster.exec(b,
               "GRANT USAGE ON SCHEMA probed TO probe_a; GRANT SELECT ON probed.items TO "
               "probe_b; GRANT SELECT ON probed.items TO probe_a");
  cluster.exec(empty, "CREATE SCHEMA probed; CREATE TABLE probed.items (id integer)");
  for (const auto& target : targets()) {
    INFO(plan::describe(target));
    const std::string in_a = probed(cluster, a, target);
    INFO(in_a);
    CHECK(in_a.rfind("true\n", 0) == 0);
    CHECK(probed(cluster, b, target) == in_a);
    const std::string absent = probed(cluster, empty, target);
    if (target.id.kind == ObjectKind::kSchema || target.id.kind == ObjectKind::kExtension ||
        (target.id.kind == ObjectKind::kTable && target.column.empty())) {
      continue;  // they exist there too
    }
    INFO(absent);
    CHECK(absent.rfind("false\n", 0) == 0);
    std::istringstream lines(absent.substr(absent.find('\n') + 1));
    for (std::string line; std::getline(lines, line);) CHECK(line.ends_with(": (null)"));
  }
  // A table's row type is not a type of its own.
  CHECK(probed(cluster, a, {ObjectId{ObjectKind::kType, "probed", "", "items", ""}, ""})
            .rfind("false\n", 0) == 0);
  // A function whose argument type does not exist is absent (not an error).
  CHECK(
      probed(cluster, empty,
             {ObjectId{ObjectKind::kFunction, "probed", "", "twice", "probed.positive, text"}, ""})
          .rfind("false\n", 0) == 0);
}

}  // namespace pgdrift::test

// A read of changes (catalog::read_changes_since) reads again only the relations whose
// catalog rows changed, or whose definitions print something that changed, and keeps the
// rest of the earlier read: it must give exactly what a whole read gives. Each step below
// changes the database in a way that leaves some trace elsewhere than in the changed
// object's own row (a rename that every dependent prints, a comment or dependency row
// deleted, a partition detached), then compares the read of changes with a whole read;
// the steps run one after another, each starting from the base the previous one made.
// The planner's acceptance cases (plan_cases_test.cpp) check the same after every plan.
#include <catch2/catch.hpp>

#include <algorithm>

#include "pgdrift_harness.h"

namespace pgdrift::test {
namespace {

constexpr const char* kSchema = R"sql(
  CREATE SCHEMA app;
  CREATE TYPE app.mood AS ENUM ('ok', 'meh');
  CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
  CREATE FUNCTION app.double_it(integer) RETURNS integer LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 * 2';
  CREATE SEQUENCE app.counter;
  CREATE TABLE app.account (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    mood app.mood DEFAULT 'ok',
    score app.positive DEFAULT app.double_it(1) CHECK (app.double_it(score) < 1000),
    ticket bigint DEFAULT nextval('app.counter'),
    note text);
  ALTER SEQUENCE app.counter OWNED BY app.account.ticket;
  COMMENT ON COLUMN app.account.email IS 'login';
  COMMENT ON TABLE app.account IS 'people';
  CREATE INDEX account_mood ON app.account (mood);
  COMMENT ON INDEX app.account_mood IS 'by mood';
  CREATE TABLE app.event (id integer, account_id bigint REFERENCES app.account,
                          at timestamptz) PARTITION BY RANGE (at);
  CREATE TABLE app.event_2026 PARTITION OF app.event
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
  CREATE TABLE app.event_2027 PARTITION OF app.event
    FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
  CREATE INDEX event_at ON app.event (at);
  CREATE TABLE app.base_row (id integer, label text);
  CREATE TABLE app.child_row (extra text) INHERITS (app.base_row);
  CREATE VIEW app.recent AS SELECT id, at FROM app.event WHERE at > now() - interval '1 day';
  CREATE VIEW app.emails AS SELECT a.email, a.mood FROM app.account a;
  CREATE VIEW app.emails_too AS SELECT email FROM app.emails;
  CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
  CREATE TRIGGER account_touch BEFORE UPDATE ON app.account
    FOR EACH ROW EXECUTE FUNCTION app.touch();
  ALTER TABLE app.account ENABLE ROW LEVEL SECURITY;
  CREATE POLICY own ON app.account USING (email = current_user);
  CREATE TABLE app.untouched (id integer PRIMARY KEY, note text);
  COMMENT ON COLUMN app.untouched.note IS 'never changes';
  CREATE SCHEMA other;
  CREATE TYPE app.colour AS ENUM ('red', 'blue');
  CREATE FUNCTION app.shade(c app.colour) RETURNS text LANGUAGE sql IMMUTABLE
    AS 'SELECT c::text';
  CREATE TABLE other.paint (id integer PRIMARY KEY, c app.colour DEFAULT 'red',
                            label text DEFAULT app.shade('blue'));
  CREATE VIEW other.paint_shades AS SELECT app.shade(p.c) AS shade FROM other.paint p;
  CREATE TABLE other.account_ref (account_id bigint REFERENCES app.account);
  CREATE TABLE other.event_2028 PARTITION OF app.event
    FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');
)sql";

size_t relations(const model::Catalog& catalog) {
  return static_cast<size_t>(
      std::count_if(catalog.objects.begin(), catalog.objects.end(), [](const model::Object& o) {
        using model::ObjectKind;
        return o.id.kind == ObjectKind::kTable || o.id.kind == ObjectKind::kView ||
               o.id.kind == ObjectKind::kMaterializedView || o.id.kind == ObjectKind::kSequence;
      }));
}

struct Step {
  const char* what;
  const char* sql;
  bool touches_every_relation = false;
};

// Each leaves a trace outside the changed object's own catalog row.
constexpr Step kSteps[] = {
    {"a column renamed that a view, an index and a policy print",
     "ALTER TABLE app.account RENAME COLUMN email TO login"},
    {"a table renamed that a foreign key and views name",
     "ALTER TABLE app.account RENAME TO member"},
    {"a function renamed that a default and a check call",
     "ALTER FUNCTION app.double_it(integer) RENAME TO twice"},
    {"a type renamed that columns and a view use", "ALTER TYPE app.mood RENAME TO feeling"},
    {"a type renamed that a function's signature names, called by a view elsewhere",
     "ALTER TYPE app.colour RENAME TO hue"},
    {"an enum value added", "ALTER TYPE app.feeling ADD VALUE 'great'"},
    {"comments removed (rows deleted, nothing written)",
     "COMMENT ON COLUMN app.member.login IS NULL; COMMENT ON INDEX app.account_mood IS NULL; "
     "COMMENT ON TABLE app.member IS NULL"},
    {"a sequence no longer owned (a dependency row deleted)",
     "ALTER SEQUENCE app.counter OWNED BY NONE"},
    {"a partition detached and an inheritance ended",
     "ALTER TABLE app.event DETACH PARTITION app.event_2027; "
     "ALTER TABLE app.child_row NO INHERIT app.base_row"},
    {"an index dropped and a constraint added",
     "DROP INDEX app.account_mood; ALTER TABLE app.member ADD CONSTRAINT note_short "
     "CHECK (length(note) < 100) NOT VALID"},
    {"privileges granted and revoked, on a table and a column",
     "GRANT SELECT ON app.member TO PUBLIC; GRANT UPDATE (note) ON app.member TO PUBLIC; "
     "REVOKE ALL ON app.event FROM PUBLIC"},
    {"a trigger disabled, a policy changed, storage and statistics set",
     "ALTER TABLE app.member DISABLE TRIGGER account_touch; "
     "ALTER POLICY own ON app.member USING (login = session_user); "
     "ALTER TABLE app.member ALTER COLUMN note SET STORAGE EXTERNAL, "
     "ALTER COLUMN note SET STATISTICS 300"},
    {"an identity changed and a replica identity set",
     "ALTER TABLE app.member ALTER COLUMN id SET INCREMENT BY 5; "
     "ALTER TABLE app.member REPLICA IDENTITY USING INDEX account_email_key"},
    {"the index of the replica identity renamed",
     "ALTER INDEX app.account_email_key RENAME TO member_login_key"},
    {"a view replaced with another column and a table dropped",
     "CREATE OR REPLACE VIEW app.emails AS SELECT a.login AS email, a.mood, a.note "
     "FROM app.member a; "
     "DROP TABLE app.child_row"},
    {"a schema renamed that names in another schema print", "ALTER SCHEMA app RENAME TO core",
     true},
    {"new objects of every relation kind",
     "CREATE TABLE core.fresh (id integer PRIMARY KEY, at date DEFAULT current_date); "
     "CREATE MATERIALIZED VIEW core.fresh_days AS SELECT at FROM core.fresh WITH NO DATA; "
     "CREATE INDEX fresh_at ON core.fresh (at); CREATE SEQUENCE core.fresh_seq; "
     "CREATE RULE fresh_none AS ON DELETE TO core.fresh DO INSTEAD NOTHING"},
};

}  // namespace

TEST_CASE("a read of changes gives what a whole read gives, reading only what changed",
          "[snapshot][read-changes]") {
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("read_changes");
  replay(cluster, db, kSchema);
  auto before = read_before_changes(cluster, db);

  SECTION("nothing changed: nothing is read again") {
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK_FALSE(again.read_everything);
    CHECK(again.relations_read == 0);
  }
  SECTION("a comment on one column: that table alone is read again") {
    replay(cluster, db, "COMMENT ON COLUMN app.account.note IS 'free text'");
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK_FALSE(again.read_everything);
    CHECK(again.relations_read == 1);
  }
  SECTION("a comment removed: a row deleted, nothing written, the recorder saw it") {
    replay(cluster, db, "COMMENT ON COLUMN app.untouched.note IS NULL");
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK_FALSE(again.read_everything);
    CHECK(again.relations_read == 1);
  }
  SECTION("changes one after another, each from the base the last one made") {
    for (const auto& step : kSteps) {
      INFO(step.what);
      replay(cluster, db, step.sql);
      const auto again = check_read_of_changes(cluster, db, before);
      CHECK_FALSE(again.read_everything);
      if (!step.touches_every_relation) CHECK(again.relations_read < relations(again.catalog));
      before.read = again;  // the next step starts from the base a read of changes made
      before.horizon = start_recording_changes(cluster, db);
    }
  }
  SECTION("most relations of a large schema touched: everything is read again") {
    replay(cluster, db,
           "DO $$BEGIN FOR i IN 1..250 LOOP EXECUTE format('CREATE TABLE other.t%s (id "
           "integer)', i); END LOOP; END$$");
    before = read_before_changes(cluster, db);
    replay(cluster, db, "ALTER SCHEMA other RENAME TO elsewhere");
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK(again.read_everything);
  }
  SECTION("a migration that breaks the recorder goes on, and everything is read again") {
    replay(cluster, db,
           "DROP TABLE pgdrift_recorder.changes; CREATE TABLE app.after_the_break (id integer)");
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK(again.read_everything);
  }
  SECTION("a role created: everything is read again, as role names are everywhere") {
    replay(cluster, db,
           "DO $$BEGIN CREATE ROLE read_changes_role; EXCEPTION WHEN duplicate_object THEN "
           "NULL; END$$; ALTER ROLE read_changes_role CONNECTION LIMIT 3; "
           "GRANT SELECT ON app.untouched TO read_changes_role");
    const auto again = check_read_of_changes(cluster, db, before);
    CHECK(again.read_everything);
  }
  cluster.exec("postgres", "DROP DATABASE " + db);
}

}  // namespace pgdrift::test

// tests/integration/check_fixture.h — a database rescued by `pgdrift baseline` and then
// migrated by the real dbmate, to run `pgdrift check` against.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dbmate_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {

/// The untracked database before the rescue: types, tables, a serial, constraints,
/// functions, a trigger, a view and a comment.
inline constexpr const char* kUntrackedSchema = R"sql(
  CREATE TYPE public.mood AS ENUM ('happy', 'sad');
  CREATE TABLE public.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL, name varchar(100) NOT NULL, status text DEFAULT 'new',
    mood public.mood, score integer);
  CREATE TABLE public.orders (
    id serial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES public.customers (id),
    total numeric(10, 2) CHECK (total >= 0), note text);
  CREATE INDEX orders_customer ON public.orders (customer_id);
  CREATE TABLE public.audit_log (id bigserial PRIMARY KEY, at timestamptz DEFAULT now());
  CREATE FUNCTION public.order_total(p_customer bigint) RETURNS numeric LANGUAGE sql
    AS $$ SELECT sum(total) FROM public.orders WHERE customer_id = p_customer $$;
  CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
  CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders
    FOR EACH ROW EXECUTE FUNCTION public.touch();
  CREATE VIEW public.big_orders AS SELECT id, total FROM public.orders WHERE total > 100;
  COMMENT ON TABLE public.orders IS 'orders of customers';
)sql";

/// Legitimate migrations after the baseline, applied by dbmate: a column; an index
/// built CONCURRENTLY (transaction:false); a function and a view; a grant to a role; a
/// table.
inline const std::vector<std::pair<std::string, std::string>> kLegitimateMigrations = {
    {"20990101000001_add_phone.sql",
     "-- migrate:up\nALTER TABLE public.customers ADD COLUMN phone text;\n\n"
     "-- migrate:down\nALTER TABLE public.customers DROP COLUMN phone;\n"},
    {"20990101000002_email_index.sql",
     "-- migrate:up transaction:false\n"
     "CREATE INDEX CONCURRENTLY customers_email ON public.customers (email);\n\n"
     "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY public.customers_email;\n"},
    {"20990101000003_function_and_view.sql",
     "-- migrate:up\n"
     "CREATE FUNCTION public.customer_label(c public.customers) RETURNS text LANGUAGE sql\n"
     "  AS $$ SELECT c.name || ' <' || c.email || '>' $$;\n"
     "CREATE VIEW public.customer_labels AS\n"
     "  SELECT id, public.customer_label(c) AS label FROM public.customers c;\n\n"
     "-- migrate:down\nDROP VIEW public.customer_labels;\n"
     "DROP FUNCTION public.customer_label(public.customers);\n"},
    {"20990101000004_grant_reader.sql",
     "-- migrate:up\nGRANT SELECT ON public.customers, public.customer_labels TO drift_reader;\n\n"
     "-- migrate:down\nREVOKE SELECT ON public.customers, public.customer_labels FROM "
     "drift_reader;\n"},
};

/// Ghost changes, by hand, one of each kind the issue lists.
inline constexpr const char* kGhostChanges = R"sql(
  ALTER TABLE public.customers ADD COLUMN nickname text;
  ALTER TABLE public.customers ALTER COLUMN score TYPE bigint;
  ALTER TABLE public.customers ALTER COLUMN status SET DEFAULT 'fresh';
  ALTER TABLE public.customers ALTER COLUMN name DROP NOT NULL;
  CREATE INDEX orders_note ON public.orders (note);
  DROP INDEX public.orders_customer;
  CREATE TABLE public.ghost_table (id integer);
  DROP TABLE public.audit_log;
  CREATE OR REPLACE FUNCTION public.order_total(p_customer bigint) RETURNS numeric
    LANGUAGE sql AS $$ SELECT coalesce(sum(total), 0) FROM public.orders
                       WHERE customer_id = p_customer $$;
  CREATE FUNCTION public.order_total(p_customer bigint, p_min numeric) RETURNS numeric
    LANGUAGE sql AS $$ SELECT sum(total) FROM public.orders
                       WHERE customer_id = p_customer AND total >= p_min $$;
  CREATE VIEW public.customer_names AS SELECT name FROM public.customers;
  CREATE OR REPLACE VIEW public.big_orders AS
    SELECT id, total FROM public.orders WHERE total > 500;
  CREATE TRIGGER customers_touch BEFORE UPDATE ON public.customers
    FOR EACH ROW EXECUTE FUNCTION public.touch();
  ALTER TABLE public.orders DISABLE TRIGGER orders_touch;
  CREATE POLICY orders_own ON public.orders USING (true);
  ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
  ALTER TYPE public.mood ADD VALUE 'meh';
  ALTER TABLE public.orders DROP CONSTRAINT orders_total_check;
  ALTER TABLE public.orders ADD CONSTRAINT orders_note_length
    CHECK (length(note) < 500) NOT VALID;
  COMMENT ON TABLE public.orders IS 'orders, commented by hand';
  GRANT INSERT ON public.customers TO drift_reader;
  ALTER FUNCTION public.touch() OWNER TO drift_app;
  CREATE SEQUENCE public.ghost_seq;
  CREATE EXTENSION pg_trgm;
)sql";

/// A database with kUntrackedSchema, rescued by `pgdrift baseline` into its own
/// migrations folder.
struct CheckedDatabase {
  /// \a setup runs after kUntrackedSchema, before the baseline.
  CheckedDatabase(TestCluster& c, const std::string& prefix, const std::string& setup = "")
      : cluster(c) {
    ensure_roles(cluster, {"drift_reader", "drift_app"});
    db = cluster.create_database(prefix);
    cluster.exec(db, kUntrackedSchema);
    if (!setup.empty()) cluster.exec(db, setup);
    const auto baseline = run_pgdrift(
        {"baseline", "--url", cluster.conninfo(db), "--migrations-dir", dir.migrations()});
    INFO(baseline.out << baseline.err);
    REQUIRE(baseline.exit_code == 0);
  }

  /// Writes kLegitimateMigrations and runs `dbmate up`.
  void apply_legitimate_migrations() const {
    for (const auto& [name, text] : kLegitimateMigrations) dir.write(name, text);
    const auto up = dbmate(cluster, db, dir, {"up"});
    INFO(up.out << up.err);
    REQUIRE(up.exit_code == 0);
  }

  ProcessResult check(const std::vector<std::string>& extra = {},
                      ProcessOptions options = {}) const {
    std::vector<std::string> args{"check", "--url", cluster.conninfo(db), "--migrations-dir",
                                  dir.migrations()};
    args.insert(args.end(), extra.begin(), extra.end());
    // Reports and the history store land in the scratch folder (reports/...).
    if (!options.cwd) options.cwd = dir.path;
    return run_pgdrift(args, std::move(options));
  }

  TestCluster& cluster;
  std::string db;
  TempDir dir;
};

/// One line per finding of a JSON report: "kind object change", and for changed
/// findings ": field,field" (sorted).
inline std::vector<std::string> finding_lines(const std::string& json_report) {
  const auto doc = nlohmann::json::parse(json_report);
  std::vector<std::string> lines;
  for (const auto& f : doc.at("findings")) {
    std::string line = f.at("kind").get<std::string>() + " " + f.at("object").get<std::string>() +
                       " " + f.at("change").get<std::string>();
    if (f.at("change") == "changed") {
      std::vector<std::string> fields;
      for (const auto& d : f.at("details")) fields.push_back(d.at("field").get<std::string>());
      std::sort(fields.begin(), fields.end());
      line += ":";
      for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : " ") + fields[i];
    }
    lines.push_back(line);
  }
  return lines;
}

/// finding_lines() as a set, for comparing with the findings a test expects.
inline std::set<std::string> finding_set(const std::string& json_report) {
  const auto lines = finding_lines(json_report);
  return {lines.begin(), lines.end()};
}

/// What adopt and revert tests compare: the tracking table's versions, the files.
inline std::string recorded_versions(const CheckedDatabase& app) {
  return app.cluster.query_value(
      app.db, "SELECT string_agg(version, ',' ORDER BY version) FROM public.schema_migrations");
}

// The files and the tracking table as they are, to show that a refusal changed neither.
struct Untouched {
  explicit Untouched(const CheckedDatabase& a)
      : app(a), files(a.dir.files()), versions(recorded_versions(a)) {}
  void check() const {
    CHECK(app.dir.files() == files);
    CHECK(recorded_versions(app) == versions);
  }
  const CheckedDatabase& app;
  std::vector<std::string> files;
  std::string versions;
};

// pg_dump of a database without dbmate's tracking table (its rows differ by design).
inline std::string schema_without_tracking(const TestCluster& cluster, const std::string& db) {
  std::string dump = pg_dump_schema(cluster, db);
  std::string out;
  std::istringstream lines(dump);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("-- Dumped", 0) == 0) continue;
    out += line + "\n";
  }
  return out;
}

/// Builds a new environment with `dbmate up` from \a app's folder into a new database
/// named after \a prefix and checks that its schema is production's (tracking tables
/// aside).
inline void check_new_environment_is_production(const CheckedDatabase& app,
                                                const std::string& prefix) {
  const std::string fresh = app.cluster.create_database(prefix);
  const auto up = dbmate(app.cluster, fresh, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  const std::string production = schema_without_tracking(app.cluster, app.db);
  const std::string rebuilt = schema_without_tracking(app.cluster, fresh);
  INFO(first_difference(production, rebuilt));
  CHECK(production == rebuilt);
}

/// Runs `dbmate rollback` \a times times on \a app's database, each required to work.
inline void roll_back(const CheckedDatabase& app, size_t times) {
  for (size_t k = 0; k < times; ++k) {
    const auto back = dbmate(app.cluster, app.db, app.dir, {"rollback"});
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
  }
}

}  // namespace pgdrift::test

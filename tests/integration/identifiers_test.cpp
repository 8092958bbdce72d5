// Names with quotes, spaces, capitals, Unicode and reserved words round-trip exactly.
#include <catch2/catch.hpp>

#include "round_trip.h"

namespace pgdrift::test {

TEST_CASE("weird identifiers round-trip exactly", "[snapshot][identifiers]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"\"Evil \"\"Role\"\"\"", "\"select\""});
  const std::string db = cluster.create_database("weird");
  cluster.exec(db, R"sql(
    CREATE SCHEMA "My Schema";
    CREATE SCHEMA "select";
    CREATE TYPE "My Schema"."Mood ""quoted""" AS ENUM ('it''s', 'a "b"', 'ünï', 'back\slash');
    CREATE TABLE "My Schema"."Table" (
      "Id" integer PRIMARY KEY,
      "a""b" text DEFAULT 'x''y',
      "select" "My Schema"."Mood ""quoted""",
      "ünïcødé" text,
      "with space" integer CONSTRAINT "chk ""q""" CHECK ("with space" > 0),
      "user" text
    );
    CREATE TABLE "select"."from" ("where" integer, "group" text);
    CREATE INDEX "Idx Name" ON "My Schema"."Table" ("ünïcødé") WHERE "with space" > 1;
    CREATE VIEW "select"."view with space" AS SELECT "where" AS "order" FROM "select"."from";
    CREATE FUNCTION "My Schema"."Fn"("x y" integer, "Z" text) RETURNS text LANGUAGE sql
      AS $$ SELECT "Z" || "x y" $$;
    CREATE FUNCTION "select"."trg"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
    CREATE TRIGGER "Trigger ""T""" BEFORE INSERT ON "select"."from" FOR EACH ROW EXECUTE FUNCTION "select"."trg"();
    ALTER TABLE "select"."from" ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "Policy ünï" ON "select"."from" TO "Evil ""Role""" USING ("where" > 0);
    COMMENT ON TABLE "My Schema"."Table" IS 'it''s a "table" with \ and ünï';
    COMMENT ON COLUMN "My Schema"."Table"."a""b" IS 'line one
line two';
    GRANT SELECT ("a""b") ON "My Schema"."Table" TO "Evil ""Role""";
    GRANT USAGE ON SCHEMA "select" TO "select";
    ALTER TABLE "select"."from" OWNER TO "Evil ""Role""";
    CREATE TABLE public."line
break" (id integer);
  )sql");
  const std::string sql = require_round_trip(cluster, db);
  CHECK(sql.find("CREATE TABLE \"My Schema\".\"Table\"") != std::string::npos);
  CHECK(sql.find("ALTER TABLE \"select\".\"from\" OWNER TO \"Evil \"\"Role\"\"\";") !=
        std::string::npos);
  CHECK(sql.find("E'it''s a \"table\" with \\\\ and ünï'") != std::string::npos);
  // A name with a line break cannot break out of its header comment.
  CHECK(sql.find("\nbreak") == sql.find("\nbreak\" (\n"));
}

}  // namespace pgdrift::test

// The rarer kinds that pg_dump --schema-only writes: operators with their classes and
// families, text search objects, casts, conversions, procedural languages, access
// methods and transforms. Each must round-trip (same pg_dump, same snapshot), and a
// change to each made by hand must be a finding of `diff` and of `check`.
#include <catch2/catch.hpp>
#include <set>

#include "check_fixture.h"
#include "round_trip.h"

namespace pgdrift::test {
namespace {

// Built only from what every server has: the conversion and language handlers are
// PostgreSQL's own C functions, the transform's functions internal ones.
constexpr const char* kRareKinds = R"sql(
CREATE SCHEMA ext;
CREATE FUNCTION ext.int_eq(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS 'SELECT $1 = $2';
CREATE FUNCTION ext.int_lt(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS 'SELECT $1 < $2';
CREATE FUNCTION ext.int_cmp(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
  AS 'SELECT CASE WHEN $1 < $2 THEN -1 WHEN $1 > $2 THEN 1 ELSE 0 END';
CREATE FUNCTION ext.negate(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT -$1';
CREATE OPERATOR ext.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = ext.int_eq,
  COMMUTATOR = OPERATOR(ext.===), NEGATOR = OPERATOR(ext.!==), RESTRICT = eqsel,
  JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR ext.<<< (LEFTARG = integer, RIGHTARG = integer, FUNCTION = ext.int_lt);
COMMENT ON OPERATOR ext.<<< (integer, integer) IS 'less';
ALTER OPERATOR ext.<<< (integer, integer) OWNER TO pgdrift_owner;
CREATE OPERATOR ext.~~~ (RIGHTARG = integer, FUNCTION = ext.negate);
CREATE OPERATOR FAMILY ext.int_fam USING btree;
CREATE OPERATOR CLASS ext.int_ops FOR TYPE integer USING btree FAMILY ext.int_fam AS
  OPERATOR 1 ext.<<<, OPERATOR 3 ext.===, FUNCTION 1 ext.int_cmp(integer, integer);
ALTER OPERATOR FAMILY ext.int_fam USING btree ADD
  OPERATOR 1 <(integer, bigint), FUNCTION 1 (integer, bigint) btint48cmp(integer, bigint);
CREATE OPERATOR CLASS ext.int_hash FOR TYPE integer USING hash AS
  OPERATOR 1 ext.===, FUNCTION 1 hashint4(integer);
COMMENT ON OPERATOR CLASS ext.int_hash USING hash IS 'hashing';
CREATE TABLE ext.items (id integer, code integer, body text);
CREATE INDEX items_code ON ext.items (code ext.int_ops);
CREATE STATISTICS ext.items_mcv (mcv) ON id, code FROM ext.items;
CREATE TEXT SEARCH PARSER ext.parser (START = prsd_start, GETTOKEN = prsd_nexttoken,
  END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
CREATE TEXT SEARCH TEMPLATE ext.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY ext.simple_dict (TEMPLATE = ext.tmpl, stopwords = 'english');
CREATE TEXT SEARCH DICTIONARY ext.stem (TEMPLATE = snowball, language = 'english');
COMMENT ON TEXT SEARCH DICTIONARY ext.stem IS 'stems';
CREATE TEXT SEARCH CONFIGURATION ext.docs (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION ext.docs ADD MAPPING FOR asciiword, word WITH ext.stem, simple;
ALTER TEXT SEARCH CONFIGURATION ext.docs ADD MAPPING FOR int WITH ext.simple_dict;
CREATE TEXT SEARCH CONFIGURATION ext.english_copy (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION ext.english_copy OWNER TO pgdrift_owner;
CREATE INDEX items_body ON ext.items USING gin (to_tsvector('ext.docs', body));
CREATE TYPE ext.mood AS ENUM ('sad', 'happy');
CREATE FUNCTION ext.mood_rank(ext.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE CAST (ext.mood AS integer) WITH FUNCTION ext.mood_rank(ext.mood) AS ASSIGNMENT;
CREATE CAST (ext.mood AS text) WITH INOUT;
COMMENT ON CAST (ext.mood AS text) IS 'as text';
CREATE FUNCTION ext.utf8_to_latin1(integer, integer, cstring, internal, integer, boolean)
  RETURNS integer LANGUAGE c STRICT AS '$libdir/utf8_and_iso8859_1', 'utf8_to_iso8859_1';
CREATE CONVERSION ext.to_latin1 FOR 'UTF8' TO 'LATIN1' FROM ext.utf8_to_latin1;
COMMENT ON CONVERSION ext.to_latin1 IS 'to latin1';
CREATE FUNCTION ext.pl_handler() RETURNS language_handler LANGUAGE c
  AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE TRUSTED LANGUAGE plcopy HANDLER ext.pl_handler;
COMMENT ON LANGUAGE plcopy IS 'plpgsql again';
REVOKE USAGE ON LANGUAGE plcopy FROM PUBLIC;
GRANT USAGE ON LANGUAGE plcopy TO pgdrift_reader;
CREATE FUNCTION ext.am_handler(internal) RETURNS index_am_handler LANGUAGE internal
  AS 'bthandler';
CREATE ACCESS METHOD btree_copy TYPE INDEX HANDLER ext.am_handler;
COMMENT ON ACCESS METHOD btree_copy IS 'btree again';
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
CREATE TABLE ext.heaped (id integer) USING heap_copy;
CREATE FUNCTION ext.from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE
  AS 'int4in';
CREATE FUNCTION ext.to_sql(internal) RETURNS ext.mood LANGUAGE internal IMMUTABLE
  AS 'int4in';
CREATE TRANSFORM FOR ext.mood LANGUAGE plpgsql (FROM SQL WITH FUNCTION ext.from_sql(internal),
  TO SQL WITH FUNCTION ext.to_sql(internal));
COMMENT ON TRANSFORM FOR ext.mood LANGUAGE plpgsql IS 'moods';
CREATE TYPE ext.myint;
CREATE FUNCTION ext.myint_in(cstring) RETURNS ext.myint LANGUAGE internal IMMUTABLE STRICT
  AS 'int4in';
CREATE FUNCTION ext.myint_out(ext.myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT
  AS 'int4out';
CREATE TYPE ext.myint (INPUT = ext.myint_in, OUTPUT = ext.myint_out, INTERNALLENGTH = 4,
  PASSEDBYVALUE, ALIGNMENT = int4, CATEGORY = 'N', DEFAULT = '0');
COMMENT ON TYPE ext.myint IS 'an integer of its own';
CREATE FUNCTION ext.myint_text(ext.myint) RETURNS text LANGUAGE sql IMMUTABLE
  AS 'SELECT $1::text';
CREATE TABLE ext.counted (n ext.myint, ns ext.myint[]);
CREATE TYPE ext.reserved;
CREATE AGGREGATE ext.how_many(*) (SFUNC = int4inc, STYPE = integer, INITCOND = '0');
COMMENT ON AGGREGATE ext.how_many(*) IS 'counts rows';
ALTER AGGREGATE ext.how_many(*) OWNER TO pgdrift_owner;
CREATE VIEW ext.itself AS SELECT id, body COLLATE "C" AS body FROM ext.items;
CREATE OR REPLACE VIEW ext.itself AS SELECT id, body FROM ext.itself;
)sql";

// One statement of each kind, written the way the renderer does.
constexpr const char* kRareExpected[] = {
    "CREATE OPERATOR ext.=== (\n    FUNCTION = ext.int_eq,\n    LEFTARG = integer,\n"
    "    RIGHTARG = integer,\n    COMMUTATOR = OPERATOR(ext.===),\n"
    "    NEGATOR = OPERATOR(ext.!==),\n    MERGES,\n    HASHES,\n    RESTRICT = eqsel,\n"
    "    JOIN = eqjoinsel\n);",
    "COMMENT ON OPERATOR ext.<<< (integer, integer) IS 'less';",
    "ALTER OPERATOR ext.<<< (integer, integer) OWNER TO pgdrift_owner;",
    "CREATE OPERATOR ext.~~~ (\n    FUNCTION = ext.negate,\n    RIGHTARG = integer\n);",
    "CREATE OPERATOR FAMILY ext.int_fam USING btree;\nALTER OPERATOR FAMILY ext.int_fam USING "
    "btree ADD\n    OPERATOR 1 <(integer,bigint),\n"
    "    FUNCTION 1 (integer, bigint) btint48cmp(integer,bigint);",
    "CREATE OPERATOR CLASS ext.int_ops\n    FOR TYPE integer USING btree FAMILY ext.int_fam AS\n"
    "    OPERATOR 1 ext.<<<(integer,integer),\n    OPERATOR 3 ext.===(integer,integer),\n"
    "    FUNCTION 1 (integer, integer) ext.int_cmp(integer,integer);",
    "COMMENT ON OPERATOR CLASS ext.int_hash USING hash IS 'hashing';",
    "CREATE TEXT SEARCH PARSER ext.parser (\n    START = prsd_start,",
    "    HEADLINE = prsd_headline\n);",
    "CREATE TEXT SEARCH TEMPLATE ext.tmpl (\n    INIT = dsimple_init,\n"
    "    LEXIZE = dsimple_lexize\n);",
    "CREATE TEXT SEARCH DICTIONARY ext.simple_dict (\n    TEMPLATE = ext.tmpl,\n"
    "    stopwords = 'english'\n);",
    "CREATE TEXT SEARCH DICTIONARY ext.stem (\n    TEMPLATE = pg_catalog.snowball,",
    "COMMENT ON TEXT SEARCH DICTIONARY ext.stem IS 'stems';",
    "CREATE TEXT SEARCH CONFIGURATION ext.docs (\n    PARSER = pg_catalog.\"default\"\n);",
    "ALTER TEXT SEARCH CONFIGURATION ext.docs\n    ADD MAPPING FOR asciiword WITH ext.stem, "
    "pg_catalog.simple;",
    "ALTER TEXT SEARCH CONFIGURATION ext.docs\n    ADD MAPPING FOR \"int\" WITH ext.simple_dict;",
    "ALTER TEXT SEARCH CONFIGURATION ext.english_copy OWNER TO pgdrift_owner;",
    "CREATE CAST (ext.mood AS integer) WITH FUNCTION ext.mood_rank(ext.mood) AS ASSIGNMENT;",
    "CREATE CAST (ext.mood AS text) WITH INOUT;",
    "COMMENT ON CAST (ext.mood AS text) IS 'as text';",
    "CREATE CONVERSION ext.to_latin1 FOR 'UTF8' TO 'LATIN1' FROM ext.utf8_to_latin1;",
    "COMMENT ON CONVERSION ext.to_latin1 IS 'to latin1';",
    "CREATE OR REPLACE TRUSTED LANGUAGE plcopy HANDLER ext.pl_handler;",
    "REVOKE USAGE ON LANGUAGE plcopy FROM PUBLIC;",
    "GRANT USAGE ON LANGUAGE plcopy TO pgdrift_reader;",
    "CREATE ACCESS METHOD btree_copy TYPE INDEX HANDLER ext.am_handler;",
    "COMMENT ON ACCESS METHOD btree_copy IS 'btree again';",
    "CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;",
    "CREATE TRANSFORM FOR ext.mood LANGUAGE plpgsql (FROM SQL WITH FUNCTION "
    "ext.from_sql(internal), TO SQL WITH FUNCTION ext.to_sql(internal));",
    "COMMENT ON TRANSFORM FOR ext.mood LANGUAGE plpgsql IS 'moods';",
    "CREATE TYPE ext.myint;",
    "CREATE TYPE ext.myint (\n    INTERNALLENGTH = 4,\n    INPUT = ext.myint_in,\n"
    "    OUTPUT = ext.myint_out,\n    PASSEDBYVALUE,\n    ALIGNMENT = int4,\n"
    "    STORAGE = plain,\n    CATEGORY = 'N',\n    DEFAULT = '0',\n    DELIMITER = ','\n);",
    "COMMENT ON TYPE ext.myint IS 'an integer of its own';",
    "CREATE TYPE ext.reserved;",
    "CREATE AGGREGATE ext.how_many(*) (",
    "COMMENT ON AGGREGATE ext.how_many(*) IS 'counts rows';",
    "ALTER AGGREGATE ext.how_many(*) OWNER TO pgdrift_owner;",
    "CREATE VIEW ext.itself AS\n SELECT NULL::integer AS id, NULL::text COLLATE pg_catalog.\"C\" "
    "AS body;\nCREATE OR REPLACE VIEW ext.itself AS\n",
};

// Changes by hand to each kind, and the finding each must give (kind, object, change
// and the fields that changed).
constexpr const char* kRareGhosts = R"sql(
ALTER OPERATOR ext.<<< (integer, integer) SET (RESTRICT = scalarltsel);
CREATE OPERATOR ext.>>> (LEFTARG = integer, RIGHTARG = integer, FUNCTION = ext.int_lt);
ALTER OPERATOR FAMILY ext.int_fam USING btree DROP OPERATOR 1 (integer, bigint);
COMMENT ON OPERATOR CLASS ext.int_hash USING hash IS 'hashing, changed';
COMMENT ON TEXT SEARCH PARSER ext.parser IS 'parses';
COMMENT ON TEXT SEARCH TEMPLATE ext.tmpl IS 'templates';
ALTER TEXT SEARCH DICTIONARY ext.stem (StopWords = english);
ALTER TEXT SEARCH CONFIGURATION ext.docs DROP MAPPING FOR int;
DROP CAST (ext.mood AS text);
ALTER CONVERSION ext.to_latin1 OWNER TO pgdrift_owner;
REVOKE USAGE ON LANGUAGE plcopy FROM pgdrift_reader;
COMMENT ON ACCESS METHOD heap_copy IS 'heap again';
DROP TRANSFORM FOR ext.mood LANGUAGE plpgsql;
DROP TYPE ext.reserved;
COMMENT ON TYPE ext.myint IS 'still an integer';
)sql";

const std::set<std::string> kRareGhostFindings{
    "operator ext.<<<(integer, integer) changed: restrict_function",
    "operator ext.>>>(integer, integer) added",
    "operator_family ext.int_fam using btree changed: operators",
    "operator_class ext.int_hash using hash changed: comment",
    "text_search_parser ext.parser changed: comment",
    "text_search_template ext.tmpl changed: comment",
    "text_search_dictionary ext.stem changed: options",
    "text_search_configuration ext.docs changed: mappings",
    "cast (ext.mood AS text) removed",
    "conversion ext.to_latin1 changed: owner",
    "language plcopy changed: acl",
    "access_method heap_copy changed: comment",
    "transform ext.mood language plpgsql removed",
    "type ext.reserved removed",
    "type ext.myint changed: comment",
};

// Conversion functions gained their boolean argument and integer result in PostgreSQL 14.
std::string rare_kinds(const TestCluster& cluster) {
  std::string sql = kRareKinds;
  if (cluster.server_major() < 14) {
    const std::string newer = "cstring, internal, integer, boolean)\n  RETURNS integer";
    sql.replace(sql.find(newer), newer.size(), "cstring, internal, integer)\n  RETURNS void");
  }
  return sql;
}

}  // namespace

TEST_CASE("operators, text search objects, casts, base types and the other rare kinds round-trip",
          "[snapshot][kinds][rare]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  const std::string db = cluster.create_database("rare");
  cluster.exec(db, rare_kinds(cluster));
  if (cluster.server_major() >= 14) {
    cluster.exec(db, "CREATE STATISTICS ext.items_expr ON (code + 1), (id * 2) FROM ext.items;");
  }

  const auto catalog = read_catalog(cluster, db);
  for (const auto& item : catalog.unsupported) INFO(item.kind << " " << item.name);
  CHECK(catalog.unsupported.empty());
  const std::string sql = require_round_trip(cluster, db);
  for (const char* expected : kRareExpected) {
    INFO("expected in the snapshot: " << expected);
    CHECK(sql.find(expected) != std::string::npos);
  }
  CHECK(sql.find("CREATE STATISTICS ext.items_mcv (mcv) ON id, code FROM ext.items;") !=
        std::string::npos);
  if (cluster.server_major() >= 14) {
    CHECK(sql.find("CREATE STATISTICS ext.items_expr ON (code + 1), (id * 2) FROM ext.items;") !=
          std::string::npos);
  }
  // The shell operator that NEGATOR named is made again by that reference, not on its own.
  CHECK(sql.find("CREATE OPERATOR ext.!==") == std::string::npos);
  // Dependencies order the script: the family before its class, the handler before its
  // language, the class before the index that uses it.
  CHECK(sql.find("CREATE OPERATOR FAMILY ext.int_fam") <
        sql.find("CREATE OPERATOR CLASS ext.int_ops"));
  CHECK(sql.find("FUNCTION ext.pl_handler()") <
        sql.find("CREATE OR REPLACE TRUSTED LANGUAGE plcopy"));
  CHECK(sql.find("CREATE OPERATOR CLASS ext.int_ops") < sql.find("CREATE INDEX items_code"));
  // A base type: its shell, then its support functions, then the type, then what uses it.
  CHECK(sql.find("CREATE TYPE ext.myint;") < sql.find("FUNCTION ext.myint_in(cstring)"));
  CHECK(sql.find("FUNCTION ext.myint_out(ext.myint)") < sql.find("CREATE TYPE ext.myint ("));
  CHECK(sql.find("CREATE TYPE ext.myint (") < sql.find("FUNCTION ext.myint_text(ext.myint)"));
  CHECK(sql.find("CREATE TEXT SEARCH CONFIGURATION ext.docs") <
        sql.find("CREATE INDEX items_body"));
}

TEST_CASE("a change by hand to each rare kind is a finding of diff", "[diff][rare]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  const std::string before = cluster.create_database("rare_a");
  cluster.exec(before, rare_kinds(cluster));
  const std::string after = cluster.create_database("rare_b");
  cluster.exec(after, rare_kinds(cluster));
  const auto same = run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after)});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);

  cluster.exec(after, kRareGhosts);
  const auto drift =
      run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after), "--format", "json"});
  INFO(drift.out << drift.err);
  REQUIRE(drift.exit_code == 1);
  CHECK(finding_set(drift.out) == kRareGhostFindings);
}

TEST_CASE("a change by hand to each rare kind is a finding of check", "[check][rare]") {
  auto& cluster = TestCluster::shared();
  ensure_roles(cluster, {"pgdrift_owner", "pgdrift_reader"});
  CheckedDatabase app(cluster, "check_rare", rare_kinds(cluster));
  const auto clean = app.check();
  INFO(clean.out << clean.err);
  REQUIRE(clean.exit_code == 0);

  cluster.exec(app.db, kRareGhosts);
  const auto result = app.check({"--format", "json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  CHECK(finding_set(result.out) == kRareGhostFindings);
}

}  // namespace pgdrift::test

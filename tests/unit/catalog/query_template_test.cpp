#include <catch2/catch.hpp>
#include <string>

#include "catalog/query_template.h"
#include "catalog/sql_text.h"
#include "util/error.h"

using namespace pgdrift::catalog;

TEST_CASE("every catalog query expands for every supported major and role", "[query]") {
  // Every file of lib/catalog/sql/.
  const char* names[] = {"access_methods",
                         "aggregates",
                         "aliases",
                         "casts",
                         "collations",
                         "columns",
                         "constraints",
                         "conversions",
                         "default_privileges",
                         "dependencies",
                         "event_triggers",
                         "extension_members",
                         "extension_privileges",
                         "extensions",
                         "foreign_data_wrappers",
                         "foreign_servers",
                         "functions",
                         "indexes",
                         "languages",
                         "operator_classes",
                         "operator_families",
                         "operators",
                         "policies",
                         "publications",
                         "relation_changes",
                         "relation_objects",
                         "roles_changed",
                         "rules",
                         "schemas",
                         "sequences",
                         "statistics",
                         "subscriptions",
                         "tables",
                         "text_search_configurations",
                         "text_search_dictionaries",
                         "text_search_parsers",
                         "text_search_templates",
                         "transforms",
                         "triggers",
                         "types",
                         "unsupported",
                         "user_mappings",
                         "views"};
  for (int major = 12; major <= 18; ++major) {
    for (const bool superuser : {true, false}) {
      for (const char* name : names) {
        INFO(name << " on " << major << (superuser ? " as a superuser" : ""));
        const std::string sql = expand_query(sql_text(name), {major * 10000, superuser, {}, {}});
        CHECK(sql.find("{{") == std::string::npos);
        CHECK(sql.find("}}") == std::string::npos);
      }
    }
  }
}

TEST_CASE("version fragments pick the newest variant the server has", "[query]") {
  CHECK(std::string(version_fragment("attcompression", 130000)) == "NULL::text");
  CHECK(std::string(version_fragment("attcompression", 140000)).find("attcompression") !=
        std::string::npos);
  CHECK(std::string(version_fragment("collation_locale", 120000)).find("NULL::text AS locale") !=
        std::string::npos);
  CHECK(std::string(version_fragment("collation_locale", 160005)).find("colliculocale") !=
        std::string::npos);
  CHECK(std::string(version_fragment("collation_locale", 180000)).find("colllocale") !=
        std::string::npos);
}

TEST_CASE("placeholders expand to filters and ACL JSON", "[query]") {
  const std::string sql = expand_query("WHERE {{schema_filter(n.nspname)}} AND {{acl(c.relacl)}}",
                                       {150000, true, {}, {}});
  CHECK(sql.find("$1::text[]") != std::string::npos);
  CHECK(sql.find("aclexplode(c.relacl)") != std::string::npos);
  CHECK_THROWS_AS(expand_query("{{nope(x)}}", {150000, true, {}, {}}), pgdrift::Error);
  CHECK_THROWS_AS(expand_query("{{v:nope}}", {150000, true, {}, {}}), pgdrift::Error);
}

TEST_CASE("a read of changes filters the relation queries by OID, a whole read does not",
          "[query]") {
  const std::string text = "WHERE {{only_relations(c.oid)}}";
  CHECK(expand_query(text, {150000, true, {}, {}}) == "WHERE true");
  // A few: = ANY, which the planner starts from; many: a hashed semi-join.
  CHECK(expand_query(text, {150000, true, "{16390,16402}", "{16390}"}) ==
        "WHERE (c.oid) = ANY ('{16390,16402}'::oid[])");
  CHECK(expand_query(text, {150000, true, "{}", "{}"}) == "WHERE (c.oid) = ANY ('{}'::oid[])");
  std::string many = "{16390";
  for (int k = 1; k < 64; ++k) many += "," + std::to_string(16390 + k);
  CHECK(expand_query(text, {150000, true, many + "}", "{}"}) ==
        "WHERE (c.oid) = ANY ('" + many + "}'::oid[])");
  many += ",20000}";  // 65
  CHECK(expand_query(text, {150000, true, many, "{}"}) ==
        "WHERE (c.oid) IN (SELECT unnest('" + many + "'::oid[]))");
  const std::string dependencies = "WHERE {{only_relation_objects(d.classid, d.objid)}}";
  CHECK(expand_query(dependencies, {150000, true, {}, {}}) == "WHERE true");
  const auto few_objects = expand_query(dependencies, {150000, true, "{16390}", "{16390,16391}"});
  CHECK(few_objects.find("OR ((d.objid) = ANY ('{16390,16391}'::oid[])))") != std::string::npos);
  CHECK(expand_query(dependencies, {150000, true, "{16390}", many})
            .find("OR ((d.objid) IN (SELECT unnest('" + many + "'::oid[]))))") !=
        std::string::npos);
}

TEST_CASE("the relation of an object names its catalog's aliases apart from the caller's",
          "[query]") {
  // The caller's alias (here "r", as pg_rewrite's would be) must stay the caller's.
  const std::string sql =
      expand_query("{{relation_of(r.classid, r.objid)}}", {150000, true, {}, {}});
  CHECK(sql.find("FROM pg_rewrite pgdrift_x WHERE pgdrift_x.oid = (r.objid)") != std::string::npos);
  CHECK(sql.find("FROM pg_rewrite r ") == std::string::npos);
  CHECK(sql.find("NULLIF(pgdrift_x.ev_class, 0)") != std::string::npos);
}

TEST_CASE("a column only a superuser may read is asked for only by a superuser", "[query]") {
  const std::string text = "SELECT {{superuser_only(x.subconninfo, text)}} FROM pg_subscription x";
  CHECK(expand_query(text, {160000, true, {}, {}}) ==
        "SELECT x.subconninfo FROM pg_subscription x");
  CHECK(expand_query(text, {160000, false, {}, {}}) == "SELECT NULL::text FROM pg_subscription x");
  CHECK_THROWS_AS(expand_query("{{superuser_only(x.a)}}", {160000, true, {}, {}}), pgdrift::Error);
}

TEST_CASE("comments are read from pg_description inline, not through a function per row",
          "[catalog]") {
  const std::string sql = pgdrift::catalog::expand_query(
      "SELECT {{comment(pg_class, c.oid, a.attnum)}}", {150000, true, {}, {}});
  CHECK(sql ==
        "SELECT (SELECT pgdrift_dsc.description FROM pg_description pgdrift_dsc WHERE "
        "pgdrift_dsc.objoid = (c.oid) AND pgdrift_dsc.classoid = 'pg_class'::regclass AND "
        "pgdrift_dsc.objsubid = (a.attnum))");
  CHECK(pgdrift::catalog::expand_query("{{comment(pg_proc, p.oid)}}", {120000, true, {}, {}})
            .find("pgdrift_dsc.objsubid = (0)") != std::string::npos);
}

#include <catch2/catch.hpp>
#include <string>

#include "catalog/query_template.h"
#include "catalog/sql_text.h"
#include "util/error.h"

using namespace pgdrift::catalog;

TEST_CASE("every catalog query expands for every supported major", "[query]") {
  const char* names[] = {"schemas",
                         "extensions",
                         "collations",
                         "types",
                         "functions",
                         "aggregates",
                         "sequences",
                         "tables",
                         "views",
                         "constraints",
                         "indexes",
                         "triggers",
                         "policies",
                         "rules",
                         "event_triggers",
                         "statistics",
                         "publications",
                         "default_privileges",
                         "unsupported",
                         "dependencies",
                         "extension_members",
                         "aliases",
                         "extension_privileges"};
  for (int major = 12; major <= 18; ++major) {
    for (const char* name : names) {
      INFO(name << " on " << major);
      const std::string sql = expand_query(sql_text(name), major * 10000);
      CHECK(sql.find("{{") == std::string::npos);
      CHECK(sql.find("}}") == std::string::npos);
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
  const std::string sql =
      expand_query("WHERE {{schema_filter(n.nspname)}} AND {{acl(c.relacl)}}", 150000);
  CHECK(sql.find("$1::text[]") != std::string::npos);
  CHECK(sql.find("aclexplode(c.relacl)") != std::string::npos);
  CHECK_THROWS_AS(expand_query("{{nope(x)}}", 150000), pgdrift::Error);
  CHECK_THROWS_AS(expand_query("{{v:nope}}", 150000), pgdrift::Error);
}

TEST_CASE("comments are read from pg_description inline, not through a function per row",
          "[catalog]") {
  const std::string sql =
      pgdrift::catalog::expand_query("SELECT {{comment(pg_class, c.oid, a.attnum)}}", 150000);
  CHECK(sql ==
        "SELECT (SELECT pgdrift_dsc.description FROM pg_description pgdrift_dsc WHERE "
        "pgdrift_dsc.objoid = (c.oid) AND pgdrift_dsc.classoid = 'pg_class'::regclass AND "
        "pgdrift_dsc.objsubid = (a.attnum))");
  CHECK(pgdrift::catalog::expand_query("{{comment(pg_proc, p.oid)}}", 120000)
            .find("pgdrift_dsc.objsubid = (0)") != std::string::npos);
}

#include <catch2/catch.hpp>

#include "render/acl.h"

using namespace pgdrift;
using model::Acl;
using model::Grant;
using model::ObjectKind;

namespace {
Grant g(const std::string& grantee, const std::string& privilege,
        const std::string& grantor = "own", bool grantable = false) {
  return Grant{grantee, grantor, privilege, grantable};
}
}  // namespace

TEST_CASE("default privileges follow acldefault()", "[acl]") {
  const Acl function = render::default_privileges(ObjectKind::kFunction, "own", 150000);
  CHECK(function == Acl{g("", "EXECUTE"), g("own", "EXECUTE")});
  CHECK(render::default_privileges(ObjectKind::kTable, "own", 160000).size() == 7);
  // PostgreSQL 17 added MAINTAIN.
  CHECK(render::default_privileges(ObjectKind::kTable, "own", 170000).back().privilege ==
        "MAINTAIN");
  CHECK(render::default_privileges(ObjectKind::kIndex, "own", 150000).empty());
}

TEST_CASE("an absent ACL renders nothing", "[acl]") {
  CHECK(render::render_grants("TABLE s.t", std::nullopt, {}, "own").empty());
}

TEST_CASE("extra grants after the defaults are granted in order", "[acl]") {
  const Acl defaults = render::default_privileges(ObjectKind::kSequence, "own", 150000);
  Acl acl = defaults;
  acl.push_back(g("app", "SELECT"));
  acl.push_back(g("app", "USAGE"));
  acl.push_back(g("ro", "SELECT", "own", true));
  CHECK(render::render_grants("SEQUENCE s.q", acl, defaults, "own") ==
        "GRANT SELECT, USAGE ON SEQUENCE s.q TO app;\n"
        "GRANT SELECT ON SEQUENCE s.q TO ro WITH GRANT OPTION;\n");
}

TEST_CASE("removed default privileges are revoked", "[acl]") {
  const Acl defaults = render::default_privileges(ObjectKind::kFunction, "own", 150000);
  // REVOKE EXECUTE ... FROM PUBLIC; GRANT EXECUTE ... TO app
  const Acl acl{g("own", "EXECUTE"), g("app", "EXECUTE")};
  CHECK(render::render_grants("FUNCTION s.f()", acl, defaults, "own") ==
        "REVOKE EXECUTE ON FUNCTION s.f() FROM PUBLIC;\n"
        "GRANT EXECUTE ON FUNCTION s.f() TO app;\n");
}

TEST_CASE("grants made by another grantor run under that role", "[acl]") {
  const Acl acl{g("x", "SELECT", "boss")};
  const std::string sql = render::render_grants("TABLE s.t", acl, {}, "own");
  CHECK(sql ==
        "SET SESSION AUTHORIZATION boss;\nGRANT SELECT ON TABLE s.t TO x;\nRESET SESSION "
        "AUTHORIZATION;\n");
}

TEST_CASE("column grants name the column", "[acl]") {
  const Acl acl{g("x", "SELECT"), g("x", "UPDATE")};
  CHECK(render::render_grants("TABLE s.t", acl, {}, "own", "Col") ==
        "GRANT SELECT(\"Col\"), UPDATE(\"Col\") ON TABLE s.t TO x;\n");
}

TEST_CASE("default privileges for a role render as ALTER DEFAULT PRIVILEGES", "[acl]") {
  model::ObjectId id{ObjectKind::kDefaultPrivileges, "app", "", "own", "tables"};
  model::DefaultPrivilegesDef def{Acl{g("ro", "SELECT")}};
  CHECK(render::render_default_privileges(id, def, 150000) ==
        "ALTER DEFAULT PRIVILEGES FOR ROLE own IN SCHEMA app GRANT SELECT ON TABLES TO ro;\n");
  // A global entry replaces the built-in defaults: what is missing is revoked.
  model::ObjectId global{ObjectKind::kDefaultPrivileges, "", "", "own", "functions"};
  model::DefaultPrivilegesDef no_public{Acl{g("own", "EXECUTE")}};
  CHECK(render::render_default_privileges(global, no_public, 150000) ==
        "ALTER DEFAULT PRIVILEGES FOR ROLE own REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n");
  // Large objects (PostgreSQL 18) start from their owner's SELECT and UPDATE.
  model::ObjectId large{ObjectKind::kDefaultPrivileges, "", "", "own", "large objects"};
  CHECK(render::render_default_privileges(
            large, model::DefaultPrivilegesDef{Acl{g("own", "SELECT")}}, 180000) ==
        "ALTER DEFAULT PRIVILEGES FOR ROLE own REVOKE UPDATE ON LARGE OBJECTS FROM own;\n");
  // An entry going back to where it started: revoked to the defaults, or to nothing.
  CHECK(render::render_default_privileges_change(id, def.acl,
                                                 render::default_privileges_start(id, 150000)) ==
        "ALTER DEFAULT PRIVILEGES FOR ROLE own IN SCHEMA app REVOKE SELECT ON TABLES FROM ro;\n");
  model::ObjectId unknown{ObjectKind::kDefaultPrivileges, "", "", "own", "gadgets"};
  CHECK_THROWS(render::default_privileges_start(unknown, 150000));
}

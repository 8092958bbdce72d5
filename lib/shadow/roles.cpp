#include "shadow/roles.h"

#include <algorithm>

#include "util/quote.h"

namespace pgdrift::shadow {

std::vector<std::string> read_tablespaces(pg::Connection& conn) {
  auto rows = conn.exec(
      "SELECT spcname FROM pg_catalog.pg_tablespace "
      "WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY spcname COLLATE \"C\"");
  std::vector<std::string> names;
  for (int r = 0; r < rows.rows(); ++r) names.push_back(rows.text(r, 0));
  return names;
}

size_t count_relations(pg::Connection& conn) {
  auto rows = conn.exec("SELECT count(*) FROM pg_catalog.pg_class WHERE oid >= 16384");
  return std::stoul(rows.text(0, 0));
}

std::vector<RoleSpec> read_roles(pg::Connection& conn) {
  // pg_roles is readable by every role; predefined roles (pg_*) exist everywhere.
  auto rows = conn.exec(
      "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolbypassrls "
      "FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname COLLATE \"C\"");
  std::vector<RoleSpec> roles;
  for (int r = 0; r < rows.rows(); ++r) {
    RoleSpec role;
    role.name = rows.text(r, 0);
    role.superuser = rows.boolean(r, 1);
    role.createdb = rows.boolean(r, 2);
    role.createrole = rows.boolean(r, 3);
    role.inherit = rows.boolean(r, 4);
    role.bypassrls = rows.boolean(r, 5);
    roles.push_back(std::move(role));
  }
  auto members = conn.exec(
      "SELECT m.rolname, g.rolname FROM pg_catalog.pg_auth_members a "
      "JOIN pg_catalog.pg_roles m ON m.oid = a.member "
      "JOIN pg_catalog.pg_roles g ON g.oid = a.roleid "
      "WHERE m.rolname !~ '^pg_' AND g.rolname !~ '^pg_' "
      "ORDER BY m.rolname COLLATE \"C\", g.rolname COLLATE \"C\"");
  for (int r = 0; r < members.rows(); ++r) {
    const std::string member = members.text(r, 0);
    auto it = std::find_if(roles.begin(), roles.end(),
                           [&](const RoleSpec& role) { return role.name == member; });
    // PostgreSQL 16 can record one membership several times (per grantor): once here.
    const std::string group = members.text(r, 1);
    if (it != roles.end() && (it->member_of.empty() || it->member_of.back() != group)) {
      it->member_of.push_back(group);
    }
  }
  return roles;
}

std::vector<std::string> create_roles_sql(const std::vector<RoleSpec>& roles,
                                          const std::vector<std::string>& existing) {
  std::vector<std::string> statements;
  auto exists = [&](const std::string& name) {
    return std::find(existing.begin(), existing.end(), name) != existing.end();
  };
  for (const auto& role : roles) {
    if (exists(role.name)) continue;
    std::string sql = "CREATE ROLE " + quote_ident(role.name) + " NOLOGIN";
    if (role.superuser) sql += " SUPERUSER";
    if (role.createdb) sql += " CREATEDB";
    if (role.createrole) sql += " CREATEROLE";
    if (!role.inherit) sql += " NOINHERIT";
    if (role.bypassrls) sql += " BYPASSRLS";
    statements.push_back(sql);
  }
  for (const auto& role : roles) {
    if (exists(role.name)) continue;
    for (const auto& group : role.member_of) {
      statements.push_back("GRANT " + quote_ident(group) + " TO " + quote_ident(role.name));
    }
  }
  return statements;
}

DatabaseSpec read_database_spec(pg::Connection& conn) {
  const int version = conn.server_version();
  // The locale provider arrived in 15 (ICU) and the builtin one in 17, where the ICU
  // locale column was renamed datlocale.
  std::string provider = "'c'";
  std::string locale = "''";
  if (version >= 170000) {
    provider = "d.datlocprovider::text";
    locale = "coalesce(d.datlocale, '')";
  } else if (version >= 150000) {
    provider = "d.datlocprovider::text";
    locale = "coalesce(d.daticulocale, '')";
  }
  auto rows = conn.exec(
      "SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, "
      "d.datctype, " +
      provider + ", " + locale +
      ", pg_catalog.pg_get_userbyid(d.datdba) "
      "FROM pg_catalog.pg_database d WHERE d.datname = current_database()");
  DatabaseSpec spec;
  spec.encoding = rows.text(0, 0);
  spec.lc_collate = rows.text(0, 1);
  spec.lc_ctype = rows.text(0, 2);
  spec.locale_provider = rows.text(0, 3);
  spec.locale = rows.text(0, 4);
  spec.owner = rows.text(0, 5);
  auto grants = conn.exec(
      "SELECT a.privilege_type, r.rolname FROM pg_catalog.pg_database d "
      "CROSS JOIN LATERAL pg_catalog.aclexplode(d.datacl) a "
      "JOIN pg_catalog.pg_roles r ON r.oid = a.grantee "
      "WHERE d.datname = current_database() AND a.grantee <> d.datdba "
      "ORDER BY r.rolname COLLATE \"C\", a.privilege_type COLLATE \"C\"");
  for (int r = 0; r < grants.rows(); ++r) {
    spec.grants.emplace_back(grants.text(r, 0), grants.text(r, 1));
  }
  return spec;
}

std::vector<std::string> database_grants_sql(const DatabaseSpec& spec, const std::string& name) {
  std::vector<std::string> statements;
  for (const auto& [privilege, role] : spec.grants) {
    statements.push_back("GRANT " + privilege + " ON DATABASE " + quote_ident(name) + " TO " +
                         quote_ident(role));
  }
  return statements;
}

std::string create_database_options(const DatabaseSpec& spec, int server_version_num) {
  std::string sql = "TEMPLATE template0 ENCODING " + quote_literal(spec.encoding) + " LC_COLLATE " +
                    quote_literal(spec.lc_collate) + " LC_CTYPE " + quote_literal(spec.lc_ctype);
  if (spec.locale_provider == "i" && server_version_num >= 150000) {
    sql += " LOCALE_PROVIDER icu ICU_LOCALE " + quote_literal(spec.locale);
  } else if (spec.locale_provider == "b" && server_version_num >= 170000) {
    sql += " LOCALE_PROVIDER builtin BUILTIN_LOCALE " + quote_literal(spec.locale);
  }
  return sql;
}

}  // namespace pgdrift::shadow

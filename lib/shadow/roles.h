// shadow/roles.h — what a shadow needs to know about the live server before a replay:
// its roles (names, attributes, memberships) and how its database was created.
//
// Roles are cluster-wide, so a database replay cannot bring them; a throwaway cluster
// gets them as NOLOGIN roles with the same attributes and memberships, so migrations
// that grant to roles or run as the application role replay as they ran in production.
// Depends on pg/.
#pragma once

#include <string>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::shadow {

struct RoleSpec {
  std::string name;
  bool superuser = false;
  bool createdb = false;
  bool createrole = false;
  bool inherit = true;
  bool bypassrls = false;
  std::vector<std::string> member_of;  ///< roles this role is a member of
};

/// Every non-predefined role of the server \a conn is connected to, sorted by name.
std::vector<RoleSpec> read_roles(pg::Connection& conn);

/// The tablespaces of that server other than the built-in pg_default and pg_global,
/// sorted by name (objects placed in them replay only where they exist).
std::vector<std::string> read_tablespaces(pg::Connection& conn);

/// How many relations the database \a conn is connected to has beyond the system's own
/// (tables, TOAST tables, indexes, sequences, views): what a shadow replaying its schema
/// must be able to lock in one transaction.
size_t count_relations(pg::Connection& conn);

/// The statements that create \a roles (those not in \a existing) as NOLOGIN roles and
/// grant their memberships.
std::vector<std::string> create_roles_sql(const std::vector<RoleSpec>& roles,
                                          const std::vector<std::string>& existing);

/// How the live database was created: encoding, locale and owner.
struct DatabaseSpec {
  std::string encoding = "UTF8";
  std::string lc_collate = "C";
  std::string lc_ctype = "C";
  std::string locale_provider = "c";  ///< "c" libc, "i" ICU, "b" builtin (17+)
  std::string locale;                 ///< ICU or builtin locale, else ""
  std::string owner;
  /// Privileges on the database granted to roles other than its owner, e.g.
  /// {"CREATE", "app"}: a migration role that may create schemas without owning the
  /// database needs them in the shadow too.
  std::vector<std::pair<std::string, std::string>> grants;
};

/// The GRANT statements that give database \a name the grants of \a spec.
std::vector<std::string> database_grants_sql(const DatabaseSpec& spec, const std::string& name);

/// The DatabaseSpec of the database \a conn is connected to.
DatabaseSpec read_database_spec(pg::Connection& conn);

/// The CREATE DATABASE options (after the name) that reproduce \a spec, without OWNER.
std::string create_database_options(const DatabaseSpec& spec, int server_version_num);

}  // namespace pgdrift::shadow

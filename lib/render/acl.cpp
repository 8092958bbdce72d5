#include "render/acl.h"

#include <algorithm>
#include <cctype>

#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::render {
namespace {

using model::Acl;
using model::Grant;
using model::ObjectKind;

std::string role_sql(const std::string& role) {
  return role.empty() ? "PUBLIC" : quote_ident(role);
}

Acl grants_to(const std::string& grantee, const std::string& grantor,
              std::initializer_list<const char*> privileges) {
  Acl acl;
  for (const char* p : privileges) acl.push_back(Grant{grantee, grantor, p, false});
  return acl;
}

Acl table_defaults(const std::string& owner, int version_num) {
  Acl acl = grants_to(
      owner, owner, {"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"});
  // PostgreSQL 17 added the MAINTAIN privilege to the owner's defaults.
  if (version_num >= 170000) acl.push_back(Grant{owner, owner, "MAINTAIN", false});
  return acl;
}

// One GRANT (or REVOKE) per run of consecutive items with the same grantee, grantor and
// grant option: that is one aclitem, so the replay recreates the items in order.
struct GrantGroup {
  std::string grantee;
  std::string grantor;
  bool grantable = false;
  std::vector<std::string> privileges;
};

std::vector<GrantGroup> group(const Acl& items) {
  std::vector<GrantGroup> groups;
  for (const auto& g : items) {
    if (groups.empty() || groups.back().grantee != g.grantee ||
        groups.back().grantor != g.grantor || groups.back().grantable != g.grantable) {
      groups.push_back({g.grantee, g.grantor, g.grantable, {}});
    }
    groups.back().privileges.push_back(g.privilege);
  }
  return groups;
}

std::string privilege_list(const std::vector<std::string>& privileges, const std::string& column) {
  std::string out;
  for (const auto& p : privileges) {
    if (!out.empty()) out += ", ";
    out += p;
    if (!column.empty()) out += "(" + quote_ident(column) + ")";
  }
  return out;
}

std::string grant_statements(const std::string& object_sql, const Acl& items,
                             const std::string& owner, const std::string& column) {
  std::string out;
  for (const auto& g : group(items)) {
    std::string stmt = "GRANT " + privilege_list(g.privileges, column) + " ON " + object_sql +
                       " TO " + role_sql(g.grantee);
    if (g.grantable) stmt += " WITH GRANT OPTION";
    stmt += ";\n";
    // A superuser's GRANT is recorded as made by the owner; any other grantor must
    // make the grant itself.
    if (!g.grantor.empty() && g.grantor != owner) {
      stmt = "SET SESSION AUTHORIZATION " + quote_ident(g.grantor) + ";\n" + stmt +
             "RESET SESSION AUTHORIZATION;\n";
    }
    out += stmt;
  }
  return out;
}

// How to get from \a defaults to \a acl: the default items to revoke, and the items to
// grant afterwards. Items kept from the defaults keep their place; granted items are
// appended, which is where PostgreSQL puts a new grantee's aclitem.
struct AclChange {
  Acl revoke;
  Acl grant;
};

AclChange diff_acl(const Acl& acl, const Acl& defaults) {
  AclChange change;
  size_t i = 0, j = 0;
  while (i < acl.size() && j < defaults.size()) {
    if (acl[i] == defaults[j]) {
      ++i;
      ++j;
      continue;
    }
    const auto later = std::find(defaults.begin() + static_cast<long>(j), defaults.end(), acl[i]);
    if (later == defaults.end()) break;  // acl[i] is not a default: the grants start here
    const auto k = static_cast<size_t>(later - defaults.begin());
    change.revoke.insert(change.revoke.end(), defaults.begin() + static_cast<long>(j), later);
    j = k;
  }
  change.revoke.insert(change.revoke.end(), defaults.begin() + static_cast<long>(j),
                       defaults.end());
  change.grant.assign(acl.begin() + static_cast<long>(i), acl.end());
  return change;
}

// REVOKE statements, one per grantee, for the revoked default items.
template <typename MakeStatement>
std::string revoke_statements(const Acl& revoked, MakeStatement make) {
  std::string out;
  std::vector<std::string> grantees;
  for (const auto& g : revoked) {
    if (std::find(grantees.begin(), grantees.end(), g.grantee) == grantees.end()) {
      grantees.push_back(g.grantee);
    }
  }
  for (const auto& grantee : grantees) {
    std::vector<std::string> privileges;
    for (const auto& g : revoked) {
      if (g.grantee == grantee) privileges.push_back(g.privilege);
    }
    out += make(privileges, grantee);
  }
  return out;
}

}  // namespace

Acl default_privileges(ObjectKind kind, const std::string& owner, int version_num) {
  switch (kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      return table_defaults(owner, version_num);
    case ObjectKind::kSequence:
      return grants_to(owner, owner, {"SELECT", "UPDATE", "USAGE"});
    case ObjectKind::kFunction:
    case ObjectKind::kAggregate: {
      Acl acl = grants_to("", owner, {"EXECUTE"});
      acl.push_back(Grant{owner, owner, "EXECUTE", false});
      return acl;
    }
    case ObjectKind::kType:
    case ObjectKind::kDomain:
    case ObjectKind::kLanguage: {
      Acl acl = grants_to("", owner, {"USAGE"});
      acl.push_back(Grant{owner, owner, "USAGE", false});
      return acl;
    }
    case ObjectKind::kSchema:
      return grants_to(owner, owner, {"USAGE", "CREATE"});
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
      return grants_to(owner, owner, {"USAGE"});
    case ObjectKind::kExtension:
    case ObjectKind::kCollation:
    case ObjectKind::kConstraint:
    case ObjectKind::kIndex:
    case ObjectKind::kRule:
    case ObjectKind::kTrigger:
    case ObjectKind::kEventTrigger:
    case ObjectKind::kPolicy:
    case ObjectKind::kStatistics:
    case ObjectKind::kPublication:
    case ObjectKind::kDefaultPrivileges:
    case ObjectKind::kOperator:
    case ObjectKind::kOperatorFamily:
    case ObjectKind::kOperatorClass:
    case ObjectKind::kTextSearchParser:
    case ObjectKind::kTextSearchTemplate:
    case ObjectKind::kTextSearchDictionary:
    case ObjectKind::kTextSearchConfiguration:
    case ObjectKind::kCast:
    case ObjectKind::kConversion:
    case ObjectKind::kAccessMethod:
    case ObjectKind::kTransform:
    case ObjectKind::kUserMapping:
    case ObjectKind::kSubscription:
    case ObjectKind::kCount:
      return {};
  }
  return {};
}

std::string render_grants(const std::string& object_sql, const std::optional<Acl>& acl,
                          const Acl& defaults, const std::string& owner,
                          const std::string& column) {
  if (!acl) return "";
  const AclChange change = diff_acl(*acl, defaults);
  std::string out = revoke_statements(
      change.revoke, [&](const std::vector<std::string>& privileges, const std::string& grantee) {
        return "REVOKE " + privilege_list(privileges, column) + " ON " + object_sql + " FROM " +
               role_sql(grantee) + ";\n";
      });
  return out + grant_statements(object_sql, change.grant, owner, column);
}

model::Acl default_privileges_start(const model::ObjectId& id, int version_num) {
  // A global entry replaces the built-in defaults; a per-schema entry adds to them.
  if (!id.schema.empty()) return {};
  // Large objects (PostgreSQL 18) are no kind of the catalog: their owner's SELECT, UPDATE.
  if (id.args == "large objects") return grants_to(id.name, id.name, {"SELECT", "UPDATE"});
  const ObjectKind kind = id.args == "tables"      ? ObjectKind::kTable
                          : id.args == "sequences" ? ObjectKind::kSequence
                          : id.args == "functions" ? ObjectKind::kFunction
                          : id.args == "types"     ? ObjectKind::kType
                          : id.args == "schemas"   ? ObjectKind::kSchema
                                                   : throw Error(ErrorCategory::kInternal,
                                                                 "default privileges on unknown "
                                                                   "objects: " +
                                                                     id.args);
  return default_privileges(kind, id.name, version_num);
}

std::string render_default_privileges_change(const model::ObjectId& id, const Acl& before,
                                             const Acl& after) {
  // id.name is the role, id.schema the schema ("" for the role's global defaults),
  // id.args the object type in ALTER DEFAULT PRIVILEGES' words.
  std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote_ident(id.name);
  if (!id.schema.empty()) prefix += " IN SCHEMA " + quote_ident(id.schema);
  std::string on = " ON ";
  for (char c : id.args) on += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const AclChange change = diff_acl(after, before);
  std::string out = revoke_statements(
      change.revoke, [&](const std::vector<std::string>& privileges, const std::string& grantee) {
        return prefix + " REVOKE " + privilege_list(privileges, "") + on + " FROM " +
               role_sql(grantee) + ";\n";
      });
  for (const auto& g : group(change.grant)) {
    out += prefix + " GRANT " + privilege_list(g.privileges, "") + on + " TO " +
           role_sql(g.grantee) + (g.grantable ? " WITH GRANT OPTION" : "") + ";\n";
  }
  return out;
}

std::string render_default_privileges(const model::ObjectId& id,
                                      const model::DefaultPrivilegesDef& def, int version_num) {
  return render_default_privileges_change(id, default_privileges_start(id, version_num), def.acl);
}

}  // namespace pgdrift::render

// render/acl.h — privileges as GRANT / REVOKE statements.
//
// An object's ACL is rendered relative to the privileges PostgreSQL gives it by default
// (the owner's, and PUBLIC's for functions and types), like pg_dump does: when the ACL
// starts with the default items, only the extra grants are written; otherwise the
// defaults are revoked first and every item is granted in catalog order, so the replayed
// ACL is item for item the original.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/objects.h"

namespace pgdrift::render {

/// The privileges PostgreSQL gives an object of \a kind owned by \a owner by default
/// (acldefault()), in aclexplode() order, for a server of version \a version_num.
model::Acl default_privileges(model::ObjectKind kind, const std::string& owner, int version_num);

/// GRANT/REVOKE statements that turn the default ACL \a defaults into \a acl on
/// \a object_sql (e.g. "TABLE public.t"). \a column, when set, makes them column grants.
/// Returns "" when \a acl is std::nullopt (the default).
std::string render_grants(const std::string& object_sql, const std::optional<model::Acl>& acl,
                          const model::Acl& defaults, const std::string& owner,
                          const std::string& column = "");

/// What a pg_default_acl entry \a id starts from, and what it goes back to when its row
/// goes away: the built-in defaults for a role's global entry (it replaces them), nothing
/// for a per-schema one (it adds to them).
model::Acl default_privileges_start(const model::ObjectId& id, int version_num);

/// ALTER DEFAULT PRIVILEGES statements that turn entry \a id's ACL \a before into
/// \a after (in aclexplode() order, as render_grants does for objects).
std::string render_default_privileges_change(const model::ObjectId& id, const model::Acl& before,
                                             const model::Acl& after);

/// ALTER DEFAULT PRIVILEGES statements for one pg_default_acl entry.
std::string render_default_privileges(const model::ObjectId& id,
                                      const model::DefaultPrivilegesDef& def, int version_num);

}  // namespace pgdrift::render

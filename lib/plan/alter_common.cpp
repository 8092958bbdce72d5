// Dispatch of in-place changes, and the three things every kind shares: owner, comment
// and privileges.
#include <algorithm>

#include "plan/alteration.h"
#include "render/acl.h"
#include "render/object_target.h"
#include "util/quote.h"

namespace pgdrift::plan {

using model::ObjectKind;

const char* action_name(Action action) {
  switch (action) {
    case Action::kCreate:
      return "create";
    case Action::kDrop:
      return "drop";
    case Action::kAlter:
      return "alter";
    case Action::kReplace:
      return "replace";
  }
  return "alter";
}

Statement statement(const model::ObjectId& object, Action action, std::string sql,
                    std::vector<Hazard> hazards) {
  return Statement{object, action, std::move(sql), std::move(hazards)};
}

namespace {

// GRANT names relations as TABLE, servers as FOREIGN SERVER and aggregates as FUNCTION
// with their plain input types.
std::string grant_target(const model::Object& o) {
  switch (o.id.kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      return "TABLE " + qualified_name(o.id.schema, o.id.name);
    case ObjectKind::kForeignServer:
      return "FOREIGN SERVER " + quote_ident(o.id.name);
    case ObjectKind::kAggregate:
      return "FUNCTION " + qualified_name(o.id.schema, o.id.name) + "(" +
             model::def_as<model::AggregateDef>(o).input_types + ")";
    default:
      return render::object_target(o);
  }
}

}  // namespace

model::Acl acl_after_owner_change(model::Acl acl, const std::string& old_owner,
                                  const std::string& new_owner) {
  // ALTER ... OWNER TO gives the old owner's grants, as grantee and as grantor, to the
  // new owner (aclnewowner()).
  model::Acl out;
  for (auto& g : acl) {
    if (g.grantee == old_owner) g.grantee = new_owner;
    if (g.grantor == old_owner) g.grantor = new_owner;
    if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(std::move(g));
  }
  return out;
}

namespace {

bool is_public_schema(const model::ObjectId& id) {
  return id.kind == model::ObjectKind::kSchema && id.name == "public";
}

// The public schema's ACL as initdb makes it (PostgreSQL 15 and later), its owner's items
// moved to \a owner: the owner may use and create, everyone may use.
model::Acl public_schema_initial_acl(const std::string& owner) {
  return {
      {owner, owner, "USAGE", false}, {owner, owner, "CREATE", false}, {"", owner, "USAGE", false}};
}

}  // namespace

std::vector<Statement> alter_owner_comment_privileges(const model::Object& from,
                                                      const model::Object& to,
                                                      int server_version_num) {
  std::vector<Statement> out;
  const std::string target = render::object_target(to);
  // The public schema's owner when unset is initdb's: from 15 on, pg_database_owner.
  const bool public_schema = is_public_schema(to.id) && server_version_num >= 150000;
  const std::optional<std::string> new_owner =
      to.owner || !public_schema ? to.owner : std::optional<std::string>("pg_database_owner");
  if (from.owner != to.owner && new_owner) {
    out.push_back(statement(to.id, Action::kAlter,
                            "ALTER " + target + " OWNER TO " + quote_ident(*new_owner) + ";\n"));
  }
  if (from.comment != to.comment) {
    // The reader keeps the public schema's initdb comment as "no comment" and its
    // absence as "" (catalog/read_objects.cpp).
    std::optional<std::string> comment = to.comment;
    if (to.id.kind == ObjectKind::kSchema && to.id.name == "public") {
      comment = !to.comment           ? std::optional<std::string>("standard public schema")
                : to.comment->empty() ? std::nullopt
                                      : to.comment;
    }
    out.push_back(statement(
        to.id, Action::kAlter,
        "COMMENT ON " + target + " IS " + (comment ? quote_literal(*comment) : "NULL") + ";\n"));
  }
  if (from.acl != to.acl || from.owner != to.owner) {
    // Both sides as full lists (the default when unset), so that the statements take
    // the one exactly to the other, item order included (see render/acl.h).
    const std::string owner = new_owner.value_or("");
    // The public schema's default is initdb's, which lets PUBLIC use it, not the owner's.
    auto unset = [&](const model::Object& o) {
      return public_schema ? public_schema_initial_acl(owner)
                           : render::default_privileges(o.id.kind, owner, server_version_num);
    };
    // ALTER ... OWNER TO (above) has already moved the old owner's items to the new one.
    const model::Acl before =
        from.acl ? acl_after_owner_change(*from.acl, from.owner.value_or(""), owner) : unset(from);
    const model::Acl after = to.acl ? *to.acl : unset(to);
    std::string sql =
        before == after ? "" : render::render_grants(grant_target(to), after, before, owner);
    if (!sql.empty()) out.push_back(statement(to.id, Action::kAlter, std::move(sql)));
  }
  return out;
}

Alteration alter_object(const model::Object& from, const model::Object& to, const Sides& sides) {
  Alteration alteration;
  if (!(from.definition == to.definition)) {
    switch (to.id.kind) {
      case ObjectKind::kTable:
        alteration = alter_table(from, to, sides);
        break;
      case ObjectKind::kSequence:
        alteration = alter_sequence(from, to);
        break;
      case ObjectKind::kFunction:
        alteration = alter_function(from, to);
        break;
      case ObjectKind::kType:
        alteration = alter_type(from, to);
        break;
      case ObjectKind::kExtension:
        alteration = alter_extension(from, to);
        break;
      case ObjectKind::kPolicy:
        alteration = alter_policy(from, to);
        break;
      case ObjectKind::kDefaultPrivileges: {
        // Deltas: what the entry grants that it did not, and revokes what it no longer
        // grants.
        std::string sql = render::render_default_privileges_change(
            to.id, model::def_as<model::DefaultPrivilegesDef>(from).acl,
            model::def_as<model::DefaultPrivilegesDef>(to).acl);
        alteration.steps.push_back({{statement(to.id, Action::kAlter, std::move(sql))}, {}});
        break;
      }
      default:
        // No ALTER form that covers a changed definition: an index, a constraint, a view
        // that changes its columns, a trigger, ... are dropped and created.
        alteration.recreate = true;
        break;
    }
  }
  if (alteration.recreate || !alteration.unsupported.empty()) return alteration;
  // First: a table's REVOKE at table level would also take away the column grants
  // that its ALTER TABLE steps give.
  // A sequence owned by a column has its table's owner: ALTER TABLE ... OWNER TO takes it
  // along (and ALTER SEQUENCE ... OWNER TO is refused), so its own owner is not written,
  // and its grants wait for the table's change.
  const auto* sequence = model::def_if<model::SequenceDef>(to);
  if (sequence && sequence->owned_by && from.owner != to.owner) {
    model::Object moved = from;
    moved.owner = to.owner;
    if (from.acl) {
      moved.acl = acl_after_owner_change(*from.acl, from.owner.value_or(""), to.owner.value_or(""));
    }
    auto shared = alter_owner_comment_privileges(moved, to, sides.to.server_version_num);
    if (!shared.empty()) {
      const model::ObjectId table{ObjectKind::kTable, to.id.schema, "", sequence->owned_by->table,
                                  ""};
      alteration.steps.push_back({std::move(shared), {table}});
    }
    return alteration;
  }
  auto shared = alter_owner_comment_privileges(from, to, sides.to.server_version_num);
  if (!shared.empty()) alteration.steps.insert(alteration.steps.begin(), {std::move(shared), {}});
  return alteration;
}

}  // namespace pgdrift::plan

#include "app/plan_proof.h"

#include <algorithm>
#include <set>

#include "diff/change_set.h"
#include "diff/normalisation.h"
#include "plan/plan_text.h"
#include "render/sql.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

// Every role a catalog names (owners, grantees, grantors, policies' roles, default
// privileges' roles): the shadow needs them to exist before the schema replays.
std::set<std::string> named_roles(const model::Catalog& catalog) {
  std::set<std::string> roles;
  auto add_acl = [&](const std::optional<model::Acl>& acl) {
    if (!acl) return;
    for (const auto& g : *acl) {
      if (!g.grantee.empty()) roles.insert(g.grantee);
      if (!g.grantor.empty()) roles.insert(g.grantor);
    }
  };
  for (const auto& o : catalog.objects) {
    if (o.owner) roles.insert(*o.owner);
    add_acl(o.acl);
    if (const auto* t = model::def_if<model::TableDef>(o)) {
      for (const auto& c : t->columns) {
        add_acl(c.acl.to_optional());
        if (c.identity) add_acl(c.identity->acl);
      }
    }
    if (const auto* p = model::def_if<model::PolicyDef>(o)) {
      for (const auto& r : p->roles) {
        if (!r.empty()) roles.insert(r);
      }
    }
    if (const auto* d = model::def_if<model::DefaultPrivilegesDef>(o)) {
      roles.insert(o.id.name);
      add_acl(d->acl);
    }
    if (o.id.kind == model::ObjectKind::kUserMapping && o.id.name != "PUBLIC") {
      roles.insert(o.id.name);
    }
  }
  return roles;
}

// Quietly: the sources' reads have said what the reader does not model.
model::Catalog read_back(const pg::ConnectOptions& where, const LiveSource& reading, Log& log) {
  NullLog quiet;
  (void)log;
  return read_database_catalog(where, reading, quiet);
}

pg::ConnectOptions database_with(shadow::Shadow& shadow, const std::string& script, Log& log,
                                 const std::string& what) {
  const auto where = shadow.create_database(shadow::DatabaseSpec{}, log);
  auto conn = pg::Connection::open(where);
  with_context(what, [&] { conn.run_script(script); });
  return where;
}

std::string differences(const diff::ChangeSet& changes) {
  std::string out;
  size_t shown = 0;
  for (const auto& f : changes.findings) {
    if (++shown > 5) {
      out += ", and " + std::to_string(changes.findings.size() - 5) + " more";
      break;
    }
    out += (out.empty() ? "" : ", ") + f.kind + " " + f.object + " " + diff::change_name(f.change);
  }
  return out;
}

// Throws naming what still differs when \a result is not \a expected. Deparse is not
// always a fixpoint: when only changed definitions remain, \a expected replayed once is
// the judge, as `check` does it.
void require_same(shadow::Shadow& shadow, const model::Catalog& expected,
                  const model::Catalog& result, const ProofLabels& labels,
                  const LiveSource& reading, Log& log) {
  auto changes = diff::compare(expected, result);
  if (changes.empty()) return;
  if (diff::has_changed_findings(changes)) {
    const auto again = database_with(shadow, render::render_sql(expected), log,
                                     "replaying " + labels.to + " in the shadow");
    changes = diff::compare(read_back(again, reading, log), result);
    if (changes.empty()) return;
  }
  throw Error(ErrorCategory::kInput,
              "the " + labels.plan +
                  " does not prove: applied in the shadow, the result still differs from " +
                  labels.to + " in " + std::to_string(changes.findings.size()) +
                  " object(s): " + differences(changes) + "; nothing was written");
}

}  // namespace

std::unique_ptr<shadow::Shadow> start_proof_shadow(const model::Catalog& from,
                                                   const model::Catalog& to,
                                                   const shadow::ShadowOptions& options, Log& log) {
  const int version = from.server_version_num ? from.server_version_num : to.server_version_num;
  shadow::ShadowOptions sized = options;
  sized.relations =
      std::max({options.relations, model::relation_count(from), model::relation_count(to)});
  auto shadow = shadow::start_shadow(sized, version / 10000, log);
  create_proof_roles(*shadow, from, to, log);
  return shadow;
}

void create_proof_roles(shadow::Shadow& shadow, const model::Catalog& from,
                        const model::Catalog& to, Log& log) {
  std::set<std::string> roles = named_roles(from);
  for (const auto& role : named_roles(to)) roles.insert(role);
  std::vector<shadow::RoleSpec> specs;
  for (const auto& role : roles)
    specs.push_back(shadow::RoleSpec{role, false, false, false, true, false, {}});
  shadow.create_roles(specs, log);
}

ProvenDatabase prove_plan(shadow::Shadow& shadow, const model::Catalog& from,
                          const model::Catalog& to, const plan::Plan& plan,
                          const ProofLabels& labels, const LiveSource& reading, Log& log,
                          bool read_each_part) {
  return prove_runs(shadow, from, to, plan::plan_runs(plan), labels, reading, log, read_each_part);
}

ProvenDatabase prove_runs(shadow::Shadow& shadow, const model::Catalog& from,
                          const model::Catalog& to, const std::vector<std::string>& runs,
                          const ProofLabels& labels, const LiveSource& reading, Log& log,
                          bool read_each_part) {
  log.info("proving the " + labels.plan + ": replaying " + labels.from + " in " +
           shadow.description());
  ProvenDatabase database{database_with(shadow, render::render_sql(from), log,
                                        "replaying " + labels.from + " in the shadow"),
                          {}};
  if (read_each_part) database.states.push_back(read_back(database.where, reading, log));
  {
    auto conn = pg::Connection::open(database.where);
    for (const auto& run : runs) {
      with_context("the " + labels.plan + " failed in the shadow", [&] { conn.run_script(run); });
      if (read_each_part) database.states.push_back(read_back(database.where, reading, log));
    }
  }
  const model::Catalog result =
      read_each_part ? database.states.back() : read_back(database.where, reading, log);
  require_same(shadow, to, result, labels, reading, log);
  return database;
}

void prove_downs(shadow::Shadow& shadow, const ProvenDatabase& database,
                 const std::vector<std::optional<plan::Plan>>& downs, const LiveSource& reading,
                 Log& log) {
  auto conn = pg::Connection::open(database.where);
  for (size_t k = downs.size(); k-- > 0;) {
    if (!downs[k]) return;
    const std::string part = "down section of part " + std::to_string(k + 1);
    for (const auto& run : plan::plan_runs(*downs[k])) {
      with_context("the " + part + " failed in the shadow", [&] { conn.run_script(run); });
    }
    require_same(shadow, database.states.at(k), read_back(database.where, reading, log),
                 {part, "", "the state before part " + std::to_string(k + 1)}, reading, log);
  }
}

}  // namespace pgdrift::app

#include "plan/planner.h"

#include "plan/name_changes.h"
#include "plan/planner_state.h"
#include "util/error.h"

namespace pgdrift::plan {

ById by_id(const model::Catalog& catalog) {
  ById out;
  for (const auto& o : catalog.objects) out.emplace(o.id, &o);
  return out;
}

ObjectId relation_id(ObjectKind kind, const std::string& schema, const std::string& name) {
  return ObjectId{kind, schema, "", name, ""};
}

// (schema, index name) -> the object that creates the index: the index or its constraint.
std::map<std::pair<std::string, std::string>, ObjectId> index_creators(const model::Catalog& c) {
  std::map<std::pair<std::string, std::string>, ObjectId> out;
  for (const auto& o : c.objects) {
    if (o.id.kind == ObjectKind::kIndex) out.emplace(std::pair{o.id.schema, o.id.name}, o.id);
    if (const auto* d = model::def_if<model::ConstraintDef>(o); d && !d->index_name.empty()) {
      out.emplace(std::pair{o.id.schema, d->index_name}, o.id);
    }
  }
  return out;
}

// The name \a o takes among its schema's relations: a table's, view's, sequence's or
// index's own, a key's index's.
std::optional<std::string> relation_name(const Object& o) {
  const auto kind = o.id.kind;
  if (kind == ObjectKind::kTable || kind == ObjectKind::kView ||
      kind == ObjectKind::kMaterializedView || kind == ObjectKind::kSequence ||
      kind == ObjectKind::kIndex) {
    return o.id.name;
  }
  const auto* c = model::def_if<model::ConstraintDef>(o);
  if (c && !c->index_name.empty()) return c->index_name;
  return std::nullopt;
}

Plan Planner::run() {
  decide();
  close_over_dependents();
  if (!unsupported_.empty()) {
    // One line, however many: the first few reasons and how many more.
    std::string list;
    for (size_t k = 0; k < std::min<size_t>(unsupported_.size(), 5); ++k) {
      list += (list.empty() ? "" : "; ") + unsupported_[k];
    }
    if (unsupported_.size() > 5) {
      list += "; and " + std::to_string(unsupported_.size() - 5) + " more";
    }
    throw Error(ErrorCategory::kUnsupported, "cannot plan this migration yet: " + list);
  }
  find_implicit_drops();
  find_online_rebuilds();
  build_steps();
  commit_labels_only_when_used();
  Plan plan;
  plan.statements = order_steps(steps_);
  plan.possible_renames = possible_renames();
  return plan;
}

Plan plan_migration(const model::Catalog& from, const model::Catalog& to,
                    const PlanOptions& options) {
  const auto name_changes = find_name_changes(from, to);
  if (name_changes.empty()) return Planner(from, to, options).run();
  // Renamed first; the rest planned from what the renames leave.
  return run_first(name_change_statements(name_changes),
                   Planner(with_name_changes(from, name_changes), to, options).run());
}

Plan run_first(std::vector<Statement> statements, Plan plan) {
  // Section 0 when the plan starts with one (new enum labels), else the first transaction.
  const int section = !plan.statements.empty() && plan.statements.front().section == 0 ? 0 : 1;
  for (auto& s : statements) s.section = section;
  statements.insert(statements.end(), plan.statements.begin(), plan.statements.end());
  plan.statements = std::move(statements);
  return plan;
}

}  // namespace pgdrift::plan

// The planner's decisions: for each object of either side, whether it is created,
// dropped, changed in place or dropped and created again, and what goes with it.
#include <algorithm>

#include "plan/online.h"
#include "plan/planner_state.h"
#include "render/sql.h"

namespace pgdrift::plan {
namespace {

// The objects whose DROP removes \a o with it: the relation a constraint, trigger, policy
// or rule lives on, an index's table, the table that owns a sequence, a partition's
// parent, the parent index an index is attached to.
std::vector<ObjectId> dropped_with(
    const Object& o, const ById& side,
    const std::map<std::pair<std::string, std::string>, ObjectId>& index_creators) {
  std::vector<ObjectId> out;
  // A partition's or child's copy of its parent's check constraint (same name) goes with
  // the parent's.
  if (o.id.kind == ObjectKind::kConstraint) {
    const auto table = side.find(relation_id(ObjectKind::kTable, o.id.schema, o.id.table));
    const auto* def =
        table == side.end() ? nullptr : model::def_if<model::TableDef>(*table->second);
    if (def) {
      std::vector<model::QualifiedName> parents = def->inherits;
      if (def->partition_of) parents.push_back(*def->partition_of);
      for (const auto& parent : parents) {
        out.push_back(ObjectId{ObjectKind::kConstraint, parent.schema, parent.name, o.id.name, ""});
      }
    }
  }
  if (!o.id.table.empty()) {
    for (auto kind : {ObjectKind::kTable, ObjectKind::kView, ObjectKind::kMaterializedView}) {
      out.push_back(relation_id(kind, o.id.schema, o.id.table));
    }
  }
  if (o.id.kind == ObjectKind::kIndex) {
    for (const auto& d : o.depends_on) {
      if (d.kind == ObjectKind::kTable || d.kind == ObjectKind::kMaterializedView) out.push_back(d);
    }
  }
  auto attached = [&](const std::optional<model::QualifiedName>& parent) {
    if (!parent) return;
    const auto it = index_creators.find({parent->schema, parent->name});
    if (it != index_creators.end()) out.push_back(it->second);
  };
  if (const auto* d = model::def_if<model::SequenceDef>(o); d && d->owned_by) {
    out.push_back(relation_id(ObjectKind::kTable, o.id.schema, d->owned_by->table));
  }
  if (const auto* d = model::def_if<model::TableDef>(o); d && d->partition_of) {
    out.push_back(relation_id(ObjectKind::kTable, d->partition_of->schema, d->partition_of->name));
  }
  if (const auto* d = model::def_if<model::IndexDef>(o)) attached(d->attach_to);
  if (const auto* d = model::def_if<model::ConstraintDef>(o)) attached(d->attach_to);
  return out;
}

bool rebuilt_over_a_changed_column(ObjectKind kind) {
  return kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView ||
         kind == ObjectKind::kRule || kind == ObjectKind::kPolicy || kind == ObjectKind::kTrigger ||
         kind == ObjectKind::kFunction;
}

}  // namespace

// 1. What happens to each object: created, dropped, changed in place or recreated.
void Planner::decide() {
  const Sides sides{from_, to_, options_.online};
  for (const auto& [id, object] : b_) {
    const auto it = a_.find(id);
    if (it == a_.end()) {
      created_.insert(id);
      continue;
    }
    const Object& before = *it->second;
    if (before.owner == object->owner && before.comment == object->comment &&
        before.acl == object->acl && before.definition == object->definition) {
      continue;
    }
    Alteration alteration = alter_object(before, *object, sides);
    if (!alteration.unsupported.empty()) {
      unsupported_.push_back(alteration.unsupported);
    } else if (alteration.recreate) {
      recreated_.insert(id);
    } else {
      if (alteration.rebuilds_dependents) changed_columns_.insert(id);
      if (!alteration.steps.empty()) altered_.emplace(id, std::move(alteration.steps));
    }
  }
  for (const auto& [id, object] : a_) {
    if (b_.count(id)) continue;
    removed_.insert(id);
  }
}

// 2. Whatever depends on a recreated object is recreated too, and what reads a column
//    that is retyped or dropped; a table cannot be recreated without losing its rows.
void Planner::close_over_dependents() {
  std::map<ObjectId, std::vector<ObjectId>> dependents;
  for (const auto& o : from_.objects) {
    for (const auto& d : o.depends_on) dependents[d].push_back(o.id);
  }
  std::vector<ObjectId> work(recreated_.begin(), recreated_.end());
  // What stays but depends on a removed object is rebuilt from its target definition
  // (a view over a table that becomes a view of the same name); a table that used it
  // stops using it in its own ALTER, which runs before the drop.
  for (const auto& id : removed_) {
    for (const auto& d : dependents[id]) {
      if (d.kind != ObjectKind::kTable) work.push_back(d);
    }
  }
  for (const auto& table : changed_columns_) {
    for (const auto& d : dependents[table]) {
      if (rebuilt_over_a_changed_column(d.kind)) work.push_back(d);
    }
  }
  IdSet seen;
  std::map<ObjectId, ObjectId> because;  // what made an object be dropped and created
  std::map<std::string, std::vector<std::string>> losing_rows;  // cause -> tables
  while (!work.empty()) {
    const ObjectId id = work.back();
    work.pop_back();
    // A removed object is dropped anyway; its dependents are found through the others.
    if (!seen.insert(id).second || !b_.count(id)) continue;
    if (id.kind == ObjectKind::kTable && swap_enums_under(id)) {
      // Its rows stay: what reads the converted columns is rebuilt around it.
      for (const auto& d : dependents[id]) {
        if (!rebuilt_over_a_changed_column(d.kind)) continue;
        because.emplace(d, id);
        work.push_back(d);
      }
      continue;
    }
    if (id.kind == ObjectKind::kTable) {
      const auto cause = because.find(id);
      losing_rows[cause != because.end() ? model::describe(cause->second) : "an object"].push_back(
          id.schema + "." + id.name);
      continue;
    }
    recreated_.insert(id);
    altered_.erase(id);
    for (const auto& d : dependents[id]) {
      because.emplace(d, id);
      work.push_back(d);
    }
  }
  for (auto& [cause, tables] : losing_rows) {
    std::sort(tables.begin(), tables.end());
    std::string names = tables.front();
    for (size_t k = 1; k < std::min<size_t>(tables.size(), 3); ++k) names += ", " + tables[k];
    if (tables.size() > 3) names += " and " + std::to_string(tables.size() - 3) + " more";
    unsupported_.push_back(
        std::string(tables.size() == 1 ? "table " : "tables ") + names +
        (tables.size() == 1 ? " depends on " : " depend on ") + cause +
        ", which must be dropped and created again (PostgreSQL cannot "
        "change it in place, e.g. a domain over a changed type): that would lose "
        "their rows");
  }
}

// 3. Dropping a table drops its indexes, constraints, triggers, ... and a partitioned
//    table its partitions: those get no DROP of their own.
void Planner::find_implicit_drops() {
  const auto creators = index_creators(from_);
  IdSet dropping = removed_;
  dropping.insert(recreated_.begin(), recreated_.end());
  for (const auto& id : dropping) {
    // A foreign key is dropped on its own even with its table: two tables that refer to
    // each other could not be dropped otherwise.
    const auto* constraint = model::def_if<model::ConstraintDef>(*a_.at(id));
    if (constraint && constraint->constraint_type == "foreign_key" && !constraint->attach_to)
      continue;
    for (const auto& owner : dropped_with(*a_.at(id), a_, creators)) {
      if (dropping.count(owner) && owner != id) implicit_.insert(id);
    }
    // A sequence owned by a column goes with the column (a serial column dropped).
    const auto* sequence = model::def_if<model::SequenceDef>(*a_.at(id));
    if (sequence && sequence->owned_by && column_dropped(id.schema, *sequence->owned_by)) {
      implicit_.insert(id);
    }
  }
}

// The table or materialized view \a schema.\a name when it is there before and after
// and is not rebuilt: what the plan builds on it meets its rows and its writers.
const Object* Planner::kept_relation(const std::string& schema, const std::string& name) const {
  for (auto kind : {ObjectKind::kTable, ObjectKind::kMaterializedView}) {
    const ObjectId id = relation_id(kind, schema, name);
    if (a_.count(id) && b_.count(id) && !recreated_.count(id)) return b_.at(id);
  }
  return nullptr;
}

// Whether the online forms apply to \a relation: an ordinary table or a materialized
// view (a partitioned table takes no CONCURRENTLY, a foreign table has no index).
bool Planner::online_on(const Object* relation) const {
  if (!options_.online || !relation) return false;
  const auto* table = model::def_if<model::TableDef>(*relation);
  return !table || table->table_kind == "table";
}

// Whether index \a id on \a relation is built or dropped concurrently.
bool Planner::concurrently(const ObjectId& id, const Object* relation) const {
  return online_on(relation) && (options_.concurrent_rebuilds || !recreated_.count(id));
}

// The tables \a index's table inherits its columns from (partition parent, parents) in
// FROM: a column they drop goes from the index's table too, and the index with it.
std::vector<ObjectId> Planner::column_parents(const ObjectId& index) const {
  std::vector<ObjectId> out;
  const auto it = a_.find(relation_id(ObjectKind::kTable, index.schema, index.table));
  const auto* def = it == a_.end() ? nullptr : model::def_if<model::TableDef>(*it->second);
  if (!def) return out;
  for (const auto& p : def->inherits)
    out.push_back(relation_id(ObjectKind::kTable, p.schema, p.name));
  if (def->partition_of) {
    out.push_back(
        relation_id(ObjectKind::kTable, def->partition_of->schema, def->partition_of->name));
  }
  return out;
}

// 3b. An index whose definition changes on a table that stays is built anew under a
//     free name, concurrently, before the old one is dropped concurrently and the new
//     one takes its name: the table is never without it and never locked for writes.
void Planner::find_online_rebuilds() {
  if (!options_.concurrent_rebuilds) return;
  std::set<std::pair<std::string, std::string>> names;  // (schema, relation or index)
  for (const auto* side : {&from_, &to_}) {
    for (const auto& o : side->objects) {
      if (o.id.table.empty()) names.emplace(o.id.schema, o.id.name);
      if (o.id.kind == ObjectKind::kIndex) names.emplace(o.id.schema, o.id.name);
      if (const auto* c = model::def_if<model::ConstraintDef>(o); c && !c->index_name.empty())
        names.emplace(o.id.schema, c->index_name);
    }
  }
  for (const auto& id : recreated_) {
    if (id.kind != ObjectKind::kIndex || implicit_.count(id)) continue;
    const auto& index = model::def_as<model::IndexDef>(*b_.at(id));
    if (!index.valid || !online_on(kept_relation(id.schema, id.table))) continue;
    // An attached partition index goes with its parent's; one over something dropped or
    // rebuilt (a function, a collation) must go before that does, so before the new one
    // can be built.
    const Object& old = *a_.at(id);
    if (model::def_as<model::IndexDef>(old).attach_to) continue;
    const bool over_a_rebuild = std::any_of(
        old.depends_on.begin(), old.depends_on.end(),
        [&](const ObjectId& d) { return recreated_.count(d) > 0 || removed_.count(d) > 0; });
    if (over_a_rebuild) continue;
    // A column dropped or retyped under it may take the old index with it or need it gone
    // first: then the old one goes before the table changes, and the new one after.
    if (changed_columns_.count(relation_id(ObjectKind::kTable, id.schema, id.table))) continue;
    const std::string name = unused_name(id.name, "_pgdrift_new", [&](const std::string& n) {
      return names.count({id.schema, n}) > 0;
    });
    if (!concurrent_index_build(*b_.at(id), index, name)) continue;
    names.emplace(id.schema, name);
    online_rebuilds_.emplace(id, name);
  }
}

// Whether the plan's ALTER TABLE drops the column \a owner names.
bool Planner::column_dropped(const std::string& schema, const model::SequenceOwner& owner) const {
  const ObjectId table = relation_id(ObjectKind::kTable, schema, owner.table);
  const auto it = b_.find(table);
  if (it == b_.end()) return false;
  for (const auto& c : model::def_as<model::TableDef>(*it->second).columns) {
    if (c.name == owner.column) return false;
  }
  return true;
}
}  // namespace pgdrift::plan

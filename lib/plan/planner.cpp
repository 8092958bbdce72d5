#include "plan/planner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "plan/alteration.h"
#include "plan/name_changes.h"
#include "plan/online.h"
#include "plan/step_graph.h"
#include "render/acl.h"
#include "render/object_target.h"
#include "render/sql.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::plan {
namespace {

using model::Object;
using model::ObjectId;
using model::ObjectKind;
using ById = std::map<ObjectId, const Object*>;
using IdSet = std::set<ObjectId>;

ById by_id(const model::Catalog& catalog) {
  ById out;
  for (const auto& o : catalog.objects) out.emplace(o.id, &o);
  return out;
}

ObjectId relation_id(ObjectKind kind, const std::string& schema, const std::string& name) {
  return ObjectId{kind, schema, "", name, ""};
}

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

bool rebuilt_over_a_changed_column(ObjectKind kind) {
  return kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView ||
         kind == ObjectKind::kRule || kind == ObjectKind::kPolicy || kind == ObjectKind::kTrigger ||
         kind == ObjectKind::kFunction;
}

class Planner {
 public:
  Planner(const model::Catalog& from, const model::Catalog& to, const PlanOptions& options)
      : from_(from), to_(to), options_(options), a_(by_id(from)), b_(by_id(to)) {}

  Plan run() {
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
    Plan plan;
    plan.statements = order_steps(steps_);
    plan.possible_renames = possible_renames();
    return plan;
  }

 private:
  // 1. What happens to each object: created, dropped, changed in place or recreated.
  void decide() {
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
  void close_over_dependents() {
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
      if (id.kind == ObjectKind::kTable) {
        const auto cause = because.find(id);
        losing_rows[cause != because.end() ? model::describe(cause->second) : "an object"]
            .push_back(id.schema + "." + id.name);
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
      unsupported_.push_back(std::string(tables.size() == 1 ? "table " : "tables ") + names +
                             (tables.size() == 1 ? " depends on " : " depend on ") + cause +
                             ", which must be dropped and created again (PostgreSQL cannot "
                             "change it in place, e.g. remove an enum label): that would lose "
                             "their rows");
    }
  }

  // 3. Dropping a table drops its indexes, constraints, triggers, ... and a partitioned
  //    table its partitions: those get no DROP of their own.
  void find_implicit_drops() {
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

  // A table dropped while one of identical definition appears, a column dropped while one
  // of identical definition appears in the same table: a reviewer should look, and may
  // say so with --rename.
  std::vector<std::string> possible_renames() const {
    std::vector<std::string> out;
    for (const auto& gone : removed_) {
      if (gone.kind != ObjectKind::kTable) continue;
      for (const auto& made : created_) {
        if (made.kind != ObjectKind::kTable || made.schema != gone.schema) continue;
        if (a_.at(gone)->definition == b_.at(made)->definition) {
          out.push_back(gone.schema + "." + gone.name + " -> " + made.name + " (--rename " +
                        gone.schema + "." + gone.name + "=" + made.name + ")");
        }
      }
    }
    for (const auto& [id, steps] : altered_) {
      if (id.kind != ObjectKind::kTable) continue;
      const auto& before = model::def_as<model::TableDef>(*a_.at(id)).columns;
      const auto& after = model::def_as<model::TableDef>(*b_.at(id)).columns;
      auto has = [](const std::vector<model::Column>& columns, const std::string& name) {
        return std::any_of(columns.begin(), columns.end(),
                           [&](const model::Column& c) { return c.name == name; });
      };
      for (const auto& old_column : before) {
        if (has(after, old_column.name)) continue;
        for (const auto& new_column : after) {
          if (has(before, new_column.name)) continue;
          model::Column renamed = old_column;
          renamed.name = new_column.name;
          if (renamed == new_column) {
            out.push_back(id.schema + "." + id.name + "." + old_column.name + " -> " +
                          new_column.name + " (--rename " + id.schema + "." + id.name + "." +
                          old_column.name + "=" + new_column.name + ")");
          }
        }
      }
    }
    return out;
  }

  // The table or materialized view \a schema.\a name when it is there before and after
  // and is not rebuilt: what the plan builds on it meets its rows and its writers.
  const Object* kept_relation(const std::string& schema, const std::string& name) const {
    for (auto kind : {ObjectKind::kTable, ObjectKind::kMaterializedView}) {
      const ObjectId id = relation_id(kind, schema, name);
      if (a_.count(id) && b_.count(id) && !recreated_.count(id)) return b_.at(id);
    }
    return nullptr;
  }

  // Whether the online forms apply to \a relation: an ordinary table or a materialized
  // view (a partitioned table takes no CONCURRENTLY, a foreign table has no index).
  bool online_on(const Object* relation) const {
    if (!options_.online || !relation) return false;
    const auto* table = model::def_if<model::TableDef>(*relation);
    return !table || table->table_kind == "table";
  }

  // Whether index \a id on \a relation is built or dropped concurrently.
  bool concurrently(const ObjectId& id, const Object* relation) const {
    return online_on(relation) && (options_.concurrent_rebuilds || !recreated_.count(id));
  }

  // The tables \a index's table inherits its columns from (partition parent, parents) in
  // FROM: a column they drop goes from the index's table too, and the index with it.
  std::vector<ObjectId> column_parents(const ObjectId& index) const {
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
  void find_online_rebuilds() {
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
  bool column_dropped(const std::string& schema, const model::SequenceOwner& owner) const {
    const ObjectId table = relation_id(ObjectKind::kTable, schema, owner.table);
    const auto it = b_.find(table);
    if (it == b_.end()) return false;
    for (const auto& c : model::def_as<model::TableDef>(*it->second).columns) {
      if (c.name == owner.column) return false;
    }
    return true;
  }

  size_t add_step(int phase, size_t rank, std::string label, std::vector<Statement> statements,
                  bool outside_transaction = false) {
    Step step{phase, rank, std::move(label), std::move(statements), {}, {}, false, false};
    step.outside_transaction = outside_transaction;
    step.first_transaction = std::all_of(step.statements.begin(), step.statements.end(),
                                         [](const Statement& x) { return x.section == 0; }) &&
                             !step.statements.empty();
    steps_.push_back(std::move(step));
    return steps_.size() - 1;
  }

  // 4. Steps and the edges between them; then order_steps does the rest.
  void build_steps() {
    const auto from_entries = render::build_entries(from_);
    const auto to_entries = render::build_entries(to_);
    std::map<ObjectId, size_t> from_rank;
    for (size_t i = 0; i < from_entries.size(); ++i) from_rank.emplace(from_entries[i].key.id, i);
    std::map<ObjectId, size_t> to_rank;
    for (size_t i = 0; i < to_entries.size(); ++i) to_rank.emplace(to_entries[i].key.id, i);

    std::map<ObjectId, size_t> drop;
    IdSet concurrent_drops;
    IdSet dropping = removed_;
    dropping.insert(recreated_.begin(), recreated_.end());
    for (const auto& id : dropping) {
      const Object& o = *a_.at(id);
      std::vector<Statement> statements;
      if (!implicit_.count(id)) {
        std::string sql = render::drop_statement(o);
        // Default privileges have no DROP: their entry goes back to where it started.
        if (const auto* d = model::def_if<model::DefaultPrivilegesDef>(o)) {
          sql = render::render_default_privileges_change(
              id, d->acl, render::default_privileges_start(id, from_.server_version_num));
        }
        // A partition leaves its parent first: a foreign key that references the parent
        // holds on to each of its partitions until then.
        const auto* table = model::def_if<model::TableDef>(o);
        if (table && table->partition_of &&
            !dropping.count(relation_id(ObjectKind::kTable, table->partition_of->schema,
                                        table->partition_of->name))) {
          sql = "ALTER TABLE " +
                qualified_name(table->partition_of->schema, table->partition_of->name) +
                " DETACH PARTITION " + qualified_name(id.schema, id.name) + ";\n" + sql;
        }
        std::vector<Hazard> hazards;
        if (id.kind == ObjectKind::kTable && removed_.count(id)) {
          hazards.push_back(
              {"drop-table", "dropping table " + id.schema + "." + id.name + " loses its rows"});
        }
        if (id.kind == ObjectKind::kIndex) {
          const Object* relation = kept_relation(id.schema, id.table);
          if (concurrently(id, relation) &&
              model::def_as<model::IndexDef>(o).attach_to == std::nullopt) {
            sql = concurrent_index_drop(o);
            concurrent_drops.insert(id);
          } else {
            hazards.push_back({"drop-index-not-concurrently",
                               "dropping index " + id.schema + "." + id.name +
                                   " without CONCURRENTLY blocks the writes to its table"});
          }
        }
        statements.push_back(statement(id, Action::kDrop, std::move(sql), std::move(hazards)));
      }
      const size_t rank = from_entries.size() - from_rank[id];
      drop.emplace(id, add_step(0, rank, "drop " + model::describe(id), std::move(statements),
                                concurrent_drops.count(id) > 0));
      // Made again: gone only in the transaction that makes it again, when it can be.
      steps_[drop.at(id)].late = recreated_.count(id) > 0 && !concurrent_drops.count(id);
    }

    std::map<ObjectId, std::pair<size_t, size_t>> alter;  // first and last step
    // The step after which the object has its target shape for what depends on it: the
    // last one that waits for nothing else (a late step, such as a replica identity
    // that needs a new index, waits for what may itself wait for the object).
    std::map<ObjectId, size_t> altered_ready;
    for (auto& [id, alter_steps] : altered_) {
      const size_t first = steps_.size();
      std::optional<size_t> ready;  // none: usable as it is, before any of its changes
      bool waited = false;
      for (auto& s : alter_steps) {
        const size_t i = add_step(1, to_rank[id], "change " + model::describe(id), s.statements);
        if (i > first) steps_[i].after.push_back(i - 1);
        if (s.validates) {
          steps_[i].after_commit.push_back(first);
          validations_.emplace(id, i);
        }
        waited = waited || !s.waits_for.empty() || s.validates;
        if (!waited) ready = i;
      }
      alter.emplace(id, std::pair{first, steps_.size() - 1});
      if (ready) altered_ready.emplace(id, *ready);
    }

    std::map<render::EntryKey, size_t> create;        // the step after which it exists
    std::map<render::EntryKey, size_t> create_first;  // the step that starts it
    std::map<ObjectId, size_t> create_main;
    for (size_t i = 0; i < to_entries.size(); ++i) {
      const auto& e = to_entries[i];
      if (!created_.count(e.key.id) && !recreated_.count(e.key.id)) continue;
      const auto [first, last] = create_steps(e, i, drop);
      create.emplace(e.key, last);
      create_first.emplace(e.key, first);
      if (e.key.part == render::Part::kMain) create_main.emplace(e.key.id, last);
    }

    auto target_ready = [&](const ObjectId& id) -> std::optional<size_t> {
      if (auto it = create_main.find(id); it != create_main.end()) return it->second;
      if (auto it = altered_ready.find(id); it != altered_ready.end()) return it->second;
      return std::nullopt;
    };
    // Drops: dependents before what they depend on; a changed object loses its old
    // dependents before it changes, and stops using what is dropped before the drop.
    for (const auto& [id, step] : drop) {
      // An index dropped concurrently, before its parents' columns change (a column they
      // drop would take the index with it first).
      if (concurrent_drops.count(id)) {
        for (const auto& parent : column_parents(id)) {
          if (auto it = alter.find(parent); it != alter.end())
            steps_[it->second.first].after.push_back(step);
        }
      }
      for (const auto& y : a_.at(id)->depends_on) {
        if (auto it = drop.find(y); it != drop.end()) steps_[it->second].after.push_back(step);
        // (An index rebuilt online goes after its replacement, which needs the table's
        // new shape: its table changes first. find_online_rebuilds keeps that safe.)
        if (auto it = alter.find(y); it != alter.end() && !online_rebuilds_.count(id))
          steps_[it->second.first].after.push_back(step);
      }
    }
    for (const auto& [id, range] : alter) {
      if (const auto it = a_.find(id); it != a_.end()) {
        for (const auto& y : it->second->depends_on) {
          if (auto d = drop.find(y); d != drop.end())
            steps_[d->second].after.push_back(range.second);
        }
      }
      for (const auto& y : b_.at(id)->depends_on) {
        if (auto ready = target_ready(y); ready && *ready != range.first) {
          steps_[range.first].after.push_back(*ready);
        }
      }
      for (const auto& s : altered_steps_waits(id)) {
        if (auto ready = target_ready(s.second); ready)
          steps_[range.first + s.first].after.push_back(*ready);
      }
    }
    // A sequence that leaves its owning table is released before the table is dropped
    // (DROP TABLE would take the sequence with it).
    for (const auto& [id, range] : alter) {
      const auto it = a_.find(id);
      const auto* sequence =
          it == a_.end() ? nullptr : model::def_if<model::SequenceDef>(*it->second);
      if (!sequence || !sequence->owned_by) continue;
      const auto d =
          drop.find(relation_id(ObjectKind::kTable, id.schema, sequence->owned_by->table));
      if (d != drop.end()) steps_[d->second].after.push_back(range.second);
      // ... and before its old column is dropped (DROP COLUMN would take it too).
      const auto* now = model::def_if<model::SequenceDef>(*b_.at(id));
      const auto old_owner =
          alter.find(relation_id(ObjectKind::kTable, id.schema, sequence->owned_by->table));
      if (old_owner != alter.end() &&
          !(now->owned_by && now->owned_by->table == sequence->owned_by->table)) {
        steps_[old_owner->second.first].after.push_back(range.second);
      }
    }
    std::map<std::pair<std::string, std::string>, size_t> drop_by_name;  // relation -> drop
    for (const auto& [id, step] : drop) {
      if (implicit_.count(id)) continue;
      if (const auto name = relation_name(*a_.at(id)))
        drop_by_name.emplace(std::pair{id.schema, *name}, step);
    }
    attach_new_partitions(to_entries, create, create_main);
    wait_for_attached_partitions(to_entries, create, create_main);
    // Creations: after what they depend on in the target, and after their own drop.
    for (size_t i = 0; i < to_entries.size(); ++i) {
      const auto& e = to_entries[i];
      const auto it = create_first.find(e.key);
      if (it == create_first.end()) continue;
      auto& after = steps_[it->second].after;
      for (const auto& k : e.after) {
        if (auto c = create.find(k); c != create.end()) {
          after.push_back(c->second);
        } else if (auto ready = target_ready(k.id)) {
          after.push_back(*ready);
        }
      }
      if (e.after_objects) {
        for (const auto& y : *e.after_objects) {
          if (auto ready = target_ready(y)) after.push_back(*ready);
        }
      }
      // (An index rebuilt online is built before the old one goes: see create_steps.)
      if (auto d = drop.find(e.key.id); d != drop.end() && !online_rebuilds_.count(e.key.id))
        after.push_back(d->second);
      // A relation that takes the name of another one that goes (an index replaced by a
      // key's index of the same name) comes after it.
      if (e.key.part == render::Part::kMain && !online_rebuilds_.count(e.key.id)) {
        if (const auto name = relation_name(*b_.at(e.key.id))) {
          const auto d = drop_by_name.find({e.key.id.schema, *name});
          if (d != drop_by_name.end()) after.push_back(d->second);
        }
      }
    }
  }

  // The steps that create entry \a e of TO (rank \a rank): (first, last). An index or key
  // on a table that stays is built online where it can be (plan/online.h); elsewhere the
  // entry's own text, with the hazard gate would name.
  std::pair<size_t, size_t> create_steps(const render::Entry& e, size_t rank,
                                         const std::map<ObjectId, size_t>& drop) {
    const ObjectId& id = e.key.id;
    const std::string label = "create " + e.header;
    auto single = [&](std::string sql, std::vector<Hazard> hazards) {
      const size_t s = add_step(
          1, rank, label, {statement(id, Action::kCreate, std::move(sql), std::move(hazards))});
      return std::pair{s, s};
    };
    if (e.key.part != render::Part::kMain) return single(e.sql, {});
    const Object& o = *b_.at(id);
    if (const auto* index = model::def_if<model::IndexDef>(o)) {
      const Object* relation = kept_relation(id.schema, id.table);
      if (!relation) return single(e.sql, {});
      const auto rebuilt = online_rebuilds_.find(id);
      const std::string name = rebuilt == online_rebuilds_.end() ? id.name : rebuilt->second;
      const auto build = concurrently(id, relation) ? concurrent_index_build(o, *index, name)
                                                    : std::optional<std::string>{};
      if (!build) {
        return single(e.sql, {{"create-index-not-concurrently",
                               "building index " + id.schema + "." + id.name +
                                   " without CONCURRENTLY blocks the writes to its table"}});
      }
      const size_t first =
          add_step(1, rank, "build " + e.header, {statement(id, Action::kCreate, *build)}, true);
      std::string settle = index_settings(o, *index);
      size_t before_settle = first;
      if (rebuilt != online_rebuilds_.end()) {
        // The old index goes once the new one is valid; the new one takes its name.
        const size_t old = drop.at(id);
        steps_[old].after.push_back(first);
        before_settle = old;
        settle = "ALTER INDEX " + qualified_name(id.schema, name) + " RENAME TO " +
                 quote_ident(id.name) + ";\n" + settle;
      }
      if (settle.empty()) return std::pair{first, first};
      const size_t last =
          add_step(1, rank, label, {statement(id, Action::kCreate, std::move(settle))});
      steps_[last].after.push_back(before_settle);
      return std::pair{first, last};
    }
    if (const auto* constraint = model::def_if<model::ConstraintDef>(o)) {
      const Object* table = kept_relation(id.schema, id.table);
      if (!table || constraint->validated_copy_of) return single(e.sql, {});
      const bool online = online_on(table) && !constraint->attach_to;
      const std::string what = "constraint " + id.name + " on " + id.schema + "." + id.table;
      const std::string& type = constraint->constraint_type;
      if (type == "foreign_key" || type == "check") {
        if (!constraint->validated) return single(e.sql, {});
        if (!online || (type == "check" && has_relatives(*table, {from_, to_}))) {
          return single(e.sql,
                        {{"constraint-without-not-valid",
                          "adding " + what + " checks every row under a lock that blocks writes"}});
        }
        const auto forms = not_valid_constraint(o, *constraint);
        const auto add = single(forms.add, {});
        const size_t validate = add_step(1, rank, "validate " + e.header,
                                         {statement(id, Action::kAlter, forms.validate)});
        steps_[validate].after_commit.push_back(add.first);
        return add;
      }
      if (type == "unique" || type == "primary_key") {
        // A key whose definition changes is rebuilt in its transaction when concurrent
        // rebuilds are off (PlanOptions::concurrent_rebuilds).
        const bool concurrent = online && (options_.concurrent_rebuilds || !recreated_.count(id));
        const auto key = concurrent ? online_key(o, *constraint) : std::nullopt;
        if (!key) {
          return single(e.sql,
                        {{"unique-without-using-index",
                          "adding " + what + " builds its index under a lock that blocks writes"}});
        }
        const size_t build = add_step(1, rank, "build the index of " + e.header,
                                      {statement(id, Action::kCreate, key->build)}, true);
        const size_t add = add_step(1, rank, label, {statement(id, Action::kCreate, key->add)});
        steps_[add].after.push_back(build);
        // A primary key needs its columns NOT NULL, which the table's validations make
        // them (else ADD PRIMARY KEY would set it, scanning under its lock).
        if (auto it = validations_.find(table->id);
            type == "primary_key" && it != validations_.end())
          steps_[add].after.push_back(it->second);
        return std::pair{build, add};
      }
      return single(e.sql, {});
    }
    std::vector<Statement> statements{statement(id, Action::kCreate, e.sql)};
    // The renderer creates a materialized view WITH NO DATA (a snapshot fills it after
    // the data); a migration must leave it readable.
    if (id.kind == ObjectKind::kMaterializedView) {
      statements.push_back(
          statement(id, Action::kCreate,
                    "REFRESH MATERIALIZED VIEW " + qualified_name(id.schema, id.name) + ";\n"));
    }
    const size_t s = add_step(1, rank, label, std::move(statements));
    return std::pair{s, s};
  }

  // A new partition of a table that stays is attached with its indexes and keys already
  // built, and with copies of the parent's CHECK constraints: ATTACH PARTITION requires
  // those, takes the matching indexes as the parent's partitions (ALTER INDEX ... ATTACH
  // afterwards changes nothing), and would otherwise build indexes of its own.
  void attach_new_partitions(const std::vector<render::Entry>& to_entries,
                             const std::map<render::EntryKey, size_t>& create,
                             const std::map<ObjectId, size_t>& create_main) {
    for (const auto& e : to_entries) {
      if (e.key.part != render::Part::kPartitionAttach || !create.count(e.key)) continue;
      const Object& partition = *b_.at(e.key.id);
      const auto& table = model::def_as<model::TableDef>(partition);
      const ObjectId parent =
          relation_id(ObjectKind::kTable, table.partition_of->schema, table.partition_of->name);
      if (created_.count(parent) || recreated_.count(parent)) continue;
      const size_t attach = create.at(e.key);
      std::vector<Statement> copies;
      for (const auto& o : to_.objects) {
        const auto* c = model::def_if<model::ConstraintDef>(o);
        if (!c) continue;
        if (c->constraint_type == "check" && o.id.schema == parent.schema &&
            o.id.table == parent.name && !recreated_.count(o.id) && !created_.count(o.id)) {
          copies.push_back(statement(
              e.key.id, Action::kCreate,
              "ALTER TABLE ONLY " + qualified_name(e.key.id.schema, e.key.id.name) +
                  " ADD CONSTRAINT " + quote_ident(o.id.name) + " " + c->definition + ";\n"));
        }
        // The partition's own keys and indexes that the parent's will take as partitions.
        if (c && c->attach_to && o.id.schema == e.key.id.schema && o.id.table == e.key.id.name) {
          if (auto it = create_main.find(o.id); it != create_main.end()) {
            steps_[attach].after.push_back(it->second);
          }
        }
      }
      for (const auto& o : to_.objects) {
        const auto* index = model::def_if<model::IndexDef>(o);
        if (!index || !index->attach_to) continue;
        const bool on_partition =
            std::find(o.depends_on.begin(), o.depends_on.end(), e.key.id) != o.depends_on.end();
        if (!on_partition) continue;
        if (auto it = create_main.find(o.id); it != create_main.end()) {
          steps_[attach].after.push_back(it->second);
        }
      }
      if (!copies.empty()) {
        const size_t s =
            add_step(1, steps_[attach].rank,
                     "copy the CHECK constraints of " + model::describe(parent), std::move(copies));
        steps_[s].after.push_back(create_main.at(e.key.id));
        steps_[attach].after.push_back(s);
      }
    }
  }

  // A partitioned table's index or key is valid only once every partition's is attached:
  // what depends on it (a foreign key that references it) waits for that, through an
  // empty step after the attachments.
  void wait_for_attached_partitions(const std::vector<render::Entry>& to_entries,
                                    const std::map<render::EntryKey, size_t>& create,
                                    std::map<ObjectId, size_t>& create_main) {
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> attachments;
    for (const auto& e : to_entries) {
      if (e.key.part != render::Part::kIndexAttach || !create.count(e.key)) continue;
      const Object& child = *b_.at(e.key.id);
      std::optional<model::QualifiedName> parent;
      if (const auto* i = model::def_if<model::IndexDef>(child)) parent = i->attach_to;
      if (const auto* c = model::def_if<model::ConstraintDef>(child)) parent = c->attach_to;
      if (parent) attachments[{parent->schema, parent->name}].push_back(create.at(e.key));
    }
    const auto creators = index_creators(to_);
    for (const auto& [index, steps] : attachments) {
      const auto creator = creators.find(index);
      if (creator == creators.end()) continue;
      const auto main = create_main.find(creator->second);
      if (main == create_main.end()) continue;
      const size_t complete =
          add_step(1, steps_[main->second].rank,
                   "every partition attached to " + index.first + "." + index.second, {});
      steps_[complete].after = steps;
      steps_[complete].after.push_back(main->second);
      main->second = complete;
    }
  }

  // (offset of the step within the object's steps, object it waits for)
  std::vector<std::pair<size_t, ObjectId>> altered_steps_waits(const ObjectId& id) const {
    std::vector<std::pair<size_t, ObjectId>> out;
    const auto& steps = altered_.at(id);
    for (size_t i = 0; i < steps.size(); ++i) {
      for (const auto& w : steps[i].waits_for) out.emplace_back(i, w);
    }
    return out;
  }

  const model::Catalog& from_;
  const model::Catalog& to_;
  const PlanOptions& options_;
  ById a_, b_;
  std::map<ObjectId, std::string> online_rebuilds_;  // index -> the name it is built under
  std::map<ObjectId, size_t> validations_;           // table -> its validations' step
  IdSet created_, removed_, recreated_, changed_columns_, implicit_;
  std::map<ObjectId, std::vector<AlterStep>> altered_;
  std::vector<std::string> unsupported_;
  std::vector<Step> steps_;
};

}  // namespace

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

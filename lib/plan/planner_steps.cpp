// The planner's steps: a drop, the changes and the creation of each object, with the
// edges that order them (order_steps does the rest).
#include <algorithm>

#include "plan/online.h"
#include "plan/planner_state.h"
#include "render/acl.h"
#include "render/object_target.h"
#include "render/sql.h"
#include "util/quote.h"

namespace pgdrift::plan {

size_t Planner::add_step(int phase, size_t rank, std::string label,
                         std::vector<Statement> statements, bool outside_transaction) {
  Step step{phase, rank, std::move(label), std::move(statements), {}, {}, false, false};
  step.outside_transaction = outside_transaction;
  step.first_transaction = std::all_of(step.statements.begin(), step.statements.end(),
                                       [](const Statement& x) { return x.section == 0; }) &&
                           !step.statements.empty();
  steps_.push_back(std::move(step));
  return steps_.size() - 1;
}

// 4. Steps and the edges between them; then order_steps does the rest.
void Planner::build_steps() {
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
      // Default privileges have no DROP: their entry goes back to where it started.
      const auto* privileges = model::def_if<model::DefaultPrivilegesDef>(o);
      std::string sql = privileges
                            ? render::render_default_privileges_change(
                                  id, privileges->acl,
                                  render::default_privileges_start(id, from_.server_version_num))
                            : render::drop_statement(o);
      // An enum swapped under its tables steps aside; it is dropped once they let go.
      if (enum_swaps_.count(id)) {
        sql = "ALTER TYPE " + qualified_name(id.schema, id.name) + " RENAME TO " +
              quote_ident(swapped_enum_old_name(id)) + ";\n";
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
      const Action action = enum_swaps_.count(id) ? Action::kAlter : Action::kDrop;
      statements.push_back(statement(id, action, std::move(sql), std::move(hazards)));
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
      // (A new enum label, committed first, leaves its type's users as they are.)
      if (auto it = alter.find(y); it != alter.end() && !online_rebuilds_.count(id) &&
                                   !steps_[it->second.first].first_transaction)
        steps_[it->second.first].after.push_back(step);
    }
  }
  for (const auto& [id, range] : alter) {
    if (const auto it = a_.find(id); it != a_.end()) {
      for (const auto& y : it->second->depends_on) {
        if (enum_swaps_.count(y)) continue;  // renamed before, dropped after (below)
        if (auto d = drop.find(y); d != drop.end()) steps_[d->second].after.push_back(range.second);
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
  // A swapped enum's old type goes once every table has been converted to the new one.
  for (const auto& [type, tables] : enum_swaps_) {
    const size_t s =
        add_step(1, to_rank[type], "drop the old " + model::describe(type),
                 {statement(type, Action::kDrop,
                            "DROP TYPE " +
                                qualified_name(type.schema, swapped_enum_old_name(type)) + ";\n")});
    steps_[s].after.push_back(drop.at(type));
    for (const auto& table : tables) {
      if (auto it = alter.find(table); it != alter.end())
        steps_[s].after.push_back(it->second.second);
    }
  }
  // A sequence that leaves its owning table is released before the table is dropped
  // (DROP TABLE would take the sequence with it).
  for (const auto& [id, range] : alter) {
    const auto it = a_.find(id);
    const auto* sequence =
        it == a_.end() ? nullptr : model::def_if<model::SequenceDef>(*it->second);
    if (!sequence || !sequence->owned_by) continue;
    const auto d = drop.find(relation_id(ObjectKind::kTable, id.schema, sequence->owned_by->table));
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

// 5. A new enum label is committed before the rest only when another statement of the
//    plan names it (a default, a check, a view, a function's body; as a literal or in an
//    array's) or converts a column to its type: since PostgreSQL 12 one that
//    nothing uses can be added in the transaction of the other changes, and a plan that
//    is one transaction fits a dbmate down section.
void Planner::commit_labels_only_when_used() {
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (!steps_[i].first_transaction) continue;
    std::vector<std::string> labels;
    // And a column converted to its type (ALTER COLUMN c TYPE type USING c::text::type):
    // its rows may hold the new label, which no statement names.
    std::vector<std::string> types;
    for (const auto& s : steps_[i].statements) {
      if (s.object.kind == ObjectKind::kType)
        types.push_back(" TYPE " + qualified_name(s.object.schema, s.object.name));
      const auto a = a_.find(s.object);
      const auto b = b_.find(s.object);
      if (a == a_.end() || b == b_.end()) continue;
      const auto* before = model::def_if<model::TypeDef>(*a->second);
      const auto* after = model::def_if<model::TypeDef>(*b->second);
      if (!before || !after) continue;
      for (const auto& label : after->labels) {
        if (std::find(before->labels.begin(), before->labels.end(), label) == before->labels.end())
          labels.push_back(label);
      }
    }
    bool used = labels.empty();  // not a label's step: left as it is
    for (size_t j = 0; j < steps_.size() && !used; ++j) {
      if (j == i) continue;
      for (const auto& s : steps_[j].statements) {
        for (const auto& label : labels) used = used || s.sql.find(label) != std::string::npos;
        // (Not the type's own statements: ALTER TYPE ... OWNER TO names it too.)
        if (s.object.kind == ObjectKind::kType) continue;
        for (const auto& type : types) used = used || s.sql.find(type) != std::string::npos;
      }
    }
    if (used) continue;
    steps_[i].first_transaction = false;
    for (auto& s : steps_[i].statements) s.section = 1;
  }
}

// The steps that create entry \a e of TO (rank \a rank): (first, last). An index or key
// on a table that stays is built online where it can be (plan/online.h); elsewhere the
// entry's own text, with the hazard gate would name.
std::pair<size_t, size_t> Planner::create_steps(const render::Entry& e, size_t rank,
                                                const std::map<ObjectId, size_t>& drop) {
  const ObjectId& id = e.key.id;
  const std::string label = "create " + e.header;
  auto single = [&](std::string sql, std::vector<Hazard> hazards) {
    const size_t s = add_step(1, rank, label,
                              {statement(id, Action::kCreate, std::move(sql), std::move(hazards))});
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
      if (auto it = validations_.find(table->id); type == "primary_key" && it != validations_.end())
        steps_[add].after.push_back(it->second);
      return std::pair{build, add};
    }
    if (type == "exclusion") {
      // No NOT VALID and no USING INDEX for it: gate's rule names the long lock.
      return single(
          e.sql, {{"add-exclusion-constraint", "adding " + what +
                                                   " builds its index and checks every row under "
                                                   "an ACCESS EXCLUSIVE lock"}});
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

// (offset of the step within the object's steps, object it waits for)
std::vector<std::pair<size_t, ObjectId>> Planner::altered_steps_waits(const ObjectId& id) const {
  std::vector<std::pair<size_t, ObjectId>> out;
  const auto& steps = altered_.at(id);
  for (size_t i = 0; i < steps.size(); ++i) {
    for (const auto& w : steps[i].waits_for) out.emplace_back(i, w);
  }
  return out;
}
}  // namespace pgdrift::plan

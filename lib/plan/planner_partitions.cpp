// The planner's steps for partitions: a new partition of a table that stays is attached
// with what ATTACH PARTITION needs, and what depends on a partitioned index waits until
// every partition's is attached.
#include <algorithm>

#include "plan/planner_state.h"
#include "util/quote.h"

namespace pgdrift::plan {

// A new partition of a table that stays is attached with its indexes and keys already
// built, and with copies of the parent's CHECK constraints: ATTACH PARTITION requires
// those, takes the matching indexes as the parent's partitions (ALTER INDEX ... ATTACH
// afterwards changes nothing), and would otherwise build indexes of its own.
void Planner::attach_new_partitions(const std::vector<render::Entry>& to_entries,
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
void Planner::wait_for_attached_partitions(const std::vector<render::Entry>& to_entries,
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
}  // namespace pgdrift::plan

// plan/planner_state.h — the planner's working state, shared by the files that make it
// up (internal to plan/).
//
// One Planner runs once per plan, in steps that read like the planner's description:
// decide what happens to each object (planner_decisions.cpp: created, dropped, changed in
// place or recreated, with what depends on it), then turn that into steps with edges
// (planner_steps.cpp, new partitions in planner_partitions.cpp), which order_steps
// (step_graph.h) orders and cuts into transactions; possible renames are found in
// planner_renames.cpp.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "plan/alteration.h"
#include "plan/statement.h"
#include "plan/step_graph.h"
#include "render/sql.h"

namespace pgdrift::plan {

using model::Object;
using model::ObjectId;
using model::ObjectKind;
using ById = std::map<ObjectId, const Object*>;
using IdSet = std::set<ObjectId>;

/// The objects of \a catalog by id.
ById by_id(const model::Catalog& catalog);

/// The id of relation \a schema.\a name of \a kind.
ObjectId relation_id(ObjectKind kind, const std::string& schema, const std::string& name);

/// (schema, index name) -> the object that creates the index: the index or its constraint.
std::map<std::pair<std::string, std::string>, ObjectId> index_creators(const model::Catalog& c);

/// The name \a o takes among its schema's relations: a table's, view's, sequence's or
/// index's own, a key's index's.
std::optional<std::string> relation_name(const Object& o);

class Planner {
 public:
  Planner(const model::Catalog& from, const model::Catalog& to, const PlanOptions& options)
      : from_(from), to_(to), options_(options), a_(by_id(from)), b_(by_id(to)) {}

  Plan run();

 private:
  // What happens to each object (planner_decisions.cpp).
  void decide();
  void close_over_dependents();
  void find_implicit_drops();
  void find_online_rebuilds();
  bool column_dropped(const std::string& schema, const model::SequenceOwner& owner) const;
  const Object* kept_relation(const std::string& schema, const std::string& name) const;
  bool online_on(const Object* relation) const;
  bool concurrently(const ObjectId& id, const Object* relation) const;
  std::vector<ObjectId> column_parents(const ObjectId& index) const;

  // Enums that lose labels, swapped under their tables (planner_enum_swaps.cpp).
  bool swappable_enum(const ObjectId& id) const;
  bool swap_enums_under(const ObjectId& table);
  std::string swapped_enum_old_name(const ObjectId& type) const;
  struct ColumnDefault {
    std::string alter;  ///< "ALTER TABLE ONLY name" (ALTER FOREIGN TABLE for a foreign one)
    std::optional<std::string> before, after;
  };
  /// \a column's default in \a table and in each of its partitions and children, both
  /// sides.
  std::vector<ColumnDefault> column_defaults(const ObjectId& table,
                                             const std::string& column) const;

  // A reviewer's hints (planner_renames.cpp).
  std::vector<std::string> possible_renames() const;

  // Steps and their edges (planner_steps.cpp, planner_partitions.cpp).
  size_t add_step(int phase, size_t rank, std::string label, std::vector<Statement> statements,
                  bool outside_transaction = false);
  void build_steps();
  void commit_labels_only_when_used();
  std::pair<size_t, size_t> create_steps(const render::Entry& e, size_t rank,
                                         const std::map<ObjectId, size_t>& drop);
  std::vector<std::pair<size_t, ObjectId>> altered_steps_waits(const ObjectId& id) const;
  void attach_new_partitions(const std::vector<render::Entry>& to_entries,
                             const std::map<render::EntryKey, size_t>& create,
                             const std::map<ObjectId, size_t>& create_main);
  void wait_for_attached_partitions(const std::vector<render::Entry>& to_entries,
                                    const std::map<render::EntryKey, size_t>& create,
                                    std::map<ObjectId, size_t>& create_main);

  const model::Catalog& from_;
  const model::Catalog& to_;
  const PlanOptions& options_;
  ById a_, b_;
  std::map<ObjectId, std::string> online_rebuilds_;  // index -> the name it is built under
  std::map<ObjectId, size_t> validations_;           // table -> its validations' step
  IdSet created_, removed_, recreated_, changed_columns_, implicit_;
  std::map<ObjectId, std::vector<AlterStep>> altered_;
  std::map<ObjectId, std::vector<ObjectId>> enum_swaps_;  // enum -> the tables converted
  std::vector<std::string> unsupported_;
  std::vector<Step> steps_;
};

}  // namespace pgdrift::plan

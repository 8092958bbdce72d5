// The planner's hints to a reviewer: what it writes as a drop and an add but may be a
// rename (--rename makes it one).
#include <algorithm>

#include "plan/planner_state.h"

namespace pgdrift::plan {

// A table dropped while one of identical definition appears, a column dropped while one
// of identical definition appears in the same table: a reviewer should look, and may
// say so with --rename.
std::vector<std::string> Planner::possible_renames() const {
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
}  // namespace pgdrift::plan

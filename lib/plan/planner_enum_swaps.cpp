// An enum that loses or reorders labels has no ALTER form: PostgreSQL can only add and
// rename labels. Its tables keep their rows by a swap instead of being dropped and made
// again: the old type is renamed out of the way, the new one created under the name,
// each column converted through text (a row holding a removed label makes the plan fail,
// never lose it), and the old type dropped. What else uses the type is dropped before
// and created after, as for any recreated object.
#include <algorithm>
#include <map>

#include "plan/online.h"
#include "plan/planner_state.h"
#include "util/quote.h"

namespace pgdrift::plan {
namespace {

bool is_enum(const Object* o) {
  const auto* d = o ? model::def_if<model::TypeDef>(*o) : nullptr;
  return d && d->type_kind == "enum";
}

}  // namespace

bool Planner::swappable_enum(const ObjectId& id) const {
  if (id.kind != ObjectKind::kType || !recreated_.count(id)) return false;
  const auto a = a_.find(id);
  const auto b = b_.find(id);
  return a != a_.end() && b != b_.end() && is_enum(a->second) && is_enum(b->second);
}

bool Planner::swap_enums_under(const ObjectId& table) {
  const auto a = a_.find(table);
  const auto b = b_.find(table);
  if (a == a_.end() || b == b_.end()) return false;
  // Every rebuilt object the table uses must be such an enum: anything else (a domain
  // over it, a function its default calls) would still need the table made again.
  std::vector<ObjectId> enums;
  for (const auto& d : a->second->depends_on) {
    if (!recreated_.count(d)) continue;
    if (!swappable_enum(d)) return false;
    enums.push_back(d);
  }
  if (enums.empty()) return false;
  const auto& before = model::def_as<model::TableDef>(*a->second);
  const auto& after = model::def_as<model::TableDef>(*b->second);
  const bool foreign = after.table_kind == "foreign";
  const std::string name = qualified_name(table.schema, table.name);
  // A partition's or child's column follows its parent's ALTER, which recurses (and
  // PostgreSQL refuses the child's own: "cannot alter inherited column"), also when the
  // child declares the column itself.
  const bool partition = before.partition_of.has_value();
  auto from_a_parent = [&](const std::string& column) {
    for (const auto& p : before.inherits) {
      const auto parent = a_.find(relation_id(ObjectKind::kTable, p.schema, p.name));
      if (parent == a_.end()) continue;
      const auto& columns = model::def_as<model::TableDef>(*parent->second).columns;
      if (std::any_of(columns.begin(), columns.end(),
                      [&](const model::Column& x) { return x.name == column; }))
        return true;
    }
    return false;
  };
  std::vector<Statement> statements;
  for (const auto& type : enums) {
    enum_swaps_[type].push_back(table);
    const std::string q = qualified_name(type.schema, type.name);
    for (const auto& c : before.columns) {
      if (c.inherited || partition || (c.type != q && c.type != q + "[]")) continue;
      if (from_a_parent(c.name)) continue;
      const auto now = std::find_if(after.columns.begin(), after.columns.end(),
                                    [&](const model::Column& x) { return x.name == c.name; });
      // A column that goes or takes another type is the table's own ALTER's.
      if (now == after.columns.end() || now->type != c.type) continue;
      const std::string column = (foreign ? "ALTER FOREIGN TABLE " : "ALTER TABLE ") + name +
                                 " ALTER COLUMN " + quote_ident(c.name);
      auto add = [&](std::string sql, std::vector<Hazard> hazards = {}) {
        statements.push_back(statement(table, Action::kAlter, std::move(sql), std::move(hazards)));
      };
      // The old defaults do not cast to the new type: they go first and come back after,
      // the table's and those of its partitions and children, which the conversion
      // reaches too (each with ONLY: a default of its own is not its parent's).
      const auto defaults = column_defaults(table, c.name);
      for (const auto& d : defaults) {
        if (d.before) add(d.alter + " ALTER COLUMN " + quote_ident(c.name) + " DROP DEFAULT;\n");
      }
      const bool array = c.type != q;
      std::string sql = column + " TYPE " + c.type;
      if (!foreign)
        sql += " USING " + quote_ident(c.name) + (array ? "::text[]::" : "::text::") + c.type;
      add(sql + ";\n", {{"alter-column-type",
                         "converting column " + table.schema + "." + table.name + "." + c.name +
                             " to the new " + type.schema + "." + type.name +
                             " rewrites the table under an ACCESS EXCLUSIVE lock, and fails on "
                             "a row holding a removed label"}});
      for (const auto& d : defaults) {
        if (d.after)
          add(d.alter + " ALTER COLUMN " + quote_ident(c.name) + " SET DEFAULT " + *d.after +
              ";\n");
      }
    }
  }
  if (!statements.empty()) {
    // It waits for the new type, as the table's every change does (the table uses it in
    // TO).
    // First: the table's own changes may set a default or a check that is of the new type.
    // Into the first step, not a step before it: a validation waits for the commit of
    // the table's first step, which adds what it validates.
    auto& steps = altered_[table];
    if (steps.empty()) {
      steps.push_back(AlterStep{std::move(statements), {}, false});
    } else {
      auto& first = steps.front().statements;
      first.insert(first.begin(), statements.begin(), statements.end());
    }
  }
  changed_columns_.insert(table);
  return true;
}

std::vector<Planner::ColumnDefault> Planner::column_defaults(const ObjectId& table,
                                                             const std::string& column) const {
  // The table, then its partitions and children (FROM's), each once: one pass over the
  // catalog for the parent -> children map (10,000 partitions are common).
  std::map<ObjectId, std::vector<ObjectId>> children;
  for (const auto& [id, o] : a_) {
    const auto* d = id.kind == ObjectKind::kTable ? model::def_if<model::TableDef>(*o) : nullptr;
    if (!d) continue;
    for (const auto& p : d->inherits)
      children[relation_id(ObjectKind::kTable, p.schema, p.name)].push_back(id);
    if (d->partition_of) {
      children[relation_id(ObjectKind::kTable, d->partition_of->schema, d->partition_of->name)]
          .push_back(id);
    }
  }
  std::vector<ObjectId> tables{table};
  IdSet seen{table};
  for (size_t i = 0; i < tables.size(); ++i) {
    for (const auto& child : children[tables[i]]) {
      if (seen.insert(child).second) tables.push_back(child);
    }
  }
  auto default_of = [&](const ById& side, const ObjectId& id) -> std::optional<std::string> {
    const auto it = side.find(id);
    if (it == side.end()) return std::nullopt;
    for (const auto& c : model::def_as<model::TableDef>(*it->second).columns) {
      if (c.name == column) return c.default_expr;
    }
    return std::nullopt;
  };
  std::vector<ColumnDefault> out;
  for (const auto& id : tables) {
    const auto& def = model::def_as<model::TableDef>(*a_.at(id));
    out.push_back({std::string(def.table_kind == "foreign" ? "ALTER FOREIGN TABLE ONLY "
                                                           : "ALTER TABLE ONLY ") +
                       qualified_name(id.schema, id.name),
                   default_of(a_, id), default_of(b_, id)});
  }
  return out;
}

std::string Planner::swapped_enum_old_name(const ObjectId& type) const {
  auto taken = [&](const std::string& n) {
    // A type shares its names with the schema's relations (each has a row type).
    for (const auto* side : {&a_, &b_}) {
      for (const auto& [id, o] : *side) {
        if (id.schema == type.schema && id.table.empty() && id.name == n) return true;
      }
    }
    return false;
  };
  return unused_name(type.name, "_pgdrift_old", taken);
}

}  // namespace pgdrift::plan

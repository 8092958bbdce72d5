#include "plan/name_changes.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "plan/alteration.h"
#include "util/quote.h"

namespace pgdrift::plan {
namespace {

using model::ConstraintDef;
using model::IndexDef;
using model::Object;
using model::ObjectId;
using model::ObjectKind;
using model::QualifiedName;
using model::SequenceDef;
using model::TableDef;

// Names in a schema's relation namespace (and the row types relations make), which an
// index or a sequence may not take; a key's index is one of them.
std::set<std::pair<std::string, std::string>> relation_names(const model::Catalog& catalog) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& o : catalog.objects) {
    switch (o.id.kind) {
      case ObjectKind::kTable:
      case ObjectKind::kView:
      case ObjectKind::kMaterializedView:
      case ObjectKind::kSequence:
      case ObjectKind::kIndex:
      case ObjectKind::kType:
      case ObjectKind::kDomain:
        out.insert({o.id.schema, o.id.name});
        break;
      case ObjectKind::kConstraint:
        if (const auto* c = model::def_if<ConstraintDef>(o); c && !c->index_name.empty()) {
          out.insert({o.id.schema, c->index_name});
        }
        break;
      default:
        break;
    }
    // An identity column's sequence is no object of its own, but holds its name.
    if (const auto* t = model::def_if<TableDef>(o)) {
      for (const auto& column : t->columns) {
        if (column.identity) {
          out.insert({column.identity->sequence.schema, column.identity->sequence.name});
        }
      }
    }
  }
  return out;
}

// The name PostgreSQL 18 gives a column's NOT NULL constraint (the reader models the
// constraint only where its name is another).
std::string default_not_null_name(const std::string& table, const std::string& column) {
  return table + "_" + column + "_not_null";
}

// A table's constraint names in \a catalog, also those the model leaves out: NOT NULL
// constraints of PostgreSQL 18 under the names PostgreSQL chose.
std::map<ObjectId, std::set<std::string>> constraint_names(const model::Catalog& catalog) {
  std::map<ObjectId, std::set<std::string>> out;
  for (const auto& o : catalog.objects) {
    if (o.id.kind == ObjectKind::kConstraint) {
      out[ObjectId{ObjectKind::kTable, o.id.schema, "", o.id.table, ""}].insert(o.id.name);
    } else if (const auto* t = model::def_if<TableDef>(o);
               t && catalog.server_version_num >= 180000) {
      for (const auto& column : t->columns) {
        if (column.not_null_constraint) {
          out[o.id].insert(column.not_null_constraint->name);
        } else if (column.not_null) {
          out[o.id].insert(default_not_null_name(o.id.name, column.name));
        }
      }
    }
  }
  return out;
}

// pg_get_indexdef's text names the index right after INDEX.
std::string index_definition_named(const std::string& definition, const std::string& from,
                                   const std::string& to) {
  const std::string old_part = " INDEX " + quote_ident(from) + " ON ";
  const auto at = definition.find(old_part);
  if (at == std::string::npos) return definition;
  return definition.substr(0, at) + " INDEX " + quote_ident(to) + " ON " +
         definition.substr(at + old_part.size());
}

// A column default calling nextval() prints the sequence as a regclass literal, schema
// qualified (the reader's search_path is empty).
std::string nextval_of(const std::string& schema, const std::string& name) {
  return "nextval(" + quote_literal(qualified_name(schema, name)) + "::regclass)";
}

bool only_relation_kinds(ObjectKind kind) {
  return kind == ObjectKind::kTable || kind == ObjectKind::kConstraint ||
         kind == ObjectKind::kIndex;
}

class Finder {
 public:
  Finder(const model::Catalog& from, const model::Catalog& to)
      : from_(from),
        to_(to),
        taken_(relation_names(from)),
        constraint_names_(constraint_names(from)) {
    for (const auto& o : from.objects) {
      for (const auto& dep : o.depends_on) {
        if (!only_relation_kinds(o.id.kind)) printed_elsewhere_.insert(dep);
      }
    }
  }

  std::vector<NameChange> run() {
    sequences();
    identity_sequences();
    constraints();
    not_null_constraints();
    // A partition's index follows its parent's new name: again until nothing more pairs.
    for (size_t before = SIZE_MAX; before != changes_.size();) {
      before = changes_.size();
      indexes();
    }
    return changes_;
  }

 private:
  std::vector<const Object*> only_in(const model::Catalog& side, const model::Catalog& other,
                                     ObjectKind kind) const {
    std::vector<const Object*> out;
    for (const auto& o : side.objects) {
      if (o.id.kind == kind && !other.find(o.id) && !used_.count(&o)) out.push_back(&o);
    }
    return out;
  }

  bool free_relation_name(const std::string& schema, const std::string& name) const {
    return !taken_.count({schema, name});
  }

  void take(const Object& gone, const Object& made, NameChange change) {
    used_.insert(&gone);
    used_.insert(&made);
    if (change.kind == ObjectKind::kConstraint) {
      constraint_names_[ObjectId{ObjectKind::kTable, change.schema, "", change.table, ""}].insert(
          change.to);
    }
    if (change.kind != ObjectKind::kConstraint ||
        !model::def_as<ConstraintDef>(gone).index_name.empty()) {
      taken_.insert({change.schema, change.to});
    }
    changes_.push_back(std::move(change));
  }

  std::optional<QualifiedName> renamed_index(const std::optional<QualifiedName>& name) const {
    if (!name) return name;
    for (const auto& c : changes_) {
      if (c.kind == ObjectKind::kIndex && c.schema == name->schema && c.from == name->name) {
        return QualifiedName{c.schema, c.to};
      }
    }
    return name;
  }

  void sequences() {
    for (const Object* gone : only_in(from_, to_, ObjectKind::kSequence)) {
      if (printed_elsewhere_.count(gone->id)) continue;
      const auto& before = model::def_as<SequenceDef>(*gone);
      if (!before.owned_by) continue;  // a sequence of its own: a new one starts afresh
      for (const Object* made : only_in(to_, from_, ObjectKind::kSequence)) {
        if (made->id.schema != gone->id.schema || used_.count(made) ||
            !free_relation_name(made->id.schema, made->id.name)) {
          continue;
        }
        if (model::def_as<SequenceDef>(*made) == before) {
          take(*gone, *made,
               {ObjectKind::kSequence, gone->id.schema, "", "", gone->id.name, made->id.name});
          break;
        }
      }
    }
  }

  void identity_sequences() {
    for (const auto& o : from_.objects) {
      const auto* before = model::def_if<TableDef>(o);
      const Object* other = before ? to_.find(o.id) : nullptr;
      if (!other) continue;
      const auto& after = model::def_as<TableDef>(*other);
      for (const auto& column : before->columns) {
        if (!column.identity) continue;
        for (const auto& target : after.columns) {
          if (target.name != column.name || !target.identity) continue;
          const auto& from_sequence = column.identity->sequence;
          const auto& to_sequence = target.identity->sequence;
          if (from_sequence.schema == to_sequence.schema &&
              from_sequence.name != to_sequence.name &&
              free_relation_name(to_sequence.schema, to_sequence.name)) {
            taken_.insert({to_sequence.schema, to_sequence.name});
            changes_.push_back({ObjectKind::kSequence, from_sequence.schema, o.id.name, column.name,
                                from_sequence.name, to_sequence.name});
          }
        }
      }
    }
  }

  // plan::has_relatives on FROM's table and on TO's (whose parents may differ).
  bool has_relatives(const Object& table) const {
    const Object* in_to = to_.find(table.id);
    const Sides sides{from_, to_};
    return !in_to || plan::has_relatives(table, sides) || plan::has_relatives(*in_to, sides);
  }

  void constraints() {
    std::map<ObjectId, bool> relatives;  // by table
    for (const Object* gone : only_in(from_, to_, ObjectKind::kConstraint)) {
      if (printed_elsewhere_.count(gone->id)) continue;
      const auto& before = model::def_as<ConstraintDef>(*gone);
      // A key's index carries the constraint's name, and follows it when renamed.
      const bool keyed = !before.index_name.empty();
      if (keyed && before.index_name != gone->id.name) continue;
      const Object* table =
          from_.find(ObjectId{ObjectKind::kTable, gone->id.schema, "", gone->id.table, ""});
      if (!table) continue;
      const auto known = relatives.find(table->id);
      const bool related =
          known != relatives.end() ? known->second : (relatives[table->id] = has_relatives(*table));
      if (related || references_partitioned_table(*gone)) continue;
      const auto& names = constraint_names_[table->id];
      for (const Object* made : only_in(to_, from_, ObjectKind::kConstraint)) {
        if (made->id.schema != gone->id.schema || made->id.table != gone->id.table ||
            names.count(made->id.name)) {
          continue;
        }
        ConstraintDef renamed = before;
        if (keyed) {
          if (!free_relation_name(made->id.schema, made->id.name)) continue;
          renamed.index_name = made->id.name;
        }
        if (renamed == model::def_as<ConstraintDef>(*made)) {
          take(*gone, *made,
               {ObjectKind::kConstraint, gone->id.schema, gone->id.table, "", gone->id.name,
                made->id.name});
          break;
        }
      }
    }
  }

  // A foreign key to a partitioned table has copies of its own, one per partition, which
  // the model leaves out and whose names a rename could take.
  bool references_partitioned_table(const Object& constraint) const {
    for (const auto& dep : constraint.depends_on) {
      const Object* o = dep.kind == ObjectKind::kTable ? from_.find(dep) : nullptr;
      const auto* t = o ? model::def_if<TableDef>(*o) : nullptr;
      if (t && t->table_kind == "partitioned") return true;
    }
    return false;
  }

  // PostgreSQL 18's NOT NULL constraints keep their names when their table or column is
  // renamed: where TO has the name PostgreSQL would choose now (or another), rename.
  void not_null_constraints() {
    if (from_.server_version_num < 180000) return;
    for (const auto& o : from_.objects) {
      const auto* before = model::def_if<TableDef>(o);
      const Object* other = before ? to_.find(o.id) : nullptr;
      if (!other) continue;
      auto& names = constraint_names_[o.id];
      for (const auto& column : before->columns) {
        if (!column.not_null_constraint || !column.not_null) continue;
        for (const auto& target : model::def_as<TableDef>(*other).columns) {
          if (target.name != column.name || !target.not_null) continue;
          model::NotNullConstraint wanted;
          if (target.not_null_constraint) {
            wanted = *target.not_null_constraint;
          } else {
            wanted.name = default_not_null_name(o.id.name, column.name);
          }
          model::NotNullConstraint renamed = *column.not_null_constraint;
          renamed.name = wanted.name;
          if (renamed.name == column.not_null_constraint->name || !(renamed == wanted) ||
              names.count(wanted.name)) {
            continue;
          }
          names.insert(wanted.name);
          changes_.push_back({ObjectKind::kConstraint, o.id.schema, o.id.name, column.name,
                              column.not_null_constraint->name, wanted.name});
        }
      }
    }
  }

  void indexes() {
    for (const Object* gone : only_in(from_, to_, ObjectKind::kIndex)) {
      if (printed_elsewhere_.count(gone->id)) continue;
      for (const Object* made : only_in(to_, from_, ObjectKind::kIndex)) {
        if (made->id.schema != gone->id.schema || made->id.table != gone->id.table ||
            !free_relation_name(made->id.schema, made->id.name)) {
          continue;
        }
        IndexDef renamed = model::def_as<IndexDef>(*gone);
        renamed.definition =
            index_definition_named(renamed.definition, gone->id.name, made->id.name);
        renamed.attach_to = renamed_index(renamed.attach_to);
        if (renamed == model::def_as<IndexDef>(*made)) {
          take(*gone, *made,
               {ObjectKind::kIndex, gone->id.schema, gone->id.table, "", gone->id.name,
                made->id.name});
          break;
        }
      }
    }
  }

  const model::Catalog& from_;
  const model::Catalog& to_;
  std::set<std::pair<std::string, std::string>> taken_;
  std::map<ObjectId, std::set<std::string>> constraint_names_;  // by table
  std::set<ObjectId> printed_elsewhere_;  // what a view, rule, function, ... depends on
  std::set<const Object*> used_;
  std::vector<NameChange> changes_;
};

ObjectId old_id(const NameChange& c) {
  return {c.kind, c.schema, c.kind == ObjectKind::kSequence ? "" : c.table, c.from, ""};
}

void rename_references(model::Catalog& catalog, const ObjectId& before, const ObjectId& after) {
  for (auto& o : catalog.objects) {
    for (auto& dep : o.depends_on) {
      if (dep == before) dep = after;
    }
  }
}

// An index name printed by tables (replica identity) and partitions' indexes and keys.
void rename_index_name(model::Catalog& catalog, const std::string& schema, const std::string& from,
                       const std::string& to) {
  const QualifiedName old_name{schema, from};
  for (auto& o : catalog.objects) {
    if (auto* t = model::def_if<TableDef>(o)) {
      if (o.id.schema == schema && t->replica_identity_index == from) {
        t->replica_identity_index = to;
      }
    } else if (auto* i = model::def_if<IndexDef>(o)) {
      if (i->attach_to == old_name) i->attach_to = QualifiedName{schema, to};
    } else if (auto* c = model::def_if<ConstraintDef>(o)) {
      if (c->attach_to == old_name) c->attach_to = QualifiedName{schema, to};
    }
  }
}

// A PostgreSQL 18 NOT NULL constraint renamed: the column keeps a name of its own only
// where it is not the one PostgreSQL chooses (the reader's rule).
void rename_not_null(model::Catalog& catalog, const NameChange& c) {
  for (auto& o : catalog.objects) {
    auto* t = model::def_if<TableDef>(o);
    if (!t || o.id.schema != c.schema || o.id.name != c.table) continue;
    for (auto& column : t->columns) {
      if (column.name != c.column || !column.not_null_constraint) continue;
      auto& nn = *column.not_null_constraint;
      nn.name = c.to;
      if (nn.name == default_not_null_name(c.table, c.column) && !nn.no_inherit && nn.validated &&
          !nn.comment) {
        column.not_null_constraint.reset();
      }
    }
  }
}

// Column defaults that call nextval() on a renamed sequence.
void rename_in_nextval(model::Catalog& catalog, const NameChange& c) {
  const std::string old_call = nextval_of(c.schema, c.from);
  const std::string new_call = nextval_of(c.schema, c.to);
  for (auto& o : catalog.objects) {
    auto* t = model::def_if<TableDef>(o);
    if (!t) continue;
    for (auto& column : t->columns) {
      if (!column.default_expr) continue;
      auto& text = *column.default_expr;
      for (auto at = text.find(old_call); at != std::string::npos;
           at = text.find(old_call, at + new_call.size())) {
        text.replace(at, old_call.size(), new_call);
      }
    }
  }
}

}  // namespace

std::vector<NameChange> find_name_changes(const model::Catalog& from, const model::Catalog& to) {
  return Finder(from, to).run();
}

model::Catalog with_name_changes(model::Catalog from, const std::vector<NameChange>& changes) {
  for (const auto& c : changes) {
    const bool identity = c.kind == ObjectKind::kSequence && !c.column.empty();
    if (identity) {
      for (auto& o : from.objects) {
        auto* t = model::def_if<TableDef>(o);
        if (!t || o.id.schema != c.schema || o.id.name != c.table) continue;
        for (auto& column : t->columns) {
          if (column.name == c.column && column.identity) column.identity->sequence.name = c.to;
        }
      }
      rename_in_nextval(from, c);
      continue;
    }
    if (c.kind == ObjectKind::kConstraint && !c.column.empty()) {
      rename_not_null(from, c);
      continue;
    }
    const ObjectId before = old_id(c);
    ObjectId after = before;
    after.name = c.to;
    bool renamed_key = false;
    for (auto& o : from.objects) {
      if (o.id != before) continue;
      o.id = after;
      if (auto* i = model::def_if<IndexDef>(o)) {
        i->definition = index_definition_named(i->definition, c.from, c.to);
      } else if (auto* k = model::def_if<ConstraintDef>(o)) {
        if (k->index_name == c.from) {
          k->index_name = c.to;
          renamed_key = true;
        }
      }
    }
    rename_references(from, before, after);
    // Only an index, or a key's, has a name that tables and partitions' indexes print.
    if (c.kind == ObjectKind::kIndex || renamed_key) {
      rename_index_name(from, c.schema, c.from, c.to);
    }
    if (c.kind == ObjectKind::kSequence) rename_in_nextval(from, c);
  }
  model::normalize(from);
  return from;
}

std::vector<Statement> name_change_statements(const std::vector<NameChange>& changes) {
  std::vector<Statement> out;
  for (const auto& c : changes) {
    Statement s;
    s.action = Action::kAlter;
    s.object = old_id(c);
    s.object.name = c.to;
    switch (c.kind) {
      case ObjectKind::kIndex:
        s.sql = "ALTER INDEX " + qualified_name(c.schema, c.from) + " RENAME TO " +
                quote_ident(c.to) + ";\n";
        break;
      case ObjectKind::kConstraint:
        if (!c.column.empty()) s.object = {ObjectKind::kTable, c.schema, "", c.table, ""};
        s.sql = "ALTER TABLE " + qualified_name(c.schema, c.table) + " RENAME CONSTRAINT " +
                quote_ident(c.from) + " TO " + quote_ident(c.to) + ";\n";
        break;
      default:
        if (!c.column.empty()) s.object = {ObjectKind::kTable, c.schema, "", c.table, ""};
        s.sql = "ALTER SEQUENCE " + qualified_name(c.schema, c.from) + " RENAME TO " +
                quote_ident(c.to) + ";\n";
        break;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pgdrift::plan

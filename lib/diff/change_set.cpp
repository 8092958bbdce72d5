#include "diff/change_set.h"

#include <dtl/dtl.hpp>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "model/json_fields.h"

namespace pgdrift::diff {
namespace {

using nlohmann::json;

std::string compact(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// The qualified identity people read: schema.name, schema.table.name, schema.f(args).
std::string display(const model::ObjectId& id) {
  using model::ObjectKind;
  if (id.kind == ObjectKind::kCast) return "(" + id.name + " AS " + id.args + ")";
  if (id.kind == ObjectKind::kTransform) return id.name + " language " + id.args;
  if (id.kind == ObjectKind::kUserMapping) return id.name + " server " + id.args;
  std::string out = id.schema.empty() ? "" : id.schema + ".";
  if (!id.table.empty()) out += id.table + ".";
  out += id.name;
  if (id.kind == ObjectKind::kFunction || id.kind == ObjectKind::kAggregate ||
      id.kind == ObjectKind::kOperator) {
    out += "(" + id.args + ")";
  }
  if (id.kind == ObjectKind::kOperatorClass || id.kind == ObjectKind::kOperatorFamily) {
    out += " using " + id.args;
  }
  if (id.kind == ObjectKind::kDefaultPrivileges) out += " on " + id.args;
  return out;
}

// An object as comparable fields: owner, comment, acl and the definition's fields.
// Dependencies are left out: they follow from the definitions. Table columns are
// compared on their own.
std::map<std::string, json> fields_of(const model::Object& object) {
  std::map<std::string, json> fields;
  fields["owner"] = object.owner;
  fields["comment"] = object.comment;
  fields["acl"] = object.acl;
  json def;
  std::visit([&](const auto& d) { def = d; }, object.definition);
  if (def.is_object()) {
    for (auto it = def.begin(); it != def.end(); ++it) {
      if (object.id.kind == model::ObjectKind::kTable && it.key() == "columns") continue;
      fields[it.key()] = it.value();
    }
  }
  return fields;
}

// A field one side's reading role could not see is unknown there, not different: a
// subscription's connection string is readable by a superuser only (the live side may be
// read by a role that only reads, the shadow always by a superuser). Which fields were
// hidden is not a difference either.
void drop_unreadable_fields(const model::Object& a, const model::Object& b,
                            std::map<std::string, json>& a_fields,
                            std::map<std::string, json>& b_fields) {
  for (const auto* object : {&a, &b}) {
    const auto* d = model::def_if<model::SubscriptionDef>(*object);
    if (!d) continue;
    for (const auto& field : d->unreadable) {
      a_fields.erase(field);
      b_fields.erase(field);
    }
  }
  a_fields.erase("unreadable");
  b_fields.erase("unreadable");
}

void compare_fields(const std::map<std::string, json>& before,
                    const std::map<std::string, json>& after, Finding& finding) {
  std::set<std::string> names;
  for (const auto& [k, v] : before) names.insert(k);
  for (const auto& [k, v] : after) names.insert(k);
  for (const auto& name : names) {
    const json a = before.count(name) ? before.at(name) : json();
    const json b = after.count(name) ? after.at(name) : json();
    if (a == b) continue;
    finding.fields.push_back({name, compact(a), compact(b)});
    if (is_long_text_field(name) && a.is_string() && b.is_string()) {
      finding.text_diff += unified_diff(a.get<std::string>(), b.get<std::string>());
    }
  }
}

std::map<std::string, json> column_fields(const model::Column& column) {
  json j = column;
  std::map<std::string, json> fields;
  for (auto it = j.begin(); it != j.end(); ++it) fields[it.key()] = it.value();
  return fields;
}

void compare_columns(const model::Object& table, const model::TableDef* before,
                     const model::TableDef* after, std::vector<Finding>& out) {
  std::map<std::string, const model::Column*> a, b;
  if (before)
    for (const auto& c : before->columns) a[c.name] = &c;
  if (after)
    for (const auto& c : after->columns) b[c.name] = &c;
  const std::string prefix = display(table.id) + ".";
  for (const auto& [name, column] : b) {
    if (!a.count(name))
      out.push_back({"column", prefix + name, ChangeType::kAdded, column->type, {}, ""});
  }
  for (const auto& [name, column] : a) {
    if (!b.count(name)) {
      out.push_back({"column", prefix + name, ChangeType::kRemoved, column->type, {}, ""});
      continue;
    }
    Finding finding{"column", prefix + name, ChangeType::kChanged, "", {}, ""};
    compare_fields(column_fields(*column), column_fields(*b.at(name)), finding);
    if (!finding.fields.empty()) out.push_back(std::move(finding));
  }
}

using NameSet = std::set<std::pair<std::string, std::string>>;

// Objects that come and go with another one, which is then the one finding: a
// relation's constraints, indexes, triggers, policies and rules, the sequences it owns
// (serial columns) and its partitions; a partitioned index's (or key's) copies on the
// partitions.
struct Owners {
  NameSet relations;  ///< (schema, name) of tables, views, partitions
  NameSet indexes;    ///< (schema, name) of indexes, including constraints' indexes
};

bool belongs_to(const model::Object& object, const Owners& owners) {
  if (!object.id.table.empty() && owners.relations.count({object.id.schema, object.id.table})) {
    return true;
  }
  if (const auto* sequence = model::def_if<model::SequenceDef>(object)) {
    return sequence->owned_by &&
           owners.relations.count({object.id.schema, sequence->owned_by->table});
  }
  if (const auto* table = model::def_if<model::TableDef>(object)) {
    return table->partition_of &&
           owners.relations.count({table->partition_of->schema, table->partition_of->name});
  }
  if (const auto* index = model::def_if<model::IndexDef>(object)) {
    return index->attach_to &&
           owners.indexes.count({index->attach_to->schema, index->attach_to->name});
  }
  if (const auto* constraint = model::def_if<model::ConstraintDef>(object)) {
    return constraint->attach_to &&
           owners.indexes.count({constraint->attach_to->schema, constraint->attach_to->name});
  }
  return false;
}

using ObjectMap = std::map<model::ObjectId, const model::Object*>;

// The owners among the objects of \a side whose ids are missing from \a other (only those
// \a seed accepts, with their partitions).
Owners owners_only_in(const ObjectMap& side, const ObjectMap& other,
                      const std::function<bool(const model::ObjectId&)>& seed = {});

bool is_relation(model::ObjectKind kind) {
  return kind == model::ObjectKind::kTable || kind == model::ObjectKind::kView ||
         kind == model::ObjectKind::kMaterializedView;
}

Owners owners_only_in(const ObjectMap& side, const ObjectMap& other,
                      const std::function<bool(const model::ObjectId&)>& seed) {
  Owners owners;
  for (const auto& [id, object] : side) {
    if (other.count(id) || (seed && !seed(id))) continue;
    if (is_relation(id.kind)) owners.relations.insert({id.schema, id.name});
    if (id.kind == model::ObjectKind::kIndex) owners.indexes.insert({id.schema, id.name});
    if (const auto* c = model::def_if<model::ConstraintDef>(*object)) {
      if (!c->index_name.empty()) owners.indexes.insert({id.schema, c->index_name});
    }
  }
  // Partitions of a new partitioned table, at every level.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [id, object] : side) {
      const auto* table = model::def_if<model::TableDef>(*object);
      if (!table || !table->partition_of || other.count(id)) continue;
      if (owners.relations.count({table->partition_of->schema, table->partition_of->name}) &&
          owners.relations.insert({id.schema, id.name}).second) {
        grew = true;
      }
    }
  }
  return owners;
}

}  // namespace

std::string finding_key(const Finding& finding) {
  return finding.kind + "|" + finding.object + "|" + change_name(finding.change);
}

bool is_long_text_field(const std::string& field) {
  return field == "definition" || field == "using_expr" || field == "check_expr";
}

const char* change_name(ChangeType type) {
  switch (type) {
    case ChangeType::kAdded:
      return "added";
    case ChangeType::kRemoved:
      return "removed";
    case ChangeType::kChanged:
      return "changed";
  }
  return "changed";
}

std::string unified_diff(const std::string& before, const std::string& after) {
  if (before == after) return "";
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  dtl::Diff<std::string, std::vector<std::string>> d(lines(before), lines(after));
  d.compose();
  d.composeUnifiedHunks();
  std::ostringstream out;
  d.printUnifiedFormat(out);
  return out.str();
}

ChangeSet compare(const model::Catalog& before, const model::Catalog& after) {
  ChangeSet result;
  auto& out = result.findings;
  std::map<model::ObjectId, const model::Object*> a, b;
  for (const auto& o : before.objects) a[o.id] = &o;
  for (const auto& o : after.objects) b[o.id] = &o;
  const Owners added = owners_only_in(b, a);
  const Owners removed = owners_only_in(a, b);
  for (const auto& [id, object] : b) {
    if (a.count(id) || belongs_to(*object, added)) continue;
    std::string summary;
    if (const auto* index = model::def_if<model::IndexDef>(*object)) {
      if (!index->valid) summary = "INVALID";
    }
    out.push_back(
        {std::string(model::kind_name(id.kind)), display(id), ChangeType::kAdded, summary, {}, ""});
    // A table that is new as a whole is one finding, not one per column.
  }
  for (const auto& [id, object] : a) {
    auto it = b.find(id);
    if (it == b.end()) {
      if (belongs_to(*object, removed)) continue;
      out.push_back(
          {std::string(model::kind_name(id.kind)), display(id), ChangeType::kRemoved, "", {}, ""});
      continue;
    }
    const model::Object& other = *it->second;
    // Most objects are unchanged: compare the structs before building JSON fields.
    if (object->owner == other.owner && object->comment == other.comment &&
        object->acl == other.acl && object->definition == other.definition) {
      continue;
    }
    Finding finding{
        std::string(model::kind_name(id.kind)), display(id), ChangeType::kChanged, "", {}, ""};
    auto before = fields_of(*object);
    auto after = fields_of(other);
    drop_unreadable_fields(*object, other, before, after);
    compare_fields(before, after, finding);
    if (!finding.fields.empty()) out.push_back(std::move(finding));
    if (id.kind == model::ObjectKind::kTable) {
      compare_columns(*object, &model::def_as<model::TableDef>(*object),
                      &model::def_as<model::TableDef>(other), out);
    }
  }
  sort_findings(result);
  return result;
}

void sort_findings(ChangeSet& changes) {
  std::sort(changes.findings.begin(), changes.findings.end(),
            [](const Finding& x, const Finding& y) {
              return std::tie(x.kind, x.object, x.change) < std::tie(y.kind, y.object, y.change);
            });
}

std::string object_display(const model::ObjectId& id) {
  return display(id);
}

namespace {

// \a table's columns with the picked column findings of \a prefix taken from \a after:
// removed ones left out, changed ones replaced (or only their picked fields), added ones
// appended in \a after's order.
std::vector<model::Column> picked_columns(const model::TableDef& before,
                                          const model::TableDef& after, const std::string& prefix,
                                          const std::map<std::string, const Finding*>& picked) {
  auto find = [&](const std::string& name, ChangeType change) -> const Finding* {
    const auto it = picked.find("column|" + prefix + name + "|" + change_name(change));
    return it == picked.end() ? nullptr : it->second;
  };
  auto column_in = [](const model::TableDef& table, const std::string& name) {
    const auto it = std::find_if(table.columns.begin(), table.columns.end(),
                                 [&](const model::Column& c) { return c.name == name; });
    return it == table.columns.end() ? nullptr : &*it;
  };
  std::vector<model::Column> columns;
  for (const auto& column : before.columns) {
    if (find(column.name, ChangeType::kRemoved)) continue;
    const Finding* changed = find(column.name, ChangeType::kChanged);
    const model::Column* other = column_in(after, column.name);
    if (!changed || !other) {
      columns.push_back(column);
    } else if (changed->fields.size() == 1 && changed->fields.front().field == "acl") {
      columns.push_back(column);  // grants: only the column's privileges
      columns.back().acl = other->acl;
    } else {
      columns.push_back(*other);
    }
  }
  for (const auto& column : after.columns) {
    if (find(column.name, ChangeType::kAdded) && !column_in(before, column.name)) {
      columns.push_back(column);
    }
  }
  return columns;
}

// \a object (as in before) with the fields of \a finding taken from \a other: all of
// them, or only owner and privileges when an aspect rule picked those.
model::Object with_picked_fields(const model::Object& object, const model::Object& other,
                                 const Finding& finding) {
  const bool aspects_only =
      std::all_of(finding.fields.begin(), finding.fields.end(),
                  [](const FieldChange& f) { return f.field == "owner" || f.field == "acl"; });
  if (!aspects_only) return other;
  model::Object out = object;
  for (const auto& field : finding.fields) {
    if (field.field == "owner") out.owner = other.owner;
    if (field.field == "acl") out.acl = other.acl;
  }
  return out;
}

}  // namespace

model::Catalog apply_findings(const model::Catalog& before, const model::Catalog& after,
                              const ChangeSet& picked) {
  std::map<std::string, const Finding*> by_key;
  for (const auto& f : picked.findings) by_key[finding_key(f)] = &f;
  auto picked_as = [&](const model::ObjectId& id, ChangeType change) -> const Finding* {
    const auto it = by_key.find(std::string(model::kind_name(id.kind)) + "|" + display(id) + "|" +
                                change_name(change));
    return it == by_key.end() ? nullptr : it->second;
  };
  ObjectMap a, b;
  for (const auto& o : before.objects) a[o.id] = &o;
  for (const auto& o : after.objects) b[o.id] = &o;
  // Objects that come and go with a picked one (its indexes, constraints, partitions...).
  const Owners added = owners_only_in(
      b, a, [&](const model::ObjectId& id) { return picked_as(id, ChangeType::kAdded); });
  const Owners removed = owners_only_in(
      a, b, [&](const model::ObjectId& id) { return picked_as(id, ChangeType::kRemoved); });
  model::Catalog out;
  out.server_version_num = before.server_version_num;
  out.unsupported = before.unsupported;
  for (const auto& object : before.objects) {
    const auto other = b.find(object.id);
    if (other == b.end()) {
      if (!picked_as(object.id, ChangeType::kRemoved) && !belongs_to(object, removed)) {
        out.objects.push_back(object);
      }
      continue;
    }
    const Finding* changed = picked_as(object.id, ChangeType::kChanged);
    model::Object kept = changed ? with_picked_fields(object, *other->second, *changed) : object;
    if (object.id.kind == model::ObjectKind::kTable) {
      model::def_if<model::TableDef>(kept)->columns = picked_columns(
          model::def_as<model::TableDef>(object), model::def_as<model::TableDef>(*other->second),
          display(object.id) + ".", by_key);
    }
    out.objects.push_back(std::move(kept));
  }
  for (const auto& object : after.objects) {
    if (a.count(object.id)) continue;
    if (picked_as(object.id, ChangeType::kAdded) || belongs_to(object, added)) {
      out.objects.push_back(object);
    }
  }
  return out;
}

}  // namespace pgdrift::diff

#include "diff/normalisation.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "util/sha256.h"

namespace pgdrift::diff {

using model::ObjectId;
using model::ObjectKind;

bool has_changed_findings(const ChangeSet& changes) {
  for (const auto& finding : changes.findings) {
    if (finding.change == ChangeType::kChanged) return true;
  }
  return false;
}

std::string field_fingerprint(const Finding& finding, const FieldChange& field) {
  const std::string key = finding_key(finding);
  // Each part with its length, so that no two different lists of parts hash alike.
  std::string material;
  for (const std::string* part : {&key, &field.field, &field.before, &field.after}) {
    material += std::to_string(part->size()) + ":" + *part + "\n";
  }
  return key + "|" + field.field + "|" + sha256_hex(material);
}

Finding with_fields(const Finding& finding, const std::function<bool(const FieldChange&)>& keep) {
  Finding kept = finding;
  kept.fields.clear();
  for (const auto& field : finding.fields) {
    if (keep(field)) kept.fields.push_back(field);
  }
  if (kept.fields.size() == finding.fields.size()) return kept;
  // The text diff again, of the kept fields only, as compare() makes it: of the two
  // texts, when both sides are texts.
  kept.text_diff.clear();
  for (const auto& field : kept.fields) {
    if (!is_long_text_field(field.field)) continue;
    const auto before = nlohmann::json::parse(field.before, nullptr, false);
    const auto after = nlohmann::json::parse(field.after, nullptr, false);
    if (before.is_string() && after.is_string()) {
      kept.text_diff += unified_diff(before.get<std::string>(), after.get<std::string>());
    }
  }
  return kept;
}

ChangeSet confirm_changes(const ChangeSet& raw, const ChangeSet& round_trip) {
  std::map<std::pair<std::string, std::string>, const Finding*> confirmed;
  for (const auto& finding : round_trip.findings) {
    confirmed[{finding.kind, finding.object}] = &finding;
  }
  ChangeSet result;
  for (const auto& finding : raw.findings) {
    if (finding.change != ChangeType::kChanged) {
      result.findings.push_back(finding);
      continue;
    }
    const auto it = confirmed.find({finding.kind, finding.object});
    if (it == confirmed.end()) continue;  // equal once the live side is re-deparsed
    if (it->second->change != ChangeType::kChanged) {
      result.findings.push_back(finding);
      continue;
    }
    std::set<std::string> still_different;
    for (const auto& field : it->second->fields) still_different.insert(field.field);
    Finding kept =
        with_fields(finding, [&](const FieldChange& f) { return still_different.count(f.field); });
    if (!kept.fields.empty()) result.findings.push_back(std::move(kept));
  }
  return result;
}

namespace {

// The live catalog looked up the ways the subset needs: by id, by a finding's key, a
// relation by its name, and the object that creates an index by the index's name.
class LiveIndex {
 public:
  explicit LiveIndex(const model::Catalog& live) {
    for (size_t i = 0; i < live.objects.size(); ++i) {
      const auto& object = live.objects[i];
      const auto& id = object.id;
      by_id_[id] = i;
      const std::string display = object_display(id);
      add_finding_key({std::string(model::kind_name(id.kind)), display}, i);
      switch (id.kind) {
        case ObjectKind::kTable:
          relations_[{id.schema, id.name}] = i;
          for (const auto& column : model::def_as<model::TableDef>(object).columns) {
            add_finding_key({"column", display + "." + column.name}, i);
          }
          break;
        case ObjectKind::kView:
        case ObjectKind::kMaterializedView:
          relations_[{id.schema, id.name}] = i;
          break;
        case ObjectKind::kIndex:
          index_creators_[{id.schema, id.name}] = i;
          break;
        case ObjectKind::kConstraint: {
          const auto& def = model::def_as<model::ConstraintDef>(object);
          if (!def.index_name.empty()) index_creators_[{id.schema, def.index_name}] = i;
          break;
        }
        default:
          break;
      }
    }
  }
  /// The object \a finding names; nullopt when none, or when two objects print alike
  /// (table "a.b" in schema s and table b in schema "s.a" are both s.a.b).
  std::optional<size_t> of_finding(const Finding& finding) const {
    const auto position = found(by_finding_, {finding.kind, finding.object});
    if (position == kAmbiguous) return std::nullopt;
    return position;
  }
  std::optional<size_t> of_id(const ObjectId& id) const { return found(by_id_, id); }
  std::optional<size_t> relation(const std::string& schema, const std::string& name) const {
    return found(relations_, {schema, name});
  }
  std::optional<size_t> index_creator(const std::string& schema, const std::string& name) const {
    return found(index_creators_, {schema, name});
  }

 private:
  static constexpr size_t kAmbiguous = static_cast<size_t>(-1);
  void add_finding_key(std::pair<std::string, std::string> key, size_t position) {
    const auto [it, inserted] = by_finding_.emplace(std::move(key), position);
    if (!inserted) it->second = kAmbiguous;
  }
  template <typename Map>
  static std::optional<size_t> found(const Map& map, const typename Map::key_type& key) {
    const auto it = map.find(key);
    return it == map.end() ? std::nullopt : std::optional<size_t>(it->second);
  }
  std::map<ObjectId, size_t> by_id_;
  std::map<std::pair<std::string, std::string>, size_t> by_finding_, relations_, index_creators_;
};

// What the renderer makes \a object wait for besides its pg_depend edges (see the
// builders), as positions in the live catalog.
std::vector<std::optional<size_t>> structural_needs(const model::Object& object,
                                                    const LiveIndex& live) {
  const auto& id = object.id;
  std::vector<std::optional<size_t>> needs;
  if (!id.table.empty()) needs.push_back(live.relation(id.schema, id.table));
  if (const auto* table = model::def_if<model::TableDef>(object)) {
    if (table->partition_of) {
      needs.push_back(live.relation(table->partition_of->schema, table->partition_of->name));
    }
    for (const auto& parent : table->inherits) {
      needs.push_back(live.relation(parent.schema, parent.name));
    }
    if (table->replica_identity_index) {
      needs.push_back(live.index_creator(id.schema, *table->replica_identity_index));
    }
  } else if (const auto* sequence = model::def_if<model::SequenceDef>(object)) {
    if (sequence->owned_by) needs.push_back(live.relation(id.schema, sequence->owned_by->table));
  } else if (const auto* index = model::def_if<model::IndexDef>(object)) {
    if (index->attach_to) {
      needs.push_back(live.index_creator(index->attach_to->schema, index->attach_to->name));
    }
  } else if (const auto* constraint = model::def_if<model::ConstraintDef>(object)) {
    if (constraint->attach_to) {
      needs.push_back(
          live.index_creator(constraint->attach_to->schema, constraint->attach_to->name));
    }
    if (constraint->validated_copy_of) {
      needs.push_back(live.of_id({ObjectKind::kConstraint, constraint->validated_copy_of->schema,
                                  constraint->validated_copy_of->name, id.name, ""}));
    }
  } else if (const auto* publication = model::def_if<model::PublicationDef>(object)) {
    for (const auto& t : publication->tables) {
      needs.push_back(live.relation(t.table.schema, t.table.name));
    }
  }
  return needs;
}

}  // namespace

model::Catalog round_trip_subset(const model::Catalog& live, const ChangeSet& changes) {
  const LiveIndex index(live);
  std::vector<bool> wanted(live.objects.size(), false);
  std::vector<size_t> to_visit;
  auto want = [&](std::optional<size_t> position) {
    if (!position || wanted[*position]) return;
    wanted[*position] = true;
    to_visit.push_back(*position);
  };
  for (size_t i = 0; i < live.objects.size(); ++i) {
    const auto kind = live.objects[i].id.kind;
    if (kind == ObjectKind::kSchema || kind == ObjectKind::kExtension) want(i);
  }
  for (const auto& finding : changes.findings) {
    if (finding.change != ChangeType::kChanged) continue;
    const auto position = index.of_finding(finding);
    // Not told apart by its printed name: replay everything rather than give another
    // object's verdict, or take the object's absence from the round trip for a change.
    if (!position) return live;
    want(position);
  }
  while (!to_visit.empty()) {
    const model::Object& object = live.objects[to_visit.back()];
    to_visit.pop_back();
    for (const auto& dependency : object.depends_on) want(index.of_id(dependency));
    for (const auto& need : structural_needs(object, index)) want(need);
  }
  model::Catalog subset;
  subset.server_version_num = live.server_version_num;
  for (size_t i = 0; i < live.objects.size(); ++i) {
    if (wanted[i]) subset.objects.push_back(live.objects[i]);
  }
  return subset;
}

model::Catalog objects_also_in(const model::Catalog& catalog, const model::Catalog& subset) {
  model::Catalog out;
  out.server_version_num = catalog.server_version_num;
  for (const auto& object : catalog.objects) {
    if (subset.find(object.id)) out.objects.push_back(object);
  }
  return out;
}

}  // namespace pgdrift::diff

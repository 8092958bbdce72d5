#include "render/schema_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "render/sql.h"

namespace pgdrift::render {

std::string file_name_component(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-' || (c == '.' && i > 0);
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out.empty() ? "%" : out;
}

namespace {

using model::ObjectKind;

// "<schema>/<folder>/<name>.sql" for an object of a schema, "<folder>/<name>.sql" for one
// of the database.
std::string path(const std::string& schema, const std::string& folder, const std::string& name) {
  const std::string file = folder + "/" + file_name_component(name) + ".sql";
  return schema.empty() ? file : file_name_component(schema) + "/" + file;
}

// The file of each relation, by (schema, name). A partition lives in the file of the
// table it is a partition of (at the top): attached to a parent that has an index, a
// table gets that index made for it, so the parent's file must hold the partitions'
// tables, attachments and indexes in the order a single script runs them.
using RelationFiles = std::map<std::pair<std::string, std::string>, std::string>;

RelationFiles relation_files(const model::Catalog& catalog) {
  std::map<std::pair<std::string, std::string>, model::QualifiedName> parent;
  RelationFiles files;
  for (const auto& o : catalog.objects) {
    const char* folder = o.id.kind == ObjectKind::kTable              ? "tables"
                         : o.id.kind == ObjectKind::kView             ? "views"
                         : o.id.kind == ObjectKind::kMaterializedView ? "materialized_views"
                                                                      : nullptr;
    if (!folder) continue;
    files[{o.id.schema, o.id.name}] = path(o.id.schema, folder, o.id.name);
    if (const auto* table = model::def_if<model::TableDef>(o); table && table->partition_of) {
      parent[{o.id.schema, o.id.name}] = *table->partition_of;
    }
  }
  for (auto& [name, file] : files) {
    auto top = name;
    for (int level = 0; level < 64; ++level) {  // partitions nest, never in a circle
      const auto up = parent.find(top);
      if (up == parent.end() || !files.count({up->second.schema, up->second.name})) break;
      top = {up->second.schema, up->second.name};
    }
    if (top != name) file = path(top.first, "tables", top.second);
  }
  return files;
}

const char* kind_folder(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kSchema:
      return "schemas";
    case ObjectKind::kExtension:
      return "extensions";
    case ObjectKind::kCollation:
      return "collations";
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      return "types";
    case ObjectKind::kFunction:
    case ObjectKind::kAggregate:
      return "functions";
    case ObjectKind::kSequence:
      return "sequences";
    case ObjectKind::kTable:
      return "tables";
    case ObjectKind::kView:
      return "views";
    case ObjectKind::kMaterializedView:
      return "materialized_views";
    case ObjectKind::kConstraint:
      return "constraints";
    case ObjectKind::kIndex:
      return "indexes";
    case ObjectKind::kRule:
      return "rules";
    case ObjectKind::kTrigger:
      return "triggers";
    case ObjectKind::kEventTrigger:
      return "event_triggers";
    case ObjectKind::kPolicy:
      return "policies";
    case ObjectKind::kStatistics:
      return "statistics";
    case ObjectKind::kPublication:
      return "publications";
    case ObjectKind::kDefaultPrivileges:
      return "default_privileges";
    case ObjectKind::kOperator:
      return "operators";
    case ObjectKind::kOperatorFamily:
      return "operator_families";
    case ObjectKind::kOperatorClass:
      return "operator_classes";
    case ObjectKind::kTextSearchParser:
      return "text_search_parsers";
    case ObjectKind::kTextSearchTemplate:
      return "text_search_templates";
    case ObjectKind::kTextSearchDictionary:
      return "text_search_dictionaries";
    case ObjectKind::kTextSearchConfiguration:
      return "text_search_configurations";
    case ObjectKind::kCast:
      return "casts";
    case ObjectKind::kConversion:
      return "conversions";
    case ObjectKind::kLanguage:
      return "languages";
    case ObjectKind::kAccessMethod:
      return "access_methods";
    case ObjectKind::kTransform:
      return "transforms";
    case ObjectKind::kForeignDataWrapper:
      return "foreign_data_wrappers";
    case ObjectKind::kForeignServer:
      return "foreign_servers";
    case ObjectKind::kUserMapping:
      return "user_mappings";
    case ObjectKind::kSubscription:
      return "subscriptions";
    case ObjectKind::kCount:
      break;
  }
  return "other";
}

// The file an entry of \a object goes to.
std::string file_of(const model::Object& object, const RelationFiles& relations) {
  const model::ObjectId& id = object.id;
  switch (id.kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      if (const auto it = relations.find({id.schema, id.name}); it != relations.end()) {
        return it->second;
      }
      break;
    case ObjectKind::kSchema:
      return file_name_component(id.name) + "/schema.sql";
    case ObjectKind::kDefaultPrivileges:
      return "default_privileges.sql";
    // A sequence a column owns lives with its table (as `serial` reads).
    case ObjectKind::kSequence:
      if (const auto* def = model::def_if<model::SequenceDef>(object); def && def->owned_by) {
        if (const auto it = relations.find({id.schema, def->owned_by->table});
            it != relations.end()) {
          return it->second;
        }
      }
      break;
    // What belongs to a relation lives in the relation's file.
    case ObjectKind::kConstraint:
    case ObjectKind::kIndex:
    case ObjectKind::kRule:
    case ObjectKind::kTrigger:
    case ObjectKind::kPolicy:
      if (const auto it = relations.find({id.schema, id.table}); it != relations.end()) {
        return it->second;
      }
      break;
    // Names alone do not tell these apart.
    case ObjectKind::kCast:
      return path("", kind_folder(id.kind), id.name + " as " + id.args);
    case ObjectKind::kTransform:
      return path("", kind_folder(id.kind), id.name + " " + id.args);
    case ObjectKind::kUserMapping:
      return path("", kind_folder(id.kind), id.args);
    default:
      break;
  }
  return path(id.schema, kind_folder(id.kind), id.name);
}

}  // namespace

bool is_layout_path(const std::string& path) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  const std::string& file = parts.back();
  if (file.size() <= 4 || file.compare(file.size() - 4, 4, ".sql") != 0) return false;
  auto is_kind_folder = [](const std::string& folder) {
    for (size_t k = 0; k < model::kObjectKindCount; ++k) {
      if (folder == kind_folder(static_cast<ObjectKind>(k))) return true;
    }
    return false;
  };
  switch (parts.size()) {
    case 1:
      return file == "default_privileges.sql";
    case 2:
      return file == "schema.sql" || is_kind_folder(parts[0]);
    case 3:
      return is_kind_folder(parts[1]);
    default:
      return false;
  }
}

bool starts_like_schema_file(const std::string& text) {
  for (size_t k = 0; k < model::kObjectKindCount; ++k) {
    std::string name(model::kind_name(static_cast<ObjectKind>(k)));
    std::replace(name.begin(), name.end(), '_', ' ');
    if (text.rfind("-- " + name + " ", 0) == 0) return true;
  }
  return false;
}

std::map<std::string, std::string> schema_files(const model::Catalog& catalog) {
  const RelationFiles relations = relation_files(catalog);
  std::map<std::string, std::string> files;
  for (auto& entry : build_entries(catalog)) {
    if (entry.sql.empty()) continue;
    std::string& file = files[file_of(*entry.object, relations)];
    // Names may hold line breaks; a header must stay one comment line.
    for (char& c : entry.header) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    if (!file.empty()) file += "\n";
    file += "-- " + entry.header + "\n" + entry.sql;
  }
  return files;
}

}  // namespace pgdrift::render

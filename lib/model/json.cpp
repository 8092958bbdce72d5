#include "model/json.h"

#include <functional>
#include <future>

#include "model/json_fields.h"

#include "util/error.h"

namespace pgdrift::model {

using nlohmann::json;

bool& json_omit_defaults() {
  thread_local bool omit = false;
  return omit;
}

// Ids leave out empty parts, which keeps the document readable.
void to_json(json& j, const ObjectId& id) {
  j = json::object();
  j["kind"] = std::string(kind_name(id.kind));
  if (!id.schema.empty()) j["schema"] = id.schema;
  if (!id.table.empty()) j["table"] = id.table;
  j["name"] = id.name;
  if (!id.args.empty()) j["args"] = id.args;
}

void from_json(const json& j, ObjectId& id) {
  const auto kind = j.at("kind").get<std::string>();
  if (!parse_kind(kind, id.kind)) {
    throw Error(ErrorCategory::kInput, "unknown object kind \"" + kind + "\"");
  }
  id.schema = j.value("schema", "");
  id.table = j.value("table", "");
  id.name = j.at("name").get<std::string>();
  id.args = j.value("args", "");
}

namespace {

// Reads the definition alternative whose index is \a index (the object's kind).
template <size_t I = 0>
Definition definition_from_json(size_t index, const json& j) {
  if constexpr (I < std::variant_size_v<Definition>) {
    if (index == I)
      return Definition(std::in_place_index<I>, j.get<std::variant_alternative_t<I, Definition>>());
    return definition_from_json<I + 1>(index, j);
  } else {
    throw Error(ErrorCategory::kInternal, "definition index out of range");
  }
}

json object_to_json(const Object& object, bool compact) {
  json j;
  j["id"] = object.id;
  if (!compact || object.owner) j["owner"] = object.owner;
  if (!compact || object.comment) j["comment"] = object.comment;
  if (!compact || object.acl) j["acl"] = object.acl;
  j["depends_on"] = object.depends_on;
  std::visit([&](const auto& def) { j["definition"] = def; }, object.definition);
  return j;
}

Object object_from_json(const json& j) {
  Object object;
  object.id = j.at("id").get<ObjectId>();
  // Absent (the compact layout leaves nulls out) reads as null.
  object.owner = j.value("owner", json()).get<std::optional<std::string>>();
  object.comment = j.value("comment", json()).get<std::optional<std::string>>();
  object.acl = j.value("acl", json()).get<std::optional<Acl>>();
  object.depends_on = j.at("depends_on").get<std::vector<ObjectId>>();
  object.definition = definition_from_json(static_cast<size_t>(object.id.kind), j.at("definition"));
  return object;
}

constexpr const char* kFormatName = "pgdrift-snapshot";

}  // namespace

namespace {

// Sets json_omit_defaults() for a scope.
class OmitDefaults {
 public:
  explicit OmitDefaults(bool on) : saved_(json_omit_defaults()) { json_omit_defaults() = on; }
  ~OmitDefaults() { json_omit_defaults() = saved_; }
  OmitDefaults(const OmitDefaults&) = delete;
  OmitDefaults& operator=(const OmitDefaults&) = delete;

 private:
  bool saved_;
};

}  // namespace

namespace {

// The objects [begin, end) as compact JSON, each followed by a comma.
std::string compact_objects(const Catalog& catalog, size_t begin, size_t end) {
  const OmitDefaults omit(true);  // per thread
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    out += object_to_json(catalog.objects[i], true).dump();
    out += ',';
  }
  return out;
}

// The compact document, written object by object (no tree of the whole catalog), in two
// halves side by side when the catalog is large: the text doc.dump() gives, with the
// keys of the document in its order.
std::string compact_catalog_json(const Catalog& catalog) {
  const size_t count = catalog.objects.size();
  std::string objects;
  if (count >= 20000) {
    auto second =
        std::async(std::launch::async, compact_objects, std::cref(catalog), count / 2, count);
    objects = compact_objects(catalog, 0, count / 2);
    objects += second.get();
  } else {
    objects = compact_objects(catalog, 0, count);
  }
  if (!objects.empty()) objects.pop_back();  // the last comma
  const OmitDefaults omit(true);
  return "{\"format\":" + json(kFormatName).dump() +
         ",\"format_version\":" + std::to_string(Catalog::kFormatVersion) + ",\"objects\":[" +
         objects + "],\"server_version_num\":" + std::to_string(catalog.server_version_num) +
         ",\"unsupported\":" + json(catalog.unsupported).dump() + "}\n";
}

}  // namespace

std::string catalog_to_json(const Catalog& catalog, JsonLayout layout) {
  if (layout == JsonLayout::kCompact) return compact_catalog_json(catalog);
  json doc;
  doc["format"] = kFormatName;
  doc["format_version"] = Catalog::kFormatVersion;
  doc["server_version_num"] = catalog.server_version_num;
  const bool compact = layout == JsonLayout::kCompact;
  const OmitDefaults omit(compact);
  json objects = json::array();
  for (const auto& object : catalog.objects) objects.push_back(object_to_json(object, compact));
  doc["objects"] = std::move(objects);
  doc["unsupported"] = catalog.unsupported;
  return (layout == JsonLayout::kCompact ? doc.dump() : doc.dump(2)) + "\n";
}

namespace {

void require_snapshot_format(const json& format, const json& version) {
  if (!format.is_string() || format.get<std::string>() != kFormatName) {
    throw Error(ErrorCategory::kInput,
                "not a pgdrift snapshot (no \"format\": \"pgdrift-snapshot\")");
  }
  const int number = version.is_number_integer() ? version.get<int>() : 0;
  if (number != Catalog::kFormatVersion) {
    throw Error(ErrorCategory::kInput, "snapshot format version " + std::to_string(number) +
                                           " is not the version this pgdrift reads (" +
                                           std::to_string(Catalog::kFormatVersion) +
                                           "); take the snapshot again");
  }
}

}  // namespace

Catalog catalog_from_json(std::string_view text) {
  // The objects are converted one by one while the document is parsed and then dropped
  // from it: a whole document tree of 50,000 objects took 500 MB (the cached expected
  // catalog of a 10,000-table schema).
  Catalog catalog;
  std::string section;
  json format, version;
  bool checked = false;
  auto take_objects = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 1 && event == json::parse_event_t::key) {
      section = parsed.get<std::string>();
      if (section == "objects") {
        require_snapshot_format(format, version);
        checked = true;
      }
    } else if (depth == 1 && event == json::parse_event_t::value) {
      if (section == "format") format = parsed;
      if (section == "format_version") version = parsed;
    } else if (depth == 2 && event == json::parse_event_t::object_end && section == "objects") {
      catalog.objects.push_back(object_from_json(parsed));
      return false;
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(text, take_objects);
  } catch (const json::parse_error& e) {
    throw Error(ErrorCategory::kInput, std::string("not valid JSON (") + e.what() + ")");
  } catch (const json::exception& e) {
    throw Error(ErrorCategory::kInput, std::string("malformed snapshot (") + e.what() + ")");
  }
  if (!doc.is_object()) {
    throw Error(ErrorCategory::kInput,
                "not a pgdrift snapshot (no \"format\": \"pgdrift-snapshot\")");
  }
  if (!checked)
    require_snapshot_format(doc.value("format", json()), doc.value("format_version", json()));
  try {
    catalog.server_version_num = doc.at("server_version_num").get<int>();
    if (!doc.contains("objects"))
      throw Error(ErrorCategory::kInput, "malformed snapshot (no objects)");
    catalog.unsupported = doc.at("unsupported").get<std::vector<UnsupportedObject>>();
  } catch (const json::exception& e) {
    throw Error(ErrorCategory::kInput, std::string("malformed snapshot (") + e.what() + ")");
  }
  normalize(catalog);
  return catalog;
}

}  // namespace pgdrift::model

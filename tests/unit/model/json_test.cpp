#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "model/json.h"
#include "util/error.h"

using namespace pgdrift;
using namespace pgdrift::model;

namespace {

Catalog sample() {
  Catalog c;
  c.server_version_num = 150018;
  Object schema;
  schema.id = ObjectId{ObjectKind::kSchema, "", "", "app", ""};
  schema.owner = "own";
  schema.definition = SchemaDef{};
  Object table;
  table.id = ObjectId{ObjectKind::kTable, "app", "", "Users", ""};
  table.owner = "own";
  table.comment = "people";
  table.acl = Acl{Grant{"ro", "own", "SELECT", false}};
  table.depends_on = {schema.id};
  TableDef def;
  Column id;
  id.name = "id";
  id.type = "integer";
  id.not_null = true;
  id.identity = IdentityDef{"always", {"app", "Users_id_seq"}, 1, 1, 1, 2147483647, 1, false, {}};
  Column name;
  name.name = "name";
  name.type = "text";
  name.collation = QualifiedName{"pg_catalog", "C"};
  name.statistics = 500;
  // validated defaults to true: its false must survive the compact layout.
  name.not_null_constraint = NotNullConstraint{"name_nn", false, false, std::nullopt};
  def.columns = {id, name};
  table.definition = def;
  Object fn;
  fn.id = ObjectId{ObjectKind::kFunction, "app", "", "f", "integer, text"};
  fn.definition = FunctionDef{"function", "sql", "CREATE OR REPLACE FUNCTION app.f(...)"};
  c.objects = {schema, table, fn};
  c.unsupported = {{"operator", "app.===(integer, integer)"}};
  normalize(c);
  return c;
}

}  // namespace

TEST_CASE("a catalog survives a JSON round trip unchanged", "[json]") {
  const Catalog original = sample();
  const std::string text = catalog_to_json(original);
  const Catalog back = catalog_from_json(text);
  CHECK(back.server_version_num == original.server_version_num);
  CHECK(back.objects == original.objects);
  CHECK(back.unsupported == original.unsupported);
  CHECK(catalog_to_json(back) == text);
}

TEST_CASE("the compact layout leaves defaults out and reads back the same catalog", "[json]") {
  const Catalog original = sample();
  const std::string compact = catalog_to_json(original, JsonLayout::kCompact);
  CHECK(compact.find(":null") == std::string::npos);
  // Fields equal to their defaults are left out, others kept, whatever the value.
  CHECK(compact.find("\"inherited\"") == std::string::npos);         // false, the default
  CHECK(compact.find("\"no_inherit\"") == std::string::npos);        // false, the default
  CHECK(compact.find("\"validated\":false") != std::string::npos);   // true is the default
  CHECK(compact.find("\"replica_identity\"") == std::string::npos);  // "default"
  CHECK(compact.find("\"cycle\"") == std::string::npos);
  CHECK(catalog_to_json(original).find("\"inherited\": false") != std::string::npos);
  CHECK(compact.find('\n') == compact.size() - 1);  // one line
  CHECK(catalog_to_json(original).find(": null") != std::string::npos);
  const Catalog back = catalog_from_json(compact);
  CHECK(back.objects == original.objects);
  CHECK(catalog_to_json(back) == catalog_to_json(original));
}

TEST_CASE("a large catalog's compact layout, written in two halves, reads back the same",
          "[json]") {
  Catalog large = sample();
  const auto some = large.objects;
  // More than the size from which the halves are written side by side.
  for (int i = 0; large.objects.size() < 25000; ++i) {
    for (auto object : some) {
      object.id.name += "_" + std::to_string(i);
      large.objects.push_back(std::move(object));
    }
  }
  normalize(large);
  const std::string compact = catalog_to_json(large, JsonLayout::kCompact);
  CHECK(compact.rfind("{\"format\":\"pgdrift-snapshot\",\"format_version\":", 0) == 0);
  CHECK(compact.find(",,") == std::string::npos);
  CHECK(compact.find(",]") == std::string::npos);
  // Exactly the text a document tree of it gives (nlohmann's dump: keys in order).
  CHECK(nlohmann::json::parse(compact).dump() + "\n" == compact);
  const Catalog back = catalog_from_json(compact);
  CHECK(back.objects == large.objects);
  CHECK(catalog_to_json(back, JsonLayout::kCompact) == compact);
  const Catalog empty;
  CHECK(catalog_from_json(catalog_to_json(empty, JsonLayout::kCompact)).objects.empty());
}

TEST_CASE("the JSON document names its format and version", "[json]") {
  const std::string text = catalog_to_json(sample());
  CHECK(text.find("\"format\": \"pgdrift-snapshot\"") != std::string::npos);
  CHECK(text.find("\"format_version\": 4") != std::string::npos);
}

TEST_CASE("malformed or foreign documents are refused with a reason", "[json]") {
  auto category_of = [](const std::string& text) {
    try {
      catalog_from_json(text);
    } catch (const Error& e) {
      return e.category();
    }
    return ErrorCategory::kInternal;
  };
  CHECK(category_of("not json") == ErrorCategory::kInput);
  CHECK(category_of("{\"hello\": 1}") == ErrorCategory::kInput);
  CHECK(category_of("{\"format\": \"pgdrift-snapshot\", \"format_version\": 99}") ==
        ErrorCategory::kInput);
  CHECK(category_of("{\"format\": \"pgdrift-snapshot\", \"format_version\": 1}") ==
        ErrorCategory::kInput);
}

TEST_CASE("normalize sorts objects and refuses duplicate identities", "[catalog]") {
  Catalog c = sample();
  std::reverse(c.objects.begin(), c.objects.end());
  normalize(c);
  CHECK(c.objects.front().id.kind == ObjectKind::kSchema);
  c.objects.push_back(c.objects.front());
  CHECK_THROWS_AS(normalize(c), Error);
}

// A read's base (reader.h) as JSON, kept beside a shadow image between runs: numbers
// only, as a 10,000-table schema has about 70,000 objects.
#include <nlohmann/json.hpp>

#include "catalog/reader.h"
#include "util/error.h"

namespace pgdrift::catalog {

namespace {
constexpr const char* kFormat = "pgdrift read base 4";
}  // namespace

std::string read_base_to_json(const ReadBase& base, const model::Catalog& read) {
  // Each object as its place in the catalog read (normalised: in ObjectId order), which
  // the catalog's own JSON keeps: three numbers instead of a name in four parts.
  std::vector<std::uint64_t> numbers;
  numbers.reserve(base.objects.size() * 3);
  for (const auto& ref : base.objects) {
    const auto* object = read.find(ref.id);
    if (!object) {
      throw Error(ErrorCategory::kInternal,
                  "a read base names an object its read lacks: " + model::describe(ref.id));
    }
    numbers.insert(numbers.end(), {ref.classid, ref.oid,
                                   static_cast<std::uint64_t>(object - read.objects.data())});
  }
  return nlohmann::json{{"format", kFormat}, {"objects", numbers}}.dump();
}

ReadBase read_base_from_json(std::string_view text, const model::Catalog& read) {
  try {
    const auto document = nlohmann::json::parse(text);
    if (document.at("format") != kFormat) {
      throw Error(ErrorCategory::kInput, "not a read base of this pgdrift");
    }
    const auto numbers = document.at("objects").get<std::vector<std::uint64_t>>();
    if (numbers.size() % 3 != 0) throw Error(ErrorCategory::kInput, "a damaged read base");
    ReadBase base;
    base.objects.reserve(numbers.size() / 3);
    for (size_t i = 0; i < numbers.size(); i += 3) {
      if (numbers[i + 2] >= read.objects.size()) {
        throw Error(ErrorCategory::kInput, "a read base that is not of this catalog");
      }
      base.objects.push_back({static_cast<std::uint32_t>(numbers[i]),
                              static_cast<std::uint32_t>(numbers[i + 1]),
                              read.objects[numbers[i + 2]].id});
    }
    return base;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::kInput, std::string("a damaged read base: ") + e.what());
  }
}

}  // namespace pgdrift::catalog

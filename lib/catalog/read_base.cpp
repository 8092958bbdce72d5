// A read's base (reader.h) as JSON, kept beside a shadow image between runs: four
// numbers an object, as a 10,000-table schema has about 70,000 of them.
#include <nlohmann/json.hpp>
#include <tuple>

#include "catalog/reader.h"
#include "util/error.h"

namespace pgdrift::catalog {

namespace {
constexpr const char* kFormat = "pgdrift read base 5";
}  // namespace

std::string read_base_to_json(const ReadBase& base) {
  std::vector<std::uint32_t> numbers;
  numbers.reserve(base.objects.size() * 4);
  for (const auto& ref : base.objects) {
    numbers.insert(numbers.end(), {ref.classid, ref.oid, ref.relation, ref.index});
  }
  return nlohmann::json{{"format", kFormat}, {"objects", numbers}}.dump();
}

ReadBase read_base_from_json(std::string_view text) {
  try {
    const auto document = nlohmann::json::parse(text);
    if (document.at("format") != kFormat) {
      throw Error(ErrorCategory::kInput, "not a read base of this pgdrift");
    }
    const auto numbers = document.at("objects").get<std::vector<std::uint32_t>>();
    if (numbers.size() % 4 != 0) throw Error(ErrorCategory::kInput, "a damaged read base");
    ReadBase base;
    base.objects.reserve(numbers.size() / 4);
    for (size_t i = 0; i < numbers.size(); i += 4) {
      // In (classid, oid) order, each once: a read of changes searches it.
      if (i > 0 &&
          std::tie(numbers[i - 4], numbers[i - 3]) >= std::tie(numbers[i], numbers[i + 1])) {
        throw Error(ErrorCategory::kInput, "a read base out of order");
      }
      base.objects.push_back({numbers[i], numbers[i + 1], numbers[i + 2], numbers[i + 3]});
    }
    return base;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::kInput, std::string("a damaged read base: ") + e.what());
  }
}

}  // namespace pgdrift::catalog

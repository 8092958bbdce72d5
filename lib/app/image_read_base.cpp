#include "app/image_read_base.h"

#include <future>
#include <memory>

#include "model/json.h"
#include "util/error.h"
#include "util/sha256.h"

namespace pgdrift::app {
namespace {

// The first line: "catalog <cache key> <SHA-256 of the catalog's JSON>"; the base after.
constexpr std::string_view kHeader = "catalog ";

}  // namespace

std::string image_read_base(const std::string& cache_key, const std::string& catalog_json,
                            const catalog::ReadBase& base) {
  return std::string(kHeader) + cache_key + " " + sha256_hex(catalog_json) + "\n" +
         catalog::read_base_to_json(base);
}

std::optional<catalog::ReadSince> image_read_since(const shadow::ImageContents& image,
                                                   const std::string& prefix_key,
                                                   store::HistoryStore* store, Log& log) {
  if (image.read_base.empty() || !store) return std::nullopt;
  const std::string& text = image.read_base;
  const auto line_end = text.find('\n');
  const auto key_end = text.find(' ', kHeader.size());
  if (text.rfind(kHeader, 0) != 0 || line_end == std::string::npos || key_end >= line_end ||
      text.substr(kHeader.size(), key_end - kHeader.size()) != prefix_key) {
    log.info("shadow: the kept image was read with other settings; reading it whole");
    return std::nullopt;
  }
  try {
    auto catalog_json = store->cached_catalog(prefix_key);
    if (!catalog_json ||
        sha256_hex(*catalog_json) != text.substr(key_end + 1, line_end - key_end - 1)) {
      log.info("shadow: the store no longer holds the image's last read; reading it whole");
      return std::nullopt;
    }
    catalog::ReadSince since;
    since.base = catalog::read_base_from_json(std::string_view(text).substr(line_end + 1));
    // Parsed beside the replay and the first queries of the read, which need only the base.
    auto parsed = std::make_shared<std::future<model::Catalog>>(
        std::async(std::launch::async,
                   [json = std::move(*catalog_json)] { return model::catalog_from_json(json); }));
    since.previous = [parsed] { return parsed->get(); };
    return since;
  } catch (const Error& e) {
    log.info("shadow: cannot start from the image's last read (" + std::string(e.what()) +
             "); reading it whole");
    return std::nullopt;
  }
}

}  // namespace pgdrift::app

#include "history/tracking_status.h"

#include <algorithm>
#include <map>

#include "util/sha256.h"

namespace pgdrift::history {

std::vector<TrackedMigration> tracking_status(const std::vector<MigrationFile>& files,
                                              const std::vector<std::string>& recorded) {
  std::map<std::string, TrackedMigration> by_version;
  for (const auto& file : files) {
    auto& m = by_version[file.version];
    m.version = file.version;
    m.filename = file.filename;
    m.path = file.path;
  }
  for (const auto& version : recorded) {
    auto& m = by_version[version];
    m.version = version;
    m.applied = true;
  }
  const std::string newest_applied =
      recorded.empty() ? "" : *std::max_element(recorded.begin(), recorded.end());
  std::vector<TrackedMigration> out;
  for (auto& [version, m] : by_version) {
    if (m.applied && m.filename.empty()) m.problems.push_back("recorded-without-file");
    if (!m.applied && !newest_applied.empty() && version < newest_applied) {
      m.problems.push_back("pending-out-of-order");
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string migration_checksum(const std::string& text) {
  std::string normalised;
  normalised.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    normalised += text[i];
  }
  return sha256_checksum(normalised);
}

}  // namespace pgdrift::history

#include "history/migration_files.h"

#include <algorithm>
#include <filesystem>

#include "util/error.h"

namespace pgdrift::history {

std::string migration_version(const std::string& filename) {
  const auto underscore = filename.find('_');
  if (underscore == std::string::npos || underscore == 0) return "";
  if (filename.size() < 4 || filename.compare(filename.size() - 4, 4, ".sql") != 0) return "";
  const std::string version = filename.substr(0, underscore);
  if (!std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  return version;
}

std::vector<MigrationFile> list_migration_files(const std::string& dir, MissingDirectory missing) {
  namespace fs = std::filesystem;
  std::vector<MigrationFile> files;
  std::error_code ec;
  if (!fs::exists(dir, ec) && !ec) {
    if (missing == MissingDirectory::kHasNoFiles) return files;
    throw Error(ErrorCategory::kInput,
                "the migrations directory " + dir +
                    " does not exist; name the right one with --migrations-dir (or "
                    "DBMATE_MIGRATIONS_DIR)");
  }
  if (!ec && !fs::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kInput, "the migrations directory " + dir +
                                           " is not a directory; name the right one with "
                                           "--migrations-dir (or DBMATE_MIGRATIONS_DIR)");
  }
  fs::directory_iterator it(dir, ec);
  if (ec)
    throw Error(ErrorCategory::kIo,
                "cannot read the migrations directory " + dir + ": " + ec.message());
  for (const auto& entry : it) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string version = migration_version(name);
    if (version.empty()) continue;
    files.push_back({version, name, entry.path().string()});
  }
  std::sort(files.begin(), files.end(), [](const MigrationFile& a, const MigrationFile& b) {
    return a.version != b.version ? a.version < b.version : a.filename < b.filename;
  });
  return files;
}

}  // namespace pgdrift::history

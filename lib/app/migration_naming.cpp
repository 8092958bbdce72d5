#include "app/migration_naming.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>

#include "util/error.h"

namespace pgdrift::app {

namespace {

std::string version_at(std::time_t at) {
  std::tm tm{};
  gmtime_r(&at, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

}  // namespace

std::string utc_version(long seconds_later) {
  return version_at(std::time(nullptr) + seconds_later);
}

std::vector<std::string> versions_after(const std::vector<std::string>& existing, size_t count) {
  std::time_t start = std::time(nullptr);  // read once: a second may tick meanwhile
  // dbmate orders files by name, so by version as text.
  const auto latest = std::max_element(existing.begin(), existing.end());
  if (latest != existing.end() && *latest >= version_at(start)) {
    std::tm tm{};
    const char* end =
        latest->size() == 14 ? strptime(latest->c_str(), "%Y%m%d%H%M%S", &tm) : nullptr;
    if (!end || *end != '\0') {
      throw Error(ErrorCategory::kInput,
                  "the latest migration version, " + *latest +
                      ", sorts after every timestamp pgdrift could give a new file; rename the "
                      "files to timestamp versions (YYYYMMDDHHMMSS) first");
    }
    start = timegm(&tm) + 1;
  }
  std::vector<std::string> versions;
  for (size_t k = 0; k < count; ++k) {
    versions.push_back(version_at(start + static_cast<std::time_t>(k)));
    // Past the year 9999 a timestamp grows a digit and sorts first again.
    if (latest != existing.end() && (versions.back().size() != 14 || versions.back() <= *latest)) {
      throw Error(ErrorCategory::kInput, "no timestamp version sorts after " + *latest +
                                             "; rename the migration files to earlier versions");
    }
  }
  return versions;
}

// A newline, a slash or a space in the name would make a file dbmate sees as neither
// applied nor pending, or one outside the migrations folder (issue 17).
void require_file_name_part(const std::string& name, const std::string& what) {
  const bool ok = !name.empty() && name.size() <= 100 &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '_' || c == '-';
                  });
  if (!ok) {
    throw Error(ErrorCategory::kUsage,
                what +
                    " must be 1 to 100 letters, digits, '_' or '-' (it becomes part of the "
                    "file name <version>_<name>.sql)");
  }
}

void require_migrations_folder(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kInput, "the migrations folder " + dir +
                                           " does not exist; name it with --migrations-dir (or "
                                           "DBMATE_MIGRATIONS_DIR)");
  }
}

std::string safe_file_name_part(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-' || c == '.';
    out += plain ? c : '-';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out;
}

}  // namespace pgdrift::app

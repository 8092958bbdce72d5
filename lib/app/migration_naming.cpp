#include "app/migration_naming.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "util/error.h"

namespace pgdrift::app {

std::string utc_version(long seconds_later) {
  const std::time_t now = std::time(nullptr) + seconds_later;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// A newline, a slash or a space in the name would make a file dbmate sees as neither
// applied nor pending, or one outside the migrations folder (issue 17).
void require_file_name_part(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 100 &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '_' || c == '-';
                  });
  if (!ok) {
    throw Error(ErrorCategory::kUsage,
                "--name must be 1 to 100 letters, digits, '_' or '-' (it becomes part of the "
                "file name <version>_<name>.sql)");
  }
}

}  // namespace pgdrift::app

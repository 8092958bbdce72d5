// history/tracking_status.h — migration files against the versions a tracking table
// records: what dbmate reports, and what it cannot see.
//
// Pure: the caller reads the files and the table. Depends on util/.
#pragma once

#include <string>
#include <vector>

#include "history/migration_files.h"

namespace pgdrift::history {

struct TrackedMigration {
  std::string version;
  std::string filename;  ///< "" when no file has this version
  std::string path;
  bool applied = false;  ///< recorded in the tracking table
  /// Problems, by stable id: "recorded-without-file" (dbmate ignores these silently),
  /// "pending-out-of-order" (older than the newest applied version; dbmate applies it
  /// anyway, out of order). Checksum changes are added by the caller.
  std::vector<std::string> problems;
};

/// Every version that has a file or a record, in version order (bytewise).
std::vector<TrackedMigration> tracking_status(const std::vector<MigrationFile>& files,
                                              const std::vector<std::string>& recorded);

/// "sha256:<hex>" of a migration file's content with CRLF line endings read as LF, so a
/// checkout that converts line endings is not an edit. Other bytes count as they are.
std::string migration_checksum(const std::string& text);

}  // namespace pgdrift::history

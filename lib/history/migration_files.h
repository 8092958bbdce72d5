// history/migration_files.h — dbmate migration files on disk.
//
// dbmate names a migration `<version>_<description>.sql`, the version being the digits
// before the first underscore; files that do not match are not migrations. Depends on
// util only.
#pragma once

#include <string>
#include <vector>

namespace pgdrift::history {

struct MigrationFile {
  std::string version;   ///< digits before the first '_'
  std::string filename;  ///< e.g. 20240101000000_create_users.sql
  std::string path;      ///< directory + filename
};

/// The migration files of \a dir, sorted by version (then file name). A directory that
/// does not exist has none. Throws Error(kIo) when \a dir exists but cannot be read.
std::vector<MigrationFile> list_migration_files(const std::string& dir);

/// The version part of a migration file name, or "" when \a filename is not one.
std::string migration_version(const std::string& filename);

}  // namespace pgdrift::history

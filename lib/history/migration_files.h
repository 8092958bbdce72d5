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

/// What a migrations directory that does not exist means.
enum class MissingDirectory {
  kIsAnError,  ///< a mistyped --migrations-dir is trouble, as dbmate says (check, status, gate)
  kHasNoFiles  ///< the rescue creates it (baseline)
};

/// The migration files of \a dir, sorted by version (then file name). Throws
/// Error(kInput) naming \a dir when it does not exist (unless \a missing says it has no
/// files) or is not a directory, Error(kIo) when it cannot be read.
std::vector<MigrationFile> list_migration_files(
    const std::string& dir, MissingDirectory missing = MissingDirectory::kIsAnError);

/// The version part of a migration file name, or "" when \a filename is not one.
std::string migration_version(const std::string& filename);

}  // namespace pgdrift::history

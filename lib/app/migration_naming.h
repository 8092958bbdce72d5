// app/migration_naming.h — the names of the migration files pgdrift writes, as dbmate
// lists them: <UTC YYYYMMDDHHMMSS>_<name>.sql.
#pragma once

#include <string>

namespace pgdrift::app {

/// The current UTC time, plus \a seconds_later, as a dbmate version, e.g.
/// "20261206143000".
std::string utc_version(long seconds_later = 0);

/// Throws Error(kUsage) unless \a name is 1 to 100 letters, digits, '_' or '-': it becomes
/// part of a file name that dbmate must list (issue 17).
void require_file_name_part(const std::string& name);

}  // namespace pgdrift::app

// app/migration_naming.h — the names of the migration files pgdrift writes, as dbmate
// lists them: <UTC YYYYMMDDHHMMSS>_<name>.sql.
#pragma once

#include <string>
#include <vector>

namespace pgdrift::app {

/// The current UTC time, plus \a seconds_later, as a dbmate version, e.g.
/// "20261206143000".
std::string utc_version(long seconds_later = 0);

/// \a count versions one second apart that dbmate runs after every one of \a existing:
/// from now, or from one second after the latest of them when it is a later timestamp (a
/// folder whose versions were made up in the future). Throws Error(kInput) when the latest
/// is not a timestamp and sorts after now: no timestamp would come after it.
std::vector<std::string> versions_after(const std::vector<std::string>& existing, size_t count);

/// Throws Error(kUsage) unless \a name is 1 to 100 letters, digits, '_' or '-': it becomes
/// part of a file name that dbmate must list (issue 17).
/// \a what names the value in the message (the option or argument that set it).
void require_file_name_part(const std::string& name, const std::string& what = "--name");

/// Throws Error(kInput) unless \a dir is a folder: a command that writes a migration into
/// it names it with --migrations-dir.
void require_migrations_folder(const std::string& dir);

/// \a text made safe as one path component (database names may hold '/' or start with a
/// dot, timestamps hold ':'): other characters become '-', a leading dot gets a '_'.
std::string safe_file_name_part(const std::string& text);

}  // namespace pgdrift::app

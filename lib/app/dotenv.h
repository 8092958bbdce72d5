// app/dotenv.h — dbmate's .env file: the variables a team sets there for dbmate
// (DATABASE_URL, DBMATE_MIGRATIONS_DIR, DBMATE_MIGRATIONS_TABLE, ...) reach pgdrift too.
//
// Read as dbmate reads it (godotenv): KEY=VALUE lines (or YAML's `KEY: value`), `export `
// allowed, `#` comments, values in single quotes taken as written, in double quotes with
// backslash escapes (newline, tab, quote), unquoted ones trimmed and cut at ` #`; $NAME and ${NAME}
// in unquoted and double-quoted values expand from the environment and the lines before. A variable
// the environment already has is left alone: the environment beats the file.
#pragma once

#include <map>
#include <string>

namespace pgdrift::app {

/// The variables of .env text \a text, in the file's own terms (before the environment
/// is consulted for what to set). Throws Error(kInput) naming \a path and the line of a
/// line that is not KEY=VALUE or a quote that is not closed, never the line's text (it
/// may hold a password).
std::map<std::string, std::string> parse_dotenv(const std::string& text, const std::string& path);

/// Sets the variables of the .env file \a path that the environment lacks. A missing file
/// is nothing unless \a required (--env-file names it): then Error(kInput).
void load_dotenv(const std::string& path, bool required);

}  // namespace pgdrift::app

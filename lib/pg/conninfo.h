// pg/conninfo.h — where to connect, and how to talk about it without leaking secrets.
//
// pgdrift takes the database from --url, else DATABASE_URL (dbmate's convention), else
// libpq's own environment (PGHOST, PGDATABASE, service files, .pgpass): an empty
// connection string lets libpq apply all of those.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pgdrift::pg {

/// The connection string to use: \a url_flag if given, else $DATABASE_URL, else "".
std::string resolve_conninfo(const std::optional<std::string>& url_flag);

/// Checks that \a conninfo parses (URL or key=value form). Throws Error(kUsage) with
/// libpq's reason, never echoing the string itself (it may hold a password).
void validate_conninfo(const std::string& conninfo);

/// A short printable name of the target, e.g. `postgres@db.example.com:5432/app`, built
/// from the parsed fields; never contains a password.
std::string describe_target(const std::string& conninfo);

/// Removes passwords from any text that may contain a connection string: the password of
/// URLs (`postgres://u:secret@h` → `postgres://u:***@h`), `password=` key/value pairs
/// and `password=` URL parameters.
std::string redact_password(std::string_view text);

}  // namespace pgdrift::pg

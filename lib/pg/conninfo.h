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

/// The history store's name for the database \a conninfo names, `host:port/dbname` as a
/// connection would report it, for a run that could not connect: only when the string
/// or the environment (PGHOST, PGPORT, PGDATABASE) names one host and the database;
/// "" otherwise (a default socket or multi-host string resolves only on connecting).
std::string named_database_key(const std::string& conninfo);

/// Removes passwords from any text that may contain a connection string: the password of
/// URLs (`postgres://u:secret@h` → `postgres://u:***@h`), `password=` key/value pairs
/// and `password=` URL parameters.
std::string redact_password(std::string_view text);

/// \a conninfo (URL or key=value form) rewritten by libpq's parser into key=value form,
/// keywords in libpq's order, with the values of password and sslpassword replaced by
/// \a placeholder. A string libpq cannot parse becomes \a placeholder alone. For
/// connection strings stored in the catalogs (a subscription's), which must never reach
/// an output with their secrets.
std::string conninfo_without_credentials(const std::string& conninfo, std::string_view placeholder);

/// Whether \a conninfo (URL or key=value form) holds a password or an SSL key's password.
/// False for a string libpq cannot parse.
bool conninfo_has_password(const std::string& conninfo);

}  // namespace pgdrift::pg

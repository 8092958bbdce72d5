// pg/session.h — the read-only snapshot session every reading command runs in.
//
// Reading commands see the whole schema in one consistent view: one REPEATABLE READ
// READ ONLY transaction, so DDL committed while pgdrift reads cannot make queries
// disagree with each other. Within it, lock_timeout keeps pgdrift from queueing behind
// (and in front of) an ACCESS EXCLUSIVE lock, statement_timeout bounds each query, and
// an empty search_path makes every deparsed name come out schema-qualified.
//
// Caveats (as pg_dump notes): the server's deparse functions (pg_get_indexdef,
// pg_get_viewdef, ...) read the latest committed catalog state, not the snapshot. DDL
// that commits during the read can therefore make a deparse fail ("cache lookup
// failed") or show a newer definition; pgdrift reports the error and a rerun is clean.
// They also lock the relation they deparse (ACCESS SHARE), which is why lock_timeout
// matters; catalog/ releases the locks that would outlive a query.
#pragma once

#include <optional>
#include <string>

#include "pg/connection.h"

namespace pgdrift::pg {

struct SessionOptions {
  std::string lock_timeout = "5s";  ///< PostgreSQL interval syntax: 500ms, 5s, 1min
  std::string statement_timeout = "5min";
};

/// Opens the read-only snapshot transaction on \a conn and applies \a options. Throws
/// Error(kUnsupported) for a server older than 12 or newer than 18, Error(kUsage) for an
/// invalid timeout value. The transaction stays open until the connection closes.
void begin_read_snapshot(Connection& conn, const SessionOptions& options);

/// Opens another connection to the server and database of \a conn (which must be inside
/// begin_read_snapshot) that sees exactly the same snapshot, with the same timeouts and
/// settings: pg_export_snapshot() on \a conn, SET TRANSACTION SNAPSHOT on the new one,
/// as pg_dump --jobs does. Lets catalog queries run side by side and still agree with
/// each other. When the new connection cannot be made or cannot take the snapshot
/// (connection limit, a pooler that lands elsewhere), returns std::nullopt and says why
/// in \a why_not; throws Error only for a failure on \a conn itself.
std::optional<Connection> join_read_snapshot(Connection& conn, std::string& why_not);

/// Server major of a PQserverVersion() number (150018 → 15).
constexpr int server_major(int version_num) {
  return version_num / 10000;
}

inline constexpr int kOldestSupportedMajor = 12;
inline constexpr int kNewestSupportedMajor = 18;

/// Throws Error(kUnsupported), one sentence naming \a target, its major and the
/// supported ones, unless \a version_num (PQserverVersion()) is of a supported major.
/// The catalog queries and the rendering rules are written and tested for exactly these.
void require_supported_server(int version_num, const std::string& target);

}  // namespace pgdrift::pg

// app/snapshot.h — the `pgdrift snapshot` use case.
//
// Reads the live schema (or a saved JSON snapshot) and writes it as SQL or JSON. Uses
// pg/, catalog/, model/ and render/; prints nothing itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/reader.h"
#include "model/catalog.h"
#include "pg/session.h"
#include "util/log.h"

namespace pgdrift::app {

/// Where and how to read a live catalog.
struct LiveSource {
  std::optional<std::string> url;  ///< --url; else DATABASE_URL, else libpq's environment
  pg::SessionOptions session;
  catalog::ReadOptions filter;
  /// A --schema name that matches no schema is a warning; when none matches, trouble
  /// (an empty snapshot is never what was meant). diff clears it: one side may lack them.
  bool named_schemas_required = true;
};

/// Connects to the live database: \a url (--url), else DATABASE_URL, else libpq's own
/// environment. A connection that fails says, after libpq's reason, where the database
/// is named, so a forgotten --url is not a riddle about a default socket.
pg::Connection connect_live(const std::optional<std::string>& url);

/// Connects, opens the read-only snapshot and reads the catalog. Objects of kinds not
/// modelled yet are reported to \a log as warnings, one per object.
model::Catalog read_live_catalog(const LiveSource& source, Log& log);

/// Warns about each --schema name that is no schema of \a conn's database; throws
/// Error(kInput) when none is and source.named_schemas_required.
void check_named_schemas(pg::Connection& conn, const LiveSource& source, Log& log);

/// Opens \a where (a shadow's database), begins the read-only snapshot and reads the
/// catalog with \a source's settings (its url and --schema check are not used).
model::Catalog read_database_catalog(const pg::ConnectOptions& where, const LiveSource& source,
                                     Log& log);

/// Reads the catalog through \a conn, already inside pg::begin_read_snapshot with
/// source.session, using source.filter; timeouts are reported naming their option.
model::Catalog read_session_catalog(pg::Connection& conn, const LiveSource& source, Log& log);

/// read_session_catalog with the base a later read of changes needs (a shadow's read);
/// with \a since, a read of changes since it (catalog::read_changes_since).
catalog::CatalogAndBase read_session_catalog_with_base(pg::Connection& conn,
                                                       const LiveSource& source,
                                                       std::optional<catalog::ReadSince> since,
                                                       Log& log);

struct SnapshotOptions {
  LiveSource source;
  std::optional<std::string> from_json;  ///< render a saved JSON snapshot instead
  std::string format = "sql";            ///< "sql" or "json"
  std::string output;                    ///< file to write; "" or "-" for standard output
};

struct SnapshotOutcome {
  std::string stdout_text;  ///< the document when it goes to standard output
  size_t object_count = 0;
  size_t unsupported_count = 0;
};

/// Runs the snapshot command. Throws Error (never leaves a partial output file).
SnapshotOutcome run_snapshot(const SnapshotOptions& options, Log& log);

}  // namespace pgdrift::app

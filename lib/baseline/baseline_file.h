// baseline/baseline_file.h — the baseline migration file, in dbmate's format.
//
// A short header, `-- migrate:up` with the canonical snapshot SQL (and RESETs of the
// session settings it changes, since dbmate records the version in the same session),
// then `-- migrate:down` with a statement that refuses to run: a baseline cannot be
// rolled back, and dropping the schema is never what anyone wants. Depends on model/
// and util/.
#pragma once

#include <string>

#include "model/catalog.h"

namespace pgdrift::baseline {

/// First line of every baseline pgdrift writes; how a rerun recognises its own files.
inline constexpr const char* kBaselineMarker = "-- pgdrift baseline ";

struct BaselineHeader {
  std::string version;  ///< dbmate version, UTC YYYYMMDDHHMMSS
  std::string source;   ///< database, without password
  int server_version_num = 0;
  size_t object_count = 0;
  /// Migration tracking tables left out of the snapshot (dbmate's, the legacy one):
  /// named in the header so `check` leaves them out of its comparison too.
  std::vector<model::QualifiedName> left_out_tables;
  /// Objects whose credentials were not copied (model::objects_with_redacted_credentials).
  std::vector<std::string> redacted_credentials;
  /// About how many relations the up section creates (model::relation_count): above what
  /// a server with default settings can lock in one transaction, the header says so.
  size_t relations = 0;
};

/// The max_locks_per_transaction a server with max_connections = 100 needs to replay, in
/// one transaction, a baseline that creates \a relations relations; 0 when PostgreSQL's
/// default (64) is enough.
size_t baseline_lock_slots_needed(size_t relations);

/// The whole file text for \a snapshot_sql.
std::string baseline_file_text(const BaselineHeader& header, const std::string& snapshot_sql);

/// True when \a text starts with kBaselineMarker.
bool is_pgdrift_baseline(const std::string& text);

/// The tables a baseline's header says were left out (BaselineHeader::left_out_tables);
/// none for other files and for baselines written before pgdrift named them.
std::vector<model::QualifiedName> baseline_left_out_tables(const std::string& text);

/// \a catalog without the tables named in \a tables (schema, name) and everything that
/// belongs to them: their constraints, indexes, triggers, policies, rules and owned
/// sequences. Used to leave migration tracking tables out of a baseline. Takes the
/// catalog by value: pass it with std::move when the original is not needed.
model::Catalog without_tables(model::Catalog catalog,
                              const std::vector<model::QualifiedName>& tables);

}  // namespace pgdrift::baseline

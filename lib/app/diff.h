// app/diff.h — the `pgdrift diff SOURCE SOURCE` use case.
#pragma once

#include <string>

#include "app/snapshot.h"
#include "util/log.h"

namespace pgdrift::app {

struct DiffOptions {
  std::string before;  ///< database URL / connection string, or a JSON snapshot file
  std::string after;
  std::string format = "text";  ///< text or json
  pg::SessionOptions session;
  catalog::ReadOptions filter;
};

struct DiffOutcome {
  bool drift = false;
  std::string output;  ///< the report for standard output
};

/// Reads both sources with the same reader and settings and compares them.
DiffOutcome run_diff(const DiffOptions& options, Log& log);

/// Whether \a source is a connection string: a URL, or key=value pairs ("" is libpq's
/// environment); anything else is a file name.
bool looks_like_conninfo(const std::string& source);

/// A source's catalog: a JSON snapshot file when \a source names an existing file,
/// otherwise a database (read like `snapshot` does).
model::Catalog load_source(const std::string& source, const pg::SessionOptions& session,
                           const catalog::ReadOptions& filter, Log& log);

}  // namespace pgdrift::app

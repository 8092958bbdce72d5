// app/history.h — the `pgdrift history` use case: past check runs and open findings.
#pragma once

#include <string>

#include "store/history_store.h"
#include "util/log.h"

namespace pgdrift::app {

struct HistoryOptions {
  std::string store = "reports/pgdrift.sqlite3";
  std::string database;         ///< host:port/dbname, or just dbname; "" for every database
  std::string format = "text";  ///< text, json or html
  /// Recent runs to show; 0 for the format's default (20, and 1,000 for the HTML timeline).
  int limit = 0;
  std::string output;  ///< a file to write (atomically) instead of returning the text
};

/// The recent runs (newest first) and the open findings with first / last seen, as text,
/// JSON or one HTML page; written to options.output when it is set (and "" returned).
/// Throws Error(kInput) when the store does not exist.
std::string run_history(const HistoryOptions& options, Log& log);

/// The HTML page of \a store (labelled \a store_path) for every database: what
/// `check --report-dir` writes as index.html.
std::string history_page(store::HistoryStore& store, const std::string& store_path);

}  // namespace pgdrift::app

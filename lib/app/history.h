// app/history.h — the `pgdrift history` use case: past check runs and open findings.
#pragma once

#include <string>

#include "util/log.h"

namespace pgdrift::app {

struct HistoryOptions {
  std::string store = "reports/pgdrift.sqlite3";
  std::string database;  ///< host:port/dbname, or just dbname; "" for every database
  std::string format = "text";
  int limit = 20;
};

/// The recent runs (newest first) and the open findings with first / last seen, as text
/// or JSON. Throws Error(kInput) when the store does not exist.
std::string run_history(const HistoryOptions& options, Log& log);

}  // namespace pgdrift::app

// report/history_page.h — the history store as one self-contained HTML page.
//
// A team's morning view of drift: every database's runs on a timeline (clean, drift,
// trouble), a chart of findings over time, the open findings with first and last seen
// and their diff blocks, what was resolved lately, and the runs themselves. One file:
// styles inline, charts as inline SVG, no script, and a Content-Security-Policy that
// forbids every request, so it can be mailed, attached to a CI run or opened offline.
// Depends on diff/ (field changes) and util/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "diff/change_set.h"

namespace pgdrift::report {

struct PageRun {
  std::string started_at;  ///< ISO 8601 UTC, as the store keeps it
  std::string database;    ///< host:port/dbname
  std::string command;     ///< check, adopt
  std::string status;      ///< clean, drift or trouble
  std::string reason;      ///< for trouble: why
  std::int64_t finding_count = 0;
  std::int64_t duration_ms = 0;
  std::map<std::string, std::int64_t> counts;  ///< findings per kind
};

struct PageFinding {
  std::string database, kind, object, change, summary;
  std::string first_seen, last_seen;
  std::string resolved_at, resolved_by;  ///< "" while open
  std::vector<diff::FieldChange> fields;
  std::string text_diff;       ///< unified diff of a long definition
  std::string sql;             ///< the statements that reproduce it
  std::string legacy_details;  ///< an older store's plain details
};

struct HistoryPage {
  std::string store;                  ///< the store's path, as named
  std::string generated_at;           ///< ISO 8601 UTC
  std::vector<PageRun> runs;          ///< newest first
  std::vector<PageFinding> open;      ///< oldest first
  std::vector<PageFinding> resolved;  ///< newest first
};

/// The page, a complete HTML document.
std::string history_html(const HistoryPage& page);

}  // namespace pgdrift::report

// report/fleet_report.h — one report of a fleet's check: a row per target.
//
// The text summary (a table, then the trouble's reasons), the same as Markdown, and one
// JSON document with an entry per target: name, status, duration, its findings (from the
// target's own report) or, for trouble, its reason. Format in docs/findings-format.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgdrift::report {

struct FleetRow {
  std::string name;
  std::string status;  ///< clean, drift or trouble
  std::string reason;  ///< trouble's one sentence
  size_t added = 0, removed = 0, changed = 0;
  long duration_ms = 0;
  std::string json;  ///< the target's own JSON report; "" for trouble
};

std::string fleet_text(const std::vector<FleetRow>& rows);
std::string fleet_markdown(const std::vector<FleetRow>& rows, const std::string& title);
/// Throws Error(kInternal) when a target's own report is not JSON.
std::string fleet_json(const std::vector<FleetRow>& rows);

}  // namespace pgdrift::report

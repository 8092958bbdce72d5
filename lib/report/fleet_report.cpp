#include "report/fleet_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/error.h"

namespace pgdrift::report {
namespace {

size_t count(const std::vector<FleetRow>& rows, const std::string& status) {
  return static_cast<size_t>(std::count_if(rows.begin(), rows.end(),
                                           [&](const FleetRow& r) { return r.status == status; }));
}

std::string seconds(long ms) {
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

std::string totals(const std::vector<FleetRow>& rows) {
  return fmt::format("{} target{}: {} clean, {} drift, {} trouble", rows.size(),
                     rows.size() == 1 ? "" : "s", count(rows, "clean"), count(rows, "drift"),
                     count(rows, "trouble"));
}

}  // namespace

std::string fleet_text(const std::vector<FleetRow>& rows) {
  size_t width = std::string("target").size();
  for (const auto& r : rows) width = std::max(width, r.name.size());
  std::string out = fmt::format("{:<{}}  {:<7}  {:>5}  {:>7}  {:>7}  {:>8}\n", "target", width,
                                "status", "added", "removed", "changed", "time");
  for (const auto& r : rows) {
    if (r.status == "trouble") {
      out += fmt::format("{:<{}}  {:<7}  {:>5}  {:>7}  {:>7}  {:>8}\n", r.name, width, r.status,
                         "-", "-", "-", seconds(r.duration_ms));
    } else {
      out += fmt::format("{:<{}}  {:<7}  {:>5}  {:>7}  {:>7}  {:>8}\n", r.name, width, r.status,
                         r.added, r.removed, r.changed, seconds(r.duration_ms));
    }
  }
  out += totals(rows) + "\n";
  for (const auto& r : rows) {
    if (r.status == "trouble") out += r.name + ": " + r.reason + "\n";
  }
  return out;
}

std::string fleet_markdown(const std::vector<FleetRow>& rows, const std::string& title) {
  // A cell holds no '|' or line break of its own.
  auto cell = [](std::string text) {
    std::string out;
    for (char c : text)
      out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out;
  };
  std::string out = "# " + title + "\n\n" + totals(rows) + ".\n\n";
  out += "| target | status | added | removed | changed | time |\n|---|---|---:|---:|---:|---:|\n";
  for (const auto& r : rows) {
    const bool trouble = r.status == "trouble";
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(r.name), r.status,
                       trouble ? "-" : std::to_string(r.added),
                       trouble ? "-" : std::to_string(r.removed),
                       trouble ? "-" : std::to_string(r.changed), seconds(r.duration_ms));
  }
  bool heading = false;
  for (const auto& r : rows) {
    if (r.status != "trouble") continue;
    if (!heading) out += "\n## Trouble\n\n";
    heading = true;
    out += "- **" + cell(r.name) + "**: " + cell(r.reason) + "\n";
  }
  return out;
}

std::string fleet_json(const std::vector<FleetRow>& rows) {
  nlohmann::ordered_json out;
  out["format_version"] = 1;
  out["status"] = count(rows, "trouble") > 0 ? "trouble"
                  : count(rows, "drift") > 0 ? "drift"
                                             : "clean";
  out["counts"] = {{"targets", rows.size()},
                   {"clean", count(rows, "clean")},
                   {"drift", count(rows, "drift")},
                   {"trouble", count(rows, "trouble")}};
  out["targets"] = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    nlohmann::ordered_json t;
    t["name"] = r.name;
    t["status"] = r.status;
    t["duration_ms"] = r.duration_ms;
    if (r.status == "trouble") {
      t["reason"] = r.reason;
    } else {
      nlohmann::ordered_json own;
      try {
        own = nlohmann::ordered_json::parse(r.json);
      } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCategory::kInternal,
                    "the report of target " + r.name + " is not JSON: " + e.what());
      }
      t["target"] = own.value("after", "");
      t["counts"] = {{"added", r.added}, {"removed", r.removed}, {"changed", r.changed}};
      t["findings"] = own.contains("findings") ? own["findings"] : nlohmann::ordered_json::array();
    }
    out["targets"].push_back(std::move(t));
  }
  return out.dump(2) + "\n";
}

}  // namespace pgdrift::report

#include "report/gate_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/markup.h"

namespace pgdrift::report {
namespace {

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
std::string gh_data(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string gh_property(const std::string& text) {
  std::string out;
  for (const char c : gh_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string where(const GateItem& item) {
  if (item.file.empty()) return "";
  return item.line > 0 ? fmt::format("{}:{}: ", item.file, item.line) : item.file + ": ";
}

std::vector<const GateItem*> of_check(const GateSummary& s, const std::string& check,
                                      const std::string& file = "") {
  std::vector<const GateItem*> out;
  for (const auto& item : s.items) {
    if (item.check == check && (file.empty() || item.file == file)) out.push_back(&item);
  }
  return out;
}

}  // namespace

bool GateSummary::passed() const {
  for (const auto& item : items) {
    if (item.blocks()) return false;
  }
  return true;
}

std::string gate_text(const GateSummary& s) {
  size_t errors = 0, warnings = 0, allowed = 0;
  for (const auto& item : s.items) {
    if (item.allowed)
      ++allowed;
    else if (item.severity == lint::Severity::kError)
      ++errors;
    else if (item.severity == lint::Severity::kWarning)
      ++warnings;
  }
  std::string out = fmt::format("pgdrift gate: {} ({} error(s), {} warning(s), {} allowed)\n",
                                s.passed() ? "PASS" : "FAIL", errors, warnings, allowed);
  const std::pair<const char*, std::string> sections[] = {
      {"tracking", s.tracking_note},
      {"drift", s.drift_note},
      {"lint", fmt::format("{} pending migration(s)", s.pending.size())}};
  for (const auto& [check, note] : sections) {
    out += fmt::format("{}: {}\n", check, note);
    for (const auto* item : of_check(s, check)) {
      const std::string state = item->allowed ? "allowed" : lint::severity_name(item->severity);
      out += fmt::format("  {}{} {}: {}", where(*item), state, item->rule, item->message);
      if (item->allowed) out += fmt::format(" [allowed: {}]", item->allow_reason);
      out += "\n";
    }
  }
  return out;
}

std::string gate_json(const GateSummary& s) {
  nlohmann::json doc;
  doc["format_version"] = 1;
  doc["status"] = s.passed() ? "pass" : "fail";
  doc["tracking"] = s.tracking_note;
  doc["drift"] = s.drift_note;
  doc["pending"] = s.pending;
  doc["findings"] = nlohmann::json::array();
  for (const auto& item : s.items) {
    nlohmann::json j{{"check", item.check},
                     {"rule", item.rule},
                     {"severity", lint::severity_name(item.severity)},
                     {"message", item.message},
                     {"allowed", item.allowed}};
    if (!item.file.empty()) j["file"] = item.file;
    if (item.line > 0) j["line"] = item.line;
    if (item.allowed) j["allow_reason"] = item.allow_reason;
    doc["findings"].push_back(j);
  }
  return doc.dump(2) + "\n";
}

std::string gate_junit(const GateSummary& s) {
  struct Case {
    std::string classname, name;
    std::vector<const GateItem*> items;
  };
  std::vector<Case> cases{{"pgdrift.gate", "tracking consistency", of_check(s, "tracking")},
                          {"pgdrift.gate", "drift", of_check(s, "drift")}};
  for (const auto& file : s.pending)
    cases.push_back({"pgdrift.lint", file, of_check(s, "lint", file)});
  size_t failures = 0;
  std::string body;
  for (const auto& c : cases) {
    std::string failing, text;
    for (const auto* item : c.items) {
      text += where(*item) + (item->allowed ? "allowed" : lint::severity_name(item->severity)) +
              " " + item->rule + ": " + item->message +
              (item->allowed ? " [allowed: " + item->allow_reason + "]" : "") + "\n";
      if (item->blocks() && failing.empty()) failing = item->rule + ": " + item->message;
    }
    body += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", markup_escape(c.classname),
                        markup_escape(c.name));
    if (!failing.empty()) {
      ++failures;
      body += fmt::format("      <failure message=\"{}\" type=\"pgdrift\">{}</failure>\n",
                          markup_escape(failing), markup_escape(text));
    } else if (!text.empty()) {
      body += fmt::format("      <system-out>{}</system-out>\n", markup_escape(text));
    }
    body += "    </testcase>\n";
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
      "  <testsuite name=\"pgdrift gate\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}"
      "  </testsuite>\n</testsuites>\n",
      cases.size(), failures, body);
}

std::string github_annotations(const GateSummary& s) {
  std::string out;
  for (const auto& item : s.items) {
    if (item.allowed || item.severity == lint::Severity::kInfo) continue;
    out += item.severity == lint::Severity::kError ? "::error" : "::warning";
    std::string properties;
    if (!item.file.empty()) properties += "file=" + gh_property(item.file);
    if (item.line > 0) properties += ",line=" + std::to_string(item.line);
    properties +=
        std::string(properties.empty() ? "" : ",") + "title=" + gh_property("pgdrift " + item.rule);
    out += " " + properties + "::" + gh_data(item.message) + "\n";
  }
  return out;
}

}  // namespace pgdrift::report

#include "report/findings_report.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace pgdrift::report {

namespace {

// Colours for the change word, as git diff uses them: added green, removed red.
std::string change_word(diff::ChangeType change, bool color) {
  const std::string word = diff::change_name(change);
  if (!color) return word;
  const char* code = change == diff::ChangeType::kAdded     ? "\033[32m"
                     : change == diff::ChangeType::kRemoved ? "\033[31m"
                                                            : "\033[33m";
  return code + word + "\033[0m";
}

std::string facts_text(const ReportContext& context) {
  std::string out;
  for (const auto& [name, value] : context.facts) out += fmt::format("{}: {}\n", name, value);
  return out;
}

}  // namespace

std::string text_report(const diff::ChangeSet& changes, const ReportContext& context) {
  if (changes.empty())
    return fmt::format("no differences between {} and {}\n", context.before_label,
                       context.after_label) +
           facts_text(context);
  std::map<std::string, int> per_kind;
  for (const auto& f : changes.findings) ++per_kind[f.kind];
  std::string out = fmt::format("{} difference(s) from {} to {}:", changes.findings.size(),
                                context.before_label, context.after_label);
  for (const auto& [kind, n] : per_kind) out += fmt::format(" {} {}", n, kind);
  out += "\n" + facts_text(context);
  for (const auto& f : changes.findings) {
    out += fmt::format("{} {} {}", f.kind, f.object, change_word(f.change, context.color));
    if (!f.summary.empty()) out += fmt::format(" ({})", f.summary);
    if (const auto seen = context.seen.find(diff::finding_key(f));
        seen != context.seen.end() && seen->second.first_seen != seen->second.last_seen) {
      out += fmt::format(" [first seen {}]", seen->second.first_seen);
    }
    out += "\n";
    for (const auto& field : f.fields) {
      if (diff::is_long_text_field(field.field)) {
        out += fmt::format("    {} changed\n", field.field);
      } else {
        out += fmt::format("    {}: {} -> {}\n", field.field, field.before, field.after);
      }
    }
    if (!f.text_diff.empty()) {
      std::string indented;
      size_t start = 0;
      while (start < f.text_diff.size()) {
        const size_t end = f.text_diff.find('\n', start);
        indented += "      " + f.text_diff.substr(start, end - start) + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
      }
      out += indented;
    }
  }
  return out;
}

std::string json_report(const diff::ChangeSet& changes, const ReportContext& context) {
  nlohmann::json doc;
  doc["format_version"] = 1;
  doc["status"] = changes.empty() ? "clean" : "drift";
  doc["before"] = context.before_label;
  doc["after"] = context.after_label;
  if (!context.database.empty()) doc["database"] = context.database;
  for (const auto& [name, value] : context.facts) doc[name] = value;
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : changes.findings) {
    nlohmann::json j;
    j["kind"] = f.kind;
    j["object"] = f.object;
    j["change"] = diff::change_name(f.change);
    if (!f.summary.empty()) j["summary"] = f.summary;
    nlohmann::json details = nlohmann::json::array();
    for (const auto& field : f.fields) {
      details.push_back({{"field", field.field}, {"before", field.before}, {"after", field.after}});
    }
    j["details"] = details;
    if (!f.text_diff.empty()) j["diff"] = f.text_diff;
    if (const auto sql = context.statements.find(diff::finding_key(f));
        sql != context.statements.end()) {
      j["sql"] = sql->second;
    }
    if (const auto seen = context.seen.find(diff::finding_key(f)); seen != context.seen.end()) {
      j["first_seen"] = seen->second.first_seen;
      j["last_seen"] = seen->second.last_seen;
    }
    findings.push_back(j);
  }
  doc["findings"] = findings;
  return doc.dump(2) + "\n";
}

namespace {

// Markdown inline code that survives backticks inside the value.
std::string code(const std::string& text) {
  const std::string fence = text.find('`') == std::string::npos ? "`" : "`` ";
  const std::string close = fence == "`" ? "`" : " ``";
  return fence + text + close;
}

}  // namespace

std::string markdown_report(const diff::ChangeSet& changes, const ReportContext& context,
                            const std::string& title) {
  std::string out = fmt::format("# {}\n\n", title);
  out += fmt::format("- compared: {} with {}\n", context.before_label, context.after_label);
  for (const auto& [name, value] : context.facts) out += fmt::format("- {}: {}\n", name, value);
  out += fmt::format("- status: **{}**\n\n", changes.empty() ? "clean" : "drift");
  if (changes.empty()) return out + "No differences.\n";
  std::map<std::string, int> per_kind;
  for (const auto& f : changes.findings) ++per_kind[f.kind];
  out += "| kind | findings |\n|---|---:|\n";
  for (const auto& [kind, n] : per_kind) out += fmt::format("| {} | {} |\n", kind, n);
  out += "\n## Findings\n";
  for (const auto& f : changes.findings) {
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\n\n") != 0) out += "\n";
    out += fmt::format("### {} {} {}\n\n", f.kind, code(f.object), diff::change_name(f.change));
    if (!f.summary.empty()) out += fmt::format("{}\n\n", code(f.summary));
    if (const auto seen = context.seen.find(diff::finding_key(f)); seen != context.seen.end()) {
      out += fmt::format("First seen {}, last seen {}.\n\n", seen->second.first_seen,
                         seen->second.last_seen);
    }
    bool listed = false;
    for (const auto& field : f.fields) {
      if (diff::is_long_text_field(field.field)) continue;
      out += fmt::format("- {}: {} → {}\n", field.field, code(field.before), code(field.after));
      listed = true;
    }
    if (listed) out += "\n";
    if (!f.text_diff.empty()) {
      out += "```diff\n" + f.text_diff;
      if (f.text_diff.back() != '\n') out += "\n";
      out += "```\n";
    }
    if (const auto sql = context.statements.find(diff::finding_key(f));
        sql != context.statements.end()) {
      if (!f.text_diff.empty()) out += "\n";
      out += "Reproduced by:\n\n```sql\n" + sql->second;
      if (sql->second.back() != '\n') out += "\n";
      out += "```\n";
    }
  }
  if (!context.next_steps.empty()) {
    out += "\n## Next\n\n";
    for (const auto& line : context.next_steps) out += "- " + line + "\n";
  }
  return out;
}

}  // namespace pgdrift::report

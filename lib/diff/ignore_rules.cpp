#include "diff/ignore_rules.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>

#include "model/object_kind.h"
#include "util/error.h"

namespace pgdrift::diff {
namespace {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

bool glob(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// A prefix before ':' is a kind when it looks like one: lower-case letters, '_' and glob
// characters only (object names with a colon stay matchable without a kind).
bool looks_like_kind(const std::string& prefix) {
  return !prefix.empty() && std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || c == '*' || c == '?' || c == '[' || c == ']';
  });
}

bool is_aspect(const std::string& kind) {
  return kind == "owner" || kind == "grants";
}

// fnmatch takes an unclosed '[' literally, so a typo would silently match nothing.
bool brackets_closed(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '[') {
      size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;  // a leading ']' is a member
      j = pattern.find(']', j);
      if (j == std::string::npos) return false;
      i = j;
    }
  }
  return true;
}

// A kind without glob characters must be one a finding can have.
bool is_known_kind(const std::string& kind) {
  if (kind.find_first_of("*?[") != std::string::npos) return true;
  if (kind == "column" || is_aspect(kind)) return true;
  return std::any_of(model::kObjectKindNames.begin(), model::kObjectKindNames.end(),
                     [&](std::string_view name) { return name == kind; });
}

}  // namespace

IgnoreRule parse_ignore_rule(const std::string& raw) {
  const std::string text = trim(raw);
  if (text.empty()) throw Error(ErrorCategory::kUsage, "an ignore pattern cannot be empty");
  IgnoreRule rule{"*", text, text};
  const auto colon = text.find(':');
  if (colon != std::string::npos && looks_like_kind(text.substr(0, colon))) {
    rule.kind = text.substr(0, colon);
    rule.object = text.substr(colon + 1);
    if (rule.object.empty()) rule.object = "*";
  }
  if (!is_known_kind(rule.kind)) {
    throw Error(ErrorCategory::kUsage,
                "the ignore pattern '" + text + "' names no kind of finding ('" + rule.kind +
                    "'); use table, column, index, function, owner, grants, ... (see `pgdrift "
                    "check --help`)");
  }
  if (!brackets_closed(rule.kind) || !brackets_closed(rule.object)) {
    throw Error(ErrorCategory::kUsage, "the ignore pattern '" + text +
                                           "' has a '[' without its ']'; write '\\[' for a "
                                           "literal bracket");
  }
  return rule;
}

std::vector<IgnoreRule> parse_ignore_file(const std::string& text, const std::string& origin) {
  if (text.find('\0') != std::string::npos) {
    throw Error(ErrorCategory::kInput, origin +
                                           " is not a text file of ignore patterns (it "
                                           "holds NUL bytes); one pattern per line");
  }
  std::vector<IgnoreRule> rules;
  size_t start = 0;
  int line_number = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string line = text.substr(start, end - start);
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (!trim(line).empty()) {
      rules.push_back(with_context(origin + " line " + std::to_string(line_number),
                                   [&] { return parse_ignore_rule(line); }));
    }
    start = end + 1;
  }
  return rules;
}

ChangeSet apply_ignore_rules(const ChangeSet& changes, const std::vector<IgnoreRule>& rules) {
  ChangeSet kept;
  for (Finding finding : changes.findings) {
    bool dropped = false;
    for (const auto& rule : rules) {
      if (!glob(rule.object, finding.object)) continue;
      if (is_aspect(rule.kind)) {
        const char* field = rule.kind == "owner" ? "owner" : "acl";
        std::erase_if(finding.fields, [&](const FieldChange& f) { return f.field == field; });
        if (finding.change == ChangeType::kChanged && finding.fields.empty()) dropped = true;
        // Default privileges are grants as a whole.
        if (rule.kind == "grants" && finding.kind == "default_privileges") dropped = true;
      } else if (glob(rule.kind, finding.kind)) {
        dropped = true;
      }
      if (dropped) break;
    }
    if (!dropped) kept.findings.push_back(std::move(finding));
  }
  return kept;
}

ChangeSet pick_findings(const ChangeSet& changes, const std::vector<IgnoreRule>& rules) {
  ChangeSet picked;
  for (const Finding& finding : changes.findings) {
    bool whole = false;
    std::set<std::string> aspects;  // fields picked by owner: and grants: rules
    for (const auto& rule : rules) {
      if (!glob(rule.object, finding.object)) continue;
      if (is_aspect(rule.kind)) {
        if (rule.kind == "grants" && finding.kind == "default_privileges") whole = true;
        aspects.insert(rule.kind == "owner" ? "owner" : "acl");
      } else if (glob(rule.kind, finding.kind)) {
        whole = true;
      }
    }
    if (whole) {
      picked.findings.push_back(finding);
      continue;
    }
    if (finding.change != ChangeType::kChanged || aspects.empty()) continue;
    Finding part = finding;
    std::erase_if(part.fields, [&](const FieldChange& f) { return !aspects.count(f.field); });
    if (!part.fields.empty()) picked.findings.push_back(std::move(part));
  }
  return picked;
}

}  // namespace pgdrift::diff

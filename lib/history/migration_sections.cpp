#include "history/migration_sections.h"

#include <algorithm>
#include <vector>

#include "history/dbmate_text.h"
#include "util/error.h"

namespace pgdrift::history {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::map<std::string, std::string> parse_options(const std::string& text) {
  std::map<std::string, std::string> options;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    const std::string pair = text.substr(i, end - i);
    const auto colon = pair.find(':');
    if (colon != std::string::npos && pair.find(':', colon + 1) == std::string::npos) {
      options[pair.substr(0, colon)] = pair.substr(colon + 1);
    }
    i = end;
  }
  return options;
}

bool blank_or_comment(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && (is_space(line[i]) || line[i] == '\n')) ++i;
  return i == line.size() || line.compare(i, 2, "--") == 0;
}

}  // namespace

bool MigrationSection::transaction() const {
  const auto it = options.find("transaction");
  return it == options.end() || it->second != "false";
}

MigrationSections parse_migration_sections(const std::string& text) {
  // The markers, found as dbmate finds them (history/dbmate_text.h): a marker may span
  // lines, and one inside a string or a function body is a marker all the same.
  struct Marker {
    size_t offset;  // where its `--` is
    size_t line;    // 0-based line of the `--`
    size_t body;    // offset of the line after the directive
    bool up;
    std::map<std::string, std::string> options;
  };
  auto line_of = [&](size_t offset) {
    return static_cast<size_t>(
        std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  };
  std::vector<Marker> markers;
  for (const size_t offset : dbmate_marker_offsets(text)) {
    Marker m{offset, line_of(offset), 0, false, {}};
    const size_t directive = text.find("migrate:", offset);
    if (directive == std::string::npos) continue;  // never: a marker holds its directive
    m.up = text.compare(directive, 10, "migrate:up") == 0;
    const size_t after = directive + (m.up ? 10 : 12);
    const size_t line_end = std::min(text.find('\n', after), text.size());
    m.options = parse_options(text.substr(after, line_end - after));
    m.body = line_end < text.size() ? line_end + 1 : text.size();
    markers.push_back(std::move(m));
  }
  const auto first_up =
      std::find_if(markers.begin(), markers.end(), [](const Marker& m) { return m.up; });
  if (first_up == markers.end()) {
    throw Error(ErrorCategory::kInput, "has no '-- migrate:up' line, so dbmate cannot run it");
  }
  if (first_up != markers.begin()) {
    throw Error(ErrorCategory::kInput, "has '-- migrate:down' before '-- migrate:up'");
  }
  for (size_t start = 0, n = 0; start < first_up->offset; ++n) {
    const size_t end = std::min(text.find('\n', start), first_up->offset);
    if (!blank_or_comment(text.substr(start, end - start))) {
      throw Error(ErrorCategory::kInput, "has statements before '-- migrate:up' (line " +
                                             std::to_string(n + 1) + "), which dbmate refuses");
    }
    start = end + 1;
  }
  const auto second_up =
      std::find_if(std::next(first_up), markers.end(), [](const Marker& m) { return m.up; });
  if (second_up != markers.end()) {
    throw Error(ErrorCategory::kInput,
                "has a second '-- migrate:up' line (line " + std::to_string(second_up->line + 1) +
                    "), which dbmate would run as a migration of its own; a line of a string or "
                    "function body that starts with '-- migrate:' counts too");
  }
  if (markers.size() > 2) {
    throw Error(ErrorCategory::kInput,
                "has a second '-- migrate:down' line (line " + std::to_string(markers[2].line + 1) +
                    "), which dbmate refuses; a line of a string or function body that starts "
                    "with '-- migrate:' counts too");
  }
  auto section_text = [&](const Marker& marker, size_t end) {
    return marker.body < end ? text.substr(marker.body, end - marker.body) : std::string();
  };
  const Marker* down = markers.size() > 1 ? &markers[1] : nullptr;
  MigrationSections sections;
  sections.up.present = true;
  sections.up.sql = section_text(markers[0], down ? down->offset : text.size());
  sections.up.first_line = static_cast<int>(line_of(markers[0].body)) + 1;
  sections.up.options = markers[0].options;
  if (down) {
    sections.down.present = true;
    sections.down.sql = section_text(*down, text.size());
    sections.down.first_line = static_cast<int>(line_of(down->body)) + 1;
    sections.down.options = down->options;
  }
  return sections;
}

}  // namespace pgdrift::history

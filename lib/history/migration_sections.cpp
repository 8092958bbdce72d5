#include "history/migration_sections.h"

#include <optional>
#include <vector>

#include "util/error.h"

namespace pgdrift::history {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// When \a line is `--<spaces>migrate:<word>` followed by the end or whitespace, the
// rest of the line (its options); else nothing.
std::optional<std::string> marker_options(const std::string& line, const std::string& word) {
  if (line.rfind("--", 0) != 0) return std::nullopt;
  size_t i = 2;
  while (i < line.size() && is_space(line[i])) ++i;
  const std::string directive = "migrate:" + word;
  if (line.compare(i, directive.size(), directive) != 0) return std::nullopt;
  i += directive.size();
  if (i < line.size() && !is_space(line[i])) return std::nullopt;
  return line.substr(i);
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
  struct Line {
    size_t start;
    std::string text;
  };
  std::vector<Line> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back({start, text.substr(start, end - start)});
    start = end + 1;
  }
  std::optional<size_t> up, down;
  std::map<std::string, std::string> up_options, down_options;
  for (size_t n = 0; n < lines.size(); ++n) {
    if (!up) {
      if (auto options = marker_options(lines[n].text, "up")) {
        up = n;
        up_options = parse_options(*options);
        continue;
      }
    }
    if (!down) {
      if (auto options = marker_options(lines[n].text, "down")) {
        down = n;
        down_options = parse_options(*options);
      }
    }
  }
  if (!up) {
    throw Error(ErrorCategory::kInput, "has no '-- migrate:up' line, so dbmate cannot run it");
  }
  if (down && *down < *up) {
    throw Error(ErrorCategory::kInput, "has '-- migrate:down' before '-- migrate:up'");
  }
  for (size_t n = 0; n < *up; ++n) {
    if (!blank_or_comment(lines[n].text)) {
      throw Error(ErrorCategory::kInput, "has statements before '-- migrate:up' (line " +
                                             std::to_string(n + 1) + "), which dbmate refuses");
    }
  }
  auto section_text = [&](size_t marker, std::optional<size_t> next) {
    const size_t begin = marker + 1 < lines.size() ? lines[marker + 1].start : text.size();
    const size_t end = next ? lines[*next].start : text.size();
    return begin < end ? text.substr(begin, end - begin) : std::string();
  };
  MigrationSections sections;
  sections.up.present = true;
  sections.up.sql = section_text(*up, down);
  sections.up.first_line = static_cast<int>(*up) + 2;
  sections.up.options = up_options;
  if (down) {
    sections.down.present = true;
    sections.down.sql = section_text(*down, std::nullopt);
    sections.down.first_line = static_cast<int>(*down) + 2;
    sections.down.options = down_options;
  }
  return sections;
}

}  // namespace pgdrift::history

#include "history/sql_statements.h"

#include <pg_query.h>

#include <algorithm>

namespace pgdrift::history {

size_t skip_blanks_and_comments(const std::string& text, size_t pos, size_t end) {
  while (pos < end) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++pos;
    } else if (text.compare(pos, 2, "--") == 0) {
      const size_t eol = text.find('\n', pos);
      pos = eol == std::string::npos ? end : eol + 1;
    } else if (text.compare(pos, 2, "/*") == 0) {
      const size_t close = text.find("*/", pos + 2);
      pos = close == std::string::npos ? end : close + 2;
    } else {
      break;
    }
  }
  return std::min(pos, end);
}

std::optional<std::vector<Statement>> split_statements(const std::string& script) {
  PgQuerySplitResult result = pg_query_split_with_parser(script.c_str());
  if (result.error) {
    pg_query_free_split_result(result);
    return std::nullopt;
  }
  std::vector<Statement> statements;
  for (int i = 0; i < result.n_stmts; ++i) {
    const auto* stmt = result.stmts[i];
    const size_t begin = static_cast<size_t>(stmt->stmt_location);
    // A length of 0 means "to the end of the script".
    const size_t end = stmt->stmt_len == 0
                           ? script.size()
                           : std::min(script.size(), begin + static_cast<size_t>(stmt->stmt_len));
    const size_t start = skip_blanks_and_comments(script, begin, end);
    if (start >= end) continue;
    statements.push_back({script.substr(start, end - start), start});
  }
  pg_query_free_split_result(result);
  return statements;
}

int line_at(const std::string& text, size_t offset, int first_line) {
  offset = std::min(offset, text.size());
  return first_line + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string excerpt(const std::string& sql, size_t limit) {
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= limit) return out + " ...";
  }
  return out;
}

}  // namespace pgdrift::history

#include "lint/parsed_sql.h"

#include <pg_query.h>

#include <algorithm>

namespace pgdrift::lint {
namespace {

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

}  // namespace

ParseOutcome parse_sql(const std::string& script) {
  ParseOutcome outcome;
  PgQueryParseResult result = pg_query_parse(script.c_str());
  if (result.error) {
    outcome.error = result.error->message ? result.error->message : "syntax error";
    // cursorpos is 1-based; 0 when unknown.
    outcome.error_offset =
        result.error->cursorpos > 0 ? static_cast<size_t>(result.error->cursorpos - 1) : 0;
    pg_query_free_parse_result(result);
    return outcome;
  }
  const auto tree = nlohmann::json::parse(result.parse_tree);
  pg_query_free_parse_result(result);
  if (!tree.contains("stmts")) return outcome;
  for (const auto& entry : tree["stmts"]) {
    const size_t location = entry.value("stmt_location", 0);
    const size_t length = entry.value("stmt_len", 0);
    const size_t end = length == 0 ? script.size() : std::min(script.size(), location + length);
    const size_t start = skip_blanks_and_comments(script, location, end);
    ParsedStatement statement;
    const auto& stmt = entry["stmt"];
    statement.type = stmt.begin().key();
    statement.node = stmt.begin().value();
    statement.offset = start;
    statement.text = script.substr(start, end - start);
    outcome.statements.push_back(std::move(statement));
  }
  return outcome;
}

std::vector<std::string> names(const nlohmann::json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (item.contains("String")) out.push_back(item["String"].value("sval", ""));
  }
  return out;
}

}  // namespace pgdrift::lint

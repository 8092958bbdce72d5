#include "history/dbmate_text.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <memory>

#include "util/error.h"

namespace pgdrift::history {
namespace {

// Go's \s in RE2: space, \t, \n, \f, \r (not \v).
bool is_go_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_marker_at(std::string_view text, size_t at) {
  if (text.compare(at, 2, "--") != 0) return false;
  size_t i = at + 2;
  while (i < text.size() && is_go_space(text[i])) ++i;
  for (const std::string_view directive : {"migrate:up", "migrate:down"}) {
    if (text.compare(i, directive.size(), directive) != 0) continue;
    const size_t after = i + directive.size();
    if (after == text.size() || is_go_space(text[after])) return true;
  }
  return false;
}

struct ScanDeleter {
  void operator()(PgQuery__ScanResult* scan) const {
    pg_query__scan_result__free_unpacked(scan, nullptr);
  }
};

struct Token {
  size_t start, end;
  PgQuery__Token kind;
};

std::vector<Token> scan_tokens(const std::string& sql) {
  PgQueryScanResult result = pg_query_scan(sql.c_str());
  if (result.error) {
    const std::string message = result.error->message;
    pg_query_free_scan_result(result);
    throw Error(ErrorCategory::kInput, "cannot scan the SQL written for dbmate: " + message);
  }
  std::unique_ptr<PgQuery__ScanResult, ScanDeleter> scan(pg_query__scan_result__unpack(
      nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data)));
  pg_query_free_scan_result(result);
  if (!scan) throw Error(ErrorCategory::kInternal, "cannot read libpg_query's scan result");
  std::vector<Token> tokens;
  tokens.reserve(scan->n_tokens);
  for (size_t i = 0; i < scan->n_tokens; ++i) {
    const auto* token = scan->tokens[i];
    tokens.push_back(
        {static_cast<size_t>(token->start), static_cast<size_t>(token->end), token->token});
  }
  return tokens;
}

// The comment line naming the object whose text holds \a offset (every entry of a
// pgdrift script opens with one), for a message.
std::string object_near(const std::string& sql, size_t offset) {
  const size_t header = sql.rfind("\n\n-- ", offset);
  if (header == std::string::npos)
    return "line " +
           std::to_string(std::count(sql.begin(), sql.begin() + static_cast<long>(offset), '\n') +
                          1);
  const size_t begin = header + 5;
  return sql.substr(begin, std::min(sql.find('\n', begin), begin + 120) - begin);
}

// A dollar-quoted constant as an escape string constant with the same value: every
// backslash and quote escaped, everything else (newlines too) as it is.
std::string as_escape_string(std::string_view dollar_quoted) {
  const size_t tag_length = dollar_quoted.find('$', 1) + 1;
  const std::string_view body =
      dollar_quoted.substr(tag_length, dollar_quoted.size() - 2 * tag_length);
  std::string out = "E'";
  for (const char c : body) {
    if (c == '\\' || c == '\'') out += c;
    out += c;
  }
  return out + "'";
}

// A string constant (`'...'`, `E'...'` or `N'...'`) split before each line that dbmate
// would take for a marker: `'a<newline>-- migrate:down'` becomes
// `'a<newline>'<newline>'-- migrate:down'`. PostgreSQL joins string constants that only
// whitespace with a newline separates, keeping the first one's kind (escape or not).
std::string split_before_markers(std::string_view constant) {
  std::string out;
  size_t from = 0;
  for (size_t at = 1; at < constant.size(); ++at) {
    if (constant[at - 1] != '\n' || !is_marker_at(constant, at)) continue;
    out += constant.substr(from, at - from);
    out += "'\n'";
    from = at;
  }
  out += constant.substr(from);
  return out;
}

}  // namespace

std::vector<size_t> dbmate_marker_offsets(std::string_view text) {
  std::vector<size_t> offsets;
  for (size_t line = 0; line < text.size();) {
    if (is_marker_at(text, line)) offsets.push_back(line);
    const size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return offsets;
}

std::string without_dbmate_markers(const std::string& sql) {
  const auto markers = dbmate_marker_offsets(sql);
  if (markers.empty()) return sql;
  const auto tokens = scan_tokens(sql);
  // What to put in place of each token that holds a marker line, back to front so the
  // offsets of the earlier ones stay valid.
  struct Edit {
    size_t start, end;
    std::string text;
  };
  std::vector<Edit> edits;
  for (const size_t marker : markers) {
    const auto token = std::find_if(tokens.begin(), tokens.end(), [&](const Token& t) {
      return t.start <= marker && marker < t.end;
    });
    if (token == tokens.end()) {
      throw Error(ErrorCategory::kInternal,
                  "a dbmate marker line outside every SQL token near " + object_near(sql, marker));
    }
    if (!edits.empty() && edits.back().start == token->start) continue;  // done already
    const std::string_view text(sql.data() + token->start, token->end - token->start);
    std::string replacement;
    switch (token->kind) {
      case PG_QUERY__TOKEN__SQL_COMMENT:
      case PG_QUERY__TOKEN__C_COMMENT: {
        // A comment means nothing to PostgreSQL: indent its marker lines.
        replacement = std::string(text);
        for (size_t at = replacement.size(); at-- > 0;) {
          if ((at == 0 ? token->start == 0 || sql[token->start - 1] == '\n'
                       : replacement[at - 1] == '\n') &&
              is_marker_at(replacement, at)) {
            replacement.insert(at, " ");
          }
        }
        break;
      }
      case PG_QUERY__TOKEN__SCONST:
        if (text.front() == '$') {
          replacement = split_before_markers(as_escape_string(text));
        } else if (text.front() == '\'' || text.front() == 'E' || text.front() == 'e' ||
                   text.front() == 'N' || text.front() == 'n') {
          replacement = split_before_markers(text);
        }
        break;
      default:
        break;
    }
    if (replacement.empty()) {
      throw Error(ErrorCategory::kInput,
                  "cannot write " + object_near(sql, marker) +
                      " for dbmate: a name in it holds a line starting with '-- migrate:', "
                      "which dbmate would take for a section marker; rename it first");
    }
    edits.push_back({token->start, token->end, std::move(replacement)});
  }
  std::string out = sql;
  for (auto edit = edits.rbegin(); edit != edits.rend(); ++edit) {
    out.replace(edit->start, edit->end - edit->start, edit->text);
  }
  return out;
}

}  // namespace pgdrift::history

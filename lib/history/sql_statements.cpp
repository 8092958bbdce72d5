#include "history/sql_statements.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>

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

std::string leading_words(const std::string& sql, int count) {
  std::string out;
  bool in_word = false;
  for (const char c : sql) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      if (!in_word && !out.empty()) out += ' ';
      in_word = true;
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (in_word) {
      in_word = false;
      if (--count == 0) break;
    }
  }
  return out;
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

namespace {

// How many times \a word is one of the space-separated \a words.
size_t count_words(const std::string& words, const std::string& word) {
  size_t count = 0;
  for (size_t at = 0; (at = words.find(word, at)) != std::string::npos; at += word.size()) {
    const bool starts = at == 0 || words[at - 1] == ' ';
    const bool ends = at + word.size() == words.size() || words[at + word.size()] == ' ';
    if (starts && ends) ++count;
  }
  return count;
}

// Whether \a words is "CREATE", optional modifiers, then \a object.
bool creates(const std::string& words, const std::string& object) {
  if (words.rfind("CREATE ", 0) != 0) return false;
  std::string rest = words.substr(7);
  for (const char* modifier : {"OR REPLACE ", "GLOBAL ", "LOCAL ", "TEMPORARY ", "TEMP ",
                               "UNLOGGED ", "RECURSIVE ", "UNIQUE "}) {
    if (rest.rfind(modifier, 0) == 0) rest = rest.substr(std::string(modifier).size());
  }
  return rest == object || rest.rfind(object + " ", 0) == 0;
}

}  // namespace

size_t relations_locked_estimate(const std::string& script) {
  // The scanner's split, not the parser's: a file with syntax newer than the parser's
  // (a baseline of a newer server) is still counted.
  PgQuerySplitResult result = pg_query_split_with_scanner(script.c_str());
  if (result.error) {
    pg_query_free_split_result(result);
    return 0;
  }
  size_t locked = 0;
  for (int i = 0; i < result.n_stmts; ++i) {
    const auto* stmt = result.stmts[i];
    const size_t begin = std::min(script.size(), static_cast<size_t>(stmt->stmt_location));
    const size_t end = stmt->stmt_len == 0
                           ? script.size()
                           : std::min(script.size(), begin + static_cast<size_t>(stmt->stmt_len));
    const size_t start = skip_blanks_and_comments(script, begin, end);
    if (start >= end) continue;
    const std::string sql = script.substr(start, end - start);
    const std::string words = leading_words(sql, 5);
    if (creates(words, "TABLE")) {
      // It, its TOAST table and the TOAST index; an index per key, a sequence per serial
      // or identity column; a partition also gets its parent's indexes (a few).
      locked += 3;
      const std::string all = leading_words(sql, -1);
      // (A foreign key locks the table it references.)
      for (const char* word : {"PRIMARY", "UNIQUE", "EXCLUDE", "SERIAL", "BIGSERIAL", "SMALLSERIAL",
                               "IDENTITY", "REFERENCES"}) {
        locked += count_words(all, word);
      }
      if (all.find(" PARTITION OF ") != std::string::npos) locked += 4;
    } else if (creates(words, "MATERIALIZED VIEW")) {
      locked += 3;
    } else if (words == "ALTER TABLE" || words.rfind("ALTER TABLE ", 0) == 0) {
      locked += 2;
    } else {
      locked += 1;
    }
  }
  pg_query_free_split_result(result);
  return locked;
}

bool runs_outside_transaction(const std::string& statement) {
  const std::string words = leading_words(statement, 6);
  if (words == "VACUUM" || words.rfind("VACUUM ", 0) == 0) return true;
  const bool concurrently = count_words(words, "CONCURRENTLY") > 0;
  return concurrently && (creates(words, "INDEX") || words.rfind("DROP INDEX ", 0) == 0 ||
                          words.rfind("REINDEX ", 0) == 0);
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

#include "lint/parsed_sql.h"

#include <pg_query.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <optional>

#include "history/sql_statements.h"

namespace pgdrift::lint {
namespace {

// Statement types some rule looks into; the others only need their type and place.
// Building the tree of every INSERT of a data migration would cost gigabytes.
bool interesting(const std::string& type) {
  static const char* const kTypes[] = {
      "AlterTableStmt", "CreateStmt",   "CreateTableAsStmt", "IndexStmt",         "DropStmt",
      "RenameStmt",     "TruncateStmt", "UpdateStmt",        "DeleteStmt",        "VariableSetStmt",
      "ReindexStmt",    "ViewStmt",     "CreateSeqStmt",     "CreateFunctionStmt"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

// The node type of a one-statement parse tree, read from the JSON text itself:
// {"version":150001,"stmts":[{"stmt":{"<Type>":...
std::string first_type(const char* tree) {
  const char* key = std::strstr(tree, "\"stmt\":{\"");
  if (!key) return "";
  key += std::strlen("\"stmt\":{\"");
  const char* end = std::strchr(key, '"');
  return end ? std::string(key, end) : "";
}

// The body and language of a DO statement, from its parse tree.
bool do_body(const char* tree, std::string& body, std::string& language) {
  const auto parsed = nlohmann::json::parse(tree, nullptr, false);
  if (parsed.is_discarded()) return false;
  const auto& args = parsed["stmts"][0]["stmt"]["DoStmt"]["args"];
  language = "plpgsql";
  for (const auto& arg : args) {
    const auto& def = arg["DefElem"];
    const std::string value = def["arg"]["String"].value("sval", "");
    if (def.value("defname", "") == "as") body = value;
    if (def.value("defname", "") == "language") language = value;
  }
  return !body.empty();
}

// The text of \a expr when it is one string constant (dollar-quoted, '...', E'...'), as
// PL/pgSQL hands EXECUTE's argument over; nullopt for anything else (a string built at
// run time).
std::optional<std::string> constant_text(const std::string& expr) {
  PgQueryParseResult parsed = pg_query_parse(("SELECT " + expr).c_str());
  std::optional<std::string> text;
  if (!parsed.error && parsed.parse_tree) {
    const auto tree = nlohmann::json::parse(parsed.parse_tree, nullptr, false);
    const nlohmann::json::json_pointer targets("/stmts/0/stmt/SelectStmt/targetList");
    const nlohmann::json::json_pointer constant(
        "/stmts/0/stmt/SelectStmt/targetList/0/ResTarget/val/A_Const/sval/sval");
    if (!tree.is_discarded() && tree.contains(targets) && tree.at(targets).size() == 1 &&
        tree.contains(constant) && tree.at(constant).is_string()) {
      text = tree.at(constant).get<std::string>();
    }
  }
  pg_query_free_parse_result(parsed);
  return text;
}

// Every SQL statement of a PL/pgSQL function tree, in the order written: those written
// as statements, and those given to EXECUTE as a constant string.
void collect_sql(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "PLpgSQL_stmt_execsql") {
        const auto& expr = it.value()["sqlstmt"]["PLpgSQL_expr"];
        if (expr.contains("query")) out.push_back(expr["query"].get<std::string>());
      } else if (it.key() == "PLpgSQL_stmt_dynexecute") {
        const auto& expr = it.value()["query"]["PLpgSQL_expr"];
        if (!expr.contains("query")) continue;
        if (auto text = constant_text(expr["query"].get<std::string>())) out.push_back(*text);
      } else {
        collect_sql(it.value(), out);
      }
    }
  } else if (node.is_array()) {
    for (const auto& item : node) collect_sql(item, out);
  }
}

// libpg_query's PL/pgSQL result, freed however the reading ends.
struct PlpgsqlResult {
  explicit PlpgsqlResult(const std::string& function)
      : result(pg_query_parse_plpgsql(function.c_str())) {}
  ~PlpgsqlResult() { pg_query_free_plpgsql_parse_result(result); }
  PlpgsqlResult(const PlpgsqlResult&) = delete;
  PlpgsqlResult& operator=(const PlpgsqlResult&) = delete;
  PgQueryPlpgsqlParseResult result;
};

// The SQL statements a PL/pgSQL DO block runs (those written in it, not those built as
// strings for EXECUTE), each placed where its text first appears in the DO statement.
// False when the block is PL/pgSQL that cannot be read.
bool statements_of_do(const ParsedStatement& block, const char* tree,
                      std::vector<ParsedStatement>& out) {
  std::string body, language;
  if (!do_body(tree, body, language)) return false;
  if (language != "plpgsql") return true;  // not PL/pgSQL's to read
  std::string tag = "$pgdrift_lint$";
  while (body.find(tag) != std::string::npos) tag.insert(1, "x");
  std::vector<std::string> queries;
  {
    const PlpgsqlResult parsed(
        "CREATE FUNCTION pgdrift_lint_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag);
    if (parsed.result.error || !parsed.result.plpgsql_funcs) return false;
    const auto functions = nlohmann::json::parse(parsed.result.plpgsql_funcs, nullptr, false);
    if (functions.is_discarded()) return false;
    collect_sql(functions, queries);
  }
  size_t cursor = 0;
  for (const auto& query : queries) {
    const size_t at = block.text.find(query, cursor);
    if (at != std::string::npos) cursor = at + query.size();
    ParseOutcome inner = parse_sql(query);
    if (inner.error) return false;
    for (auto& s : inner.statements) {
      s.offset = block.offset + (at == std::string::npos ? 0 : at + s.offset);
      out.push_back(std::move(s));
    }
  }
  return true;
}

}  // namespace

ParseOutcome parse_sql(const std::string& script) {
  ParseOutcome outcome;
  // Split first (one pass of the grammar), then parse statement by statement, so memory
  // stays that of one statement whatever the size of the file.
  PgQuerySplitResult split = pg_query_split_with_parser(script.c_str());
  if (split.error) {
    outcome.error = split.error->message ? split.error->message : "syntax error";
    // cursorpos is 1-based; 0 when unknown.
    outcome.error_offset =
        split.error->cursorpos > 0 ? static_cast<size_t>(split.error->cursorpos - 1) : 0;
    pg_query_free_split_result(split);
    return outcome;
  }
  for (int i = 0; i < split.n_stmts; ++i) {
    const size_t location = static_cast<size_t>(split.stmts[i]->stmt_location);
    const size_t length = static_cast<size_t>(split.stmts[i]->stmt_len);
    const size_t end = length == 0 ? script.size() : std::min(script.size(), location + length);
    const size_t start = history::skip_blanks_and_comments(script, location, end);
    if (start >= end) continue;
    ParsedStatement statement;
    statement.offset = start;
    statement.text = script.substr(start, end - start);
    PgQueryParseResult parsed = pg_query_parse(statement.text.c_str());
    std::vector<ParsedStatement> inside;
    if (!parsed.error && parsed.parse_tree) {
      statement.type = first_type(parsed.parse_tree);
      if (statement.type == "DoStmt" && !statements_of_do(statement, parsed.parse_tree, inside)) {
        outcome.unread_blocks.push_back(start);
      }
      if (interesting(statement.type)) {
        const auto tree = nlohmann::json::parse(parsed.parse_tree);
        const auto& stmt = tree["stmts"][0]["stmt"];
        statement.node = stmt.begin().value();
      }
    }
    pg_query_free_parse_result(parsed);
    if (!statement.type.empty()) outcome.statements.push_back(std::move(statement));
    for (auto& s : inside) outcome.statements.push_back(std::move(s));
  }
  pg_query_free_split_result(split);
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

// lint/parsed_sql.h — SQL parsed by PostgreSQL's own grammar (libpg_query), as the JSON
// parse tree libpg_query produces, one entry per statement.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pgdrift::lint {

struct ParsedStatement {
  std::string type;     ///< node type, e.g. "AlterTableStmt"
  nlohmann::json node;  ///< the node's fields
  size_t offset = 0;    ///< byte offset of the statement's first character in the script
  std::string text;     ///< the statement, as written
};

struct ParseOutcome {
  std::vector<ParsedStatement> statements;
  std::optional<std::string> error;  ///< the parser's message when the script is invalid
  size_t error_offset = 0;           ///< byte offset of the error in the script
  /// Byte offsets of PL/pgSQL DO blocks whose body could not be read (their statements
  /// are not in \a statements).
  std::vector<size_t> unread_blocks;
};

/// Parses \a script. Never throws for bad SQL: the error is in the outcome. A PL/pgSQL DO
/// block is followed by the SQL statements written in it or given to EXECUTE as a constant
/// string (at the offset of their text in the script), so that the rules see what it runs,
/// whether or not its conditions hold.
ParseOutcome parse_sql(const std::string& script);

/// The string values of a libpg_query name list ([{"String": {"sval": "x"}}, ...]).
std::vector<std::string> names(const nlohmann::json& list);

}  // namespace pgdrift::lint

// history/sql_statements.h — a SQL script split into its statements, by PostgreSQL's own
// grammar (libpg_query), so a failing replay can name the statement and its line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgdrift::history {

struct Statement {
  std::string sql;    ///< the statement's text, without the terminating ';'
  size_t offset = 0;  ///< byte offset of its first non-blank, non-comment character
};

/// Where a statement really starts: the first position at or after \a pos (and before
/// \a end) that is not a blank or inside a -- or /* */ comment, which the parser counts
/// as part of the following statement.
size_t skip_blanks_and_comments(const std::string& text, size_t pos, size_t end);

/// The statements of \a script, in order; std::nullopt when the parser rejects the
/// script (a syntax error, or syntax newer than the parser's PostgreSQL version).
std::optional<std::vector<Statement>> split_statements(const std::string& script);

/// The first \a count words of \a sql (all of them when negative), upper-cased, one space
/// between them: letters and '_' make words, anything else separates them.
std::string leading_words(const std::string& sql, int count);

/// About how many relations the statements of \a script lock until their transaction
/// ends, counted from each statement's words: a table created 3 (it, its TOAST table and
/// index) and one per key, serial or identity column and reference, 4 more for a
/// partition (its parent's indexes); a materialized view 3; an altered table 2 (it and a
/// table a foreign key names); every other statement 1. What a DO block or a function
/// creates is not seen. Split by libpg_query's scanner, so syntax newer than its parser
/// is counted too. For sizing a shadow's lock table before the script runs; 0 when the
/// scanner rejects the script (an unterminated quote).
size_t relations_locked_estimate(const std::string& script);

/// Whether PostgreSQL runs \a statement (one statement's text) only outside a transaction
/// block, by its first words: VACUUM, CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX
/// CONCURRENTLY, REINDEX ... CONCURRENTLY.
bool runs_outside_transaction(const std::string& statement);

/// 1-based line number of byte \a offset in \a text, counting from \a first_line.
int line_at(const std::string& text, size_t offset, int first_line = 1);

/// \a sql on one line, shortened to about \a limit characters, for messages.
std::string excerpt(const std::string& sql, size_t limit = 160);

}  // namespace pgdrift::history

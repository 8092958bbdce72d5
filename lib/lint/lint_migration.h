// lint/lint_migration.h — hazards in a pending migration's up section.
//
// The up section is parsed with PostgreSQL's own grammar (libpg_query) and each statement
// is checked against the rules of lint/rules.h. A table created earlier in the same
// migration is exempt from the locking rules: nobody uses it yet. What only the live
// database knows (a function's volatility, a column's current type, a validated
// NOT NULL check) comes through LintContext; without it the rules assume the worst.
// Depends on history/ (dbmate's sections) and util/.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/rules.h"

namespace pgdrift::lint {

struct LintFinding {
  std::string rule;
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;           ///< 1-based line in the file (0: the file as a whole)
  std::string statement;  ///< the statement, on one line, shortened
  std::string message;    ///< one line naming the statement and what is wrong
  bool allowed = false;   ///< accepted by --allow or a pgdrift:allow comment
  std::string allow_reason;
};

/// A function a linted statement creates or replaces.
struct CreatedFunction {
  std::vector<std::string> name;  ///< as written: [schema,] name
  char volatility = 'v';          ///< provolatile: 'i', 's' or 'v'
  size_t min_arguments = 0;       ///< those without a default
  size_t max_arguments = 0;       ///< SIZE_MAX with a VARIADIC argument
};

/// What the statements linted so far established, for the ones after them: checks
/// (column IS NOT NULL) added NOT VALID, which of them were validated since, and the
/// tables created. One
/// memory serves the pending files of a run in order: the online SET NOT NULL adds the
/// check in one file and validates it in a later one.
struct LintMemory {
  /// "table constraint" (the table as the statement names it) -> column
  std::map<std::string, std::string> not_null_checks;
  std::set<std::pair<std::string, std::string>> validated_not_null;  ///< (table, column)
  /// (schema or "" when unqualified, table) created by the files linted before: a deploy
  /// runs the pending files one after the other, so such a table has no rows to lock yet.
  /// A later file's name matches only as written the same way (an unqualified name may
  /// resolve to another schema), and a DROP TABLE takes the table off.
  std::vector<std::pair<std::string, std::string>> created_tables;
  /// Functions created (or replaced) by the statements linted so far, whose volatility
  /// wins over the live catalog's for a call of the same name and number of arguments.
  std::vector<CreatedFunction> created_functions;
};

struct LintContext {
  /// provolatile ('i', 's', 'v') of the function named by \a name (qualified or not), when
  /// the live catalogs know it. Unset: a built-in list of volatile functions is used.
  std::function<std::optional<char>(const std::vector<std::string>& name)> volatility;
  /// format_type() of an existing column, when known.
  std::function<std::optional<std::string>(const std::string& schema, const std::string& table,
                                           const std::string& column)>
      column_type;
  /// True when the table has a validated CHECK (column IS NOT NULL).
  std::function<bool(const std::string& schema, const std::string& table,
                     const std::string& column)>
      has_not_null_check;
  /// Rules accepted for every file (--allow RULE).
  std::vector<std::string> allowed_rules;
  /// Shared by the files linted in order; none: each file starts afresh.
  std::shared_ptr<LintMemory> memory;
};

/// Whether changing a column from type \a old_type to \a new_type (format_type() text, or
/// as written) keeps the table as it is: varchar to a wider varchar or to text, numeric to
/// a higher precision with the same scale or to unconstrained numeric.
bool safe_widening(const std::string& old_type, const std::string& new_type);

/// The rule that ALTER TABLE ... ADD COLUMN \a column_definition breaks on a table with
/// rows ("add-column-volatile-default", "add-column-not-null-without-default"), or "".
/// What the file rules judge, for a planner that must name the hazards gate will.
std::string add_column_rule(const std::string& column_definition, const LintContext& context);

/// The findings of the migration file \a path with content \a text, in line order.
std::vector<LintFinding> lint_migration(const std::string& path, const std::string& text,
                                        const LintContext& context);

}  // namespace pgdrift::lint

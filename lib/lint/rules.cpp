#include "lint/rules.h"

namespace pgdrift::lint {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

const std::vector<RuleInfo>& all_rules() {
  static const std::vector<RuleInfo> rules = {
      {"missing-up", Severity::kError, "the file has no '-- migrate:up' section"},
      {"invalid-utf8", Severity::kError, "the file is not valid UTF-8"},
      {"parse-error", Severity::kError, "the up section is not valid SQL"},
      {"unread-do-block", Severity::kWarning,
       "a PL/pgSQL DO block whose body could not be read: its statements are not linted"},
      {"missing-down", Severity::kError, "the file has no '-- migrate:down' section"},
      {"empty-down", Severity::kError, "the down section has no statement"},
      {"create-index-not-concurrently", Severity::kError,
       "CREATE INDEX without CONCURRENTLY on an existing table blocks writes while it builds"},
      {"drop-index-not-concurrently", Severity::kError,
       "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table"},
      {"concurrently-in-transaction", Severity::kError,
       "CONCURRENTLY cannot run inside a transaction: the section needs transaction:false"},
      {"concurrently-not-alone", Severity::kError,
       "CONCURRENTLY must be the only statement of its section (dbmate sends a section as one "
       "string)"},
      {"add-column-volatile-default", Severity::kError,
       "ADD COLUMN with a volatile default rewrites the whole table"},
      {"add-column-not-null-without-default", Severity::kError,
       "ADD COLUMN ... NOT NULL without a default fails on a table with rows"},
      {"alter-column-type", Severity::kError,
       "ALTER COLUMN ... TYPE rewrites the table under an ACCESS EXCLUSIVE lock"},
      {"rewrite-table", Severity::kError,
       "SET TABLESPACE, SET LOGGED / UNLOGGED or SET ACCESS METHOD rewrites the table under an "
       "ACCESS EXCLUSIVE lock"},
      {"set-not-null", Severity::kError,
       "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"},
      {"constraint-without-not-valid", Severity::kError,
       "ADD FOREIGN KEY / CHECK without NOT VALID checks every row under a strong lock"},
      {"validate-in-same-transaction", Severity::kWarning,
       "VALIDATE CONSTRAINT in the transaction that added it keeps the strong lock"},
      {"unique-without-using-index", Severity::kError,
       "ADD PRIMARY KEY / UNIQUE builds its index under an ACCESS EXCLUSIVE lock"},
      {"add-exclusion-constraint", Severity::kError,
       "ADD EXCLUDE builds its index and checks every row under an ACCESS EXCLUSIVE lock"},
      {"rename-column", Severity::kError, "renaming a column breaks the code that runs now"},
      {"rename-table", Severity::kError, "renaming a table breaks the code that runs now"},
      {"drop-column", Severity::kError, "DROP COLUMN loses data and breaks running code"},
      {"drop-table", Severity::kError, "DROP TABLE loses data"},
      {"truncate", Severity::kError, "TRUNCATE loses data"},
      {"update-without-where", Severity::kError,
       "UPDATE without WHERE rewrites every row of an existing table"},
      {"delete-without-where", Severity::kError,
       "DELETE without WHERE removes every row of an existing table"},
      {"missing-lock-timeout", Severity::kWarning,
       "a statement takes an ACCESS EXCLUSIVE lock with no lock_timeout set before it"},
      {"invalid-allow", Severity::kError,
       "a '-- pgdrift:allow RULE reason' comment names no known rule or gives no reason"},
      {"live-dependents", Severity::kWarning,
       "live objects (views, foreign keys, functions) depend on what the migration drops, renames "
       "or retypes"},
      {"active-sessions", Severity::kWarning,
       "sessions are using a table the migration locks, right now"},
      {"down-does-not-undo", Severity::kInfo,
       "the down section does not drop an object the up section creates"},
  };
  return rules;
}

bool is_live_rule(std::string_view id) {
  return id == "live-dependents" || id == "active-sessions";
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& rule : all_rules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace pgdrift::lint

// libFuzzer target: dbmate's section markers, the statement splitter and the linter must
// survive any bytes as a migration file (no crash, no hang, no sanitizer report).
#include <cstddef>
#include <cstdint>
#include <string>

#include "history/migration_sections.h"
#include "history/sql_statements.h"
#include "lint/lint_migration.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto sections = pgdrift::history::parse_migration_sections(text);
    pgdrift::history::split_statements(sections.up.sql);
  } catch (const pgdrift::Error&) {
    // A malformed file is reported, never a crash.
  }
  pgdrift::lint::lint_migration("fuzz.sql", text, pgdrift::lint::LintContext{});
  return 0;
}

// history/migration_sections.h — the up and down sections of a dbmate migration file.
//
// dbmate's format: a line `-- migrate:up [option:value ...]`, the up statements, a line
// `-- migrate:down [...]`, the down statements. Only blank and comment lines may come
// before the up marker. The one option dbmate knows is `transaction:false`, which runs
// the section without a transaction (needed for CREATE INDEX CONCURRENTLY). Pure text
// handling; depends on util/.
#pragma once

#include <map>
#include <string>

namespace pgdrift::history {

struct MigrationSection {
  bool present = false;
  std::string sql;                             ///< the text after the marker line
  int first_line = 0;                          ///< 1-based line of sql's first character
  std::map<std::string, std::string> options;  ///< from the marker line
  /// dbmate's rule: a transaction unless the option transaction:false is given.
  bool transaction() const;
};

struct MigrationSections {
  MigrationSection up;
  MigrationSection down;
};

/// Splits \a text into its sections. Throws Error(kInput) with one sentence when there
/// is no up marker, the down marker comes first, or statements precede the up marker
/// (the cases dbmate itself refuses). A missing down section is not an error here.
MigrationSections parse_migration_sections(const std::string& text);

}  // namespace pgdrift::history

// lint/touched_objects.h — the tables and columns a migration's up section alters, drops
// or locks: what gate asks the live database about (who depends on them, who uses them).
#pragma once

#include <string>
#include <vector>

namespace pgdrift::lint {

struct TouchedObject {
  std::string schema;  ///< "" when the statement did not qualify the table
  std::string table;
  std::string column;     ///< "" for the table as a whole
  bool breaking = false;  ///< dropped, renamed or retyped: dependents would break
  int line = 0;           ///< of the statement in the file
  std::string statement;  ///< shortened, one line
};

/// The objects the up section of \a text touches, in statement order. Tables created in
/// the same section are left out. Empty when the file does not parse.
std::vector<TouchedObject> touched_objects(const std::string& text);

}  // namespace pgdrift::lint

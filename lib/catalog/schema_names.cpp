#include "catalog/schema_names.h"

#include <algorithm>

namespace pgdrift::catalog {

std::vector<std::string> missing_schemas(pg::Connection& conn,
                                         const std::vector<std::string>& names) {
  if (names.empty()) return {};
  const auto rows =
      conn.exec("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY ($1::text[])",
                {pg::text_array_literal(names)});
  std::vector<std::string> existing;
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  std::vector<std::string> missing;
  for (const auto& name : names) {
    if (std::find(existing.begin(), existing.end(), name) == existing.end()) {
      missing.push_back(name);
    }
  }
  return missing;
}

}  // namespace pgdrift::catalog

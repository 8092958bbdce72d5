// catalog/schema_names.h — which of the schemas a user named exist.
//
// `--schema NAME` filters the catalog queries; a name that matches nothing would give an
// empty snapshot without a word (issue 17). Depends on pg/.
#pragma once

#include <string>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::catalog {

/// The names in \a names that are not schemas of the database behind \a conn, in the
/// order given; one query.
std::vector<std::string> missing_schemas(pg::Connection& conn,
                                         const std::vector<std::string>& names);

}  // namespace pgdrift::catalog

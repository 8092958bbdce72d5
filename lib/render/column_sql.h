// render/column_sql.h — a table column as SQL, for CREATE TABLE and ALTER TABLE ADD COLUMN.
//
// The table builder and the planner write columns with the same functions, so a column
// added by a plan reads back exactly as the snapshot of the target would create it.
// Depends on model/ and util/.
#pragma once

#include <optional>
#include <string>

#include "model/catalog.h"

namespace pgdrift::render {

/// "name type [COLLATE c] [GENERATED ...] [DEFAULT ...] [identity] [NOT NULL]".
std::string column_definition(const model::Column& column);

/// ALTER TABLE statements for the settings of \a column that its definition cannot hold
/// (storage, compression, statistics, options, a NOT VALID NOT NULL constraint, and an
/// inherited column's own NOT NULL and default); \a table_sql is the qualified table name.
std::string column_settings(const model::Catalog& catalog, const model::TableDef& table,
                            const std::string& table_sql, const model::Column& column);

/// COMMENT ON COLUMN and the column's GRANT statements.
std::string column_comments_and_grants(const std::string& relation, const std::string& owner,
                                       const std::string& column,
                                       const std::optional<std::string>& comment,
                                       const std::optional<model::Acl>& acl);

}  // namespace pgdrift::render

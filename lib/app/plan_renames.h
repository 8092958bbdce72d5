// app/plan_renames.h — `plan --rename`: a table or column that FROM names one way and TO
// another is renamed (ALTER ... RENAME) rather than dropped and added.
//
// What a rename changes besides the name (views, constraints and indexes that print the
// name) is what PostgreSQL makes of it: the renames run in the shadow on FROM, and the
// plan is made from what that database then holds, after the renames themselves.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "plan/statement.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// One rename, with the table's name at the time it runs (table renames run first).
struct Rename {
  std::string schema;
  std::string table;
  std::string column;  ///< "" for the table itself
  std::string to;
};

/// "schema.table=new" and "schema.table.column=new", in run order: table renames first,
/// column renames on the table's new name. Throws Error(kUsage) for anything else.
std::vector<Rename> parse_renames(const std::vector<std::string>& specs);

/// Throws Error(kInput) naming the first rename whose object FROM lacks, whose new name
/// TO lacks, or whose new name FROM already uses.
void check_renames(const std::vector<Rename>& renames, const model::Catalog& from,
                   const model::Catalog& to);

/// The way back: in reverse order, each from its new name to its old one.
std::vector<Rename> reverse_renames(const std::vector<Rename>& renames);

/// ALTER TABLE ... RENAME [COLUMN] statements, in order.
std::vector<plan::Statement> rename_statements(const std::vector<Rename>& renames);

/// \a catalog as PostgreSQL leaves it after \a renames: replayed in a new database of
/// \a shadow, renamed there, read back with \a reading's settings.
model::Catalog renamed_catalog(shadow::Shadow& shadow, const model::Catalog& catalog,
                               const std::vector<Rename>& renames, const LiveSource& reading,
                               Log& log);

/// \a plan with \a renames run first, in its first transaction.
plan::Plan renames_first(const std::vector<Rename>& renames, plan::Plan plan);

}  // namespace pgdrift::app

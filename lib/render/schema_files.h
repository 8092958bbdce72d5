// render/schema_files.h — a Catalog as a tree of SQL files a person would keep.
//
// The layout of `pgdrift init`, for schema-first work: one file per object under its
// schema's folder (`public/tables/orders.sql`, `public/views/daily_stats.sql`,
// `public/functions/calculate_score.sql`, `extensions/pg_trgm.sql`, ...). A table's file
// holds what belongs to it: its indexes, constraints, triggers, policies, rules and the
// sequences its columns own; a view's file its triggers and rules. Overloaded functions
// share their name's file. Each block is the snapshot's own text (render/sql.h) with its
// header comment, in replay order within the file, so a file loads on its own once what
// it refers to exists. Deterministic: the same catalog gives the same tree, byte for byte.
#pragma once

#include <map>
#include <string>

#include "model/catalog.h"

namespace pgdrift::render {

/// The files of \a catalog: relative path ('/'-separated) -> content, sorted by path.
std::map<std::string, std::string> schema_files(const model::Catalog& catalog);

/// Whether \a path (relative, '/'-separated) is one schema_files() can write: a kind's
/// folder and a .sql file, at the top or under a schema's folder, a schema's schema.sql,
/// or default_privileges.sql. `init --force` replaces only such files.
bool is_layout_path(const std::string& path);

/// Whether \a text begins as schema_files() begins a file: a block header naming an
/// object ("-- table public.orders"). With is_layout_path, what `init --force` may take
/// away as its own (dbmate's db/schema.sql, a pg_dump, begins otherwise).
bool starts_like_schema_file(const std::string& text);

/// \a name as one path component: letters, digits, '_', '-' and '.' as they are (but not
/// a leading '.'), every other byte as %XX, so distinct names give distinct files.
std::string file_name_component(const std::string& name);

}  // namespace pgdrift::render

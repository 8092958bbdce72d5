// catalog/change_recorder.h — which objects the DDL run in a database reported, for a
// read of changes (reader.h: read_changes_since).
//
// A newer xmin shows every catalog row a command wrote, but not the rows it deleted: a
// comment removed, a dependency dropped (OWNED BY NONE), an object dropped. Event
// triggers (ddl_command_end, sql_drop) name those objects. The recorder lives in the
// database only while migrations are replayed into it: installed before, taken (and
// removed, leaving nothing) after, before the catalog is read. Needs a superuser (event
// triggers); a shadow is run by one.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::catalog {

/// An object a DDL command created, changed or dropped.
struct RecordedChange {
  std::uint32_t classid = 0;
  std::uint32_t objid = 0;
  /// Whether what depends on it may print the change (false for COMMENT and SECURITY
  /// LABEL: only the object itself prints those).
  bool reaching = true;
};

/// Installs the recorder in \a conn's database (schema pgdrift_recorder).
void install_change_recorder(pg::Connection& conn);

/// What was recorded since install_change_recorder, and removes the recorder. nullopt
/// when the changes cannot be known object by object: a command that changes objects
/// it does not report ran (ALTER EXTENSION), or a migration disabled or removed the
/// recorder.
std::optional<std::vector<RecordedChange>> take_recorded_changes(pg::Connection& conn);

}  // namespace pgdrift::catalog

// app/schema_source.h — the schemas `plan` works between: a database, a JSON snapshot,
// or SQL that a shadow database holds once it has run it: a declared schema (a .sql file,
// or a directory of them in any order) or a dbmate history ("dbmate:DIR", its migrations
// replayed in version order).
#pragma once

#include <functional>
#include <string>

#include "app/snapshot.h"
#include "model/catalog.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

/// How a source names a dbmate history: "dbmate:DIR".
inline constexpr const char* kDbmatePrefix = "dbmate:";

enum class SourceKind { kDatabase, kSnapshot, kDeclaredSchema, kDbmateHistory };

/// What \a source names: "dbmate:DIR", a .sql file or a directory, a JSON snapshot file, or
/// a connection string. Throws Error(kInput) when it is none of them.
SourceKind source_kind(const std::string& source);

/// Whether \a kind is SQL that must run in a shadow to be read.
bool loads_in_shadow(SourceKind kind);

/// The shadow that SQL sources load into, started when the first one needs it.
using ShadowProvider = std::function<shadow::Shadow&()>;

/// Reads \a source with \a reading's settings: a database or a snapshot directly; SQL by
/// running it in a new database of the shadow \a shadow gives, then reading that. A
/// declared schema's files run each in a transaction, again and again while more of them
/// succeed; a role they name that the shadow lacks is created (NOLOGIN). Throws
/// Error(kInput) naming each file that never loaded, with its line and the server's
/// message, or the migration that failed.
model::Catalog load_schema_source(const std::string& source, const LiveSource& reading,
                                  const ShadowProvider& shadow, Log& log);

/// About how many relations loading \a source locks in one transaction at most
/// (history::relations_locked_estimate over its files, summed); 0 for a database or a
/// snapshot, and for files that do not parse.
size_t relations_locked_estimate(const std::string& source);

/// Throws Error(kInput) unless \a dir is a folder (of a declared schema's .sql files),
/// naming --schema-dir.
void require_schema_folder(const std::string& dir);

/// Throws Error(kInput) when the migrations folder is \a schema_dir or inside it: its files
/// would be read as schema files.
void require_apart(const std::string& schema_dir, const std::string& migrations_dir);

/// The major of the shadow that SQL sources load into when no database says which: that
/// of --pg-bin, else the newest installed (12 to 18); 0 when none is (start_shadow then
/// says what is missing).
int default_shadow_major(const shadow::ShadowOptions& options);

/// \a source as a plan's header names it: a file or directory as given, a database
/// without its password.
std::string source_label(const std::string& source);

}  // namespace pgdrift::app

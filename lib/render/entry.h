// render/entry.h — the renderer's unit of output: one block of SQL for one object.
//
// Like pg_dump's table of contents, the renderer turns a Catalog into entries, orders
// them, and only then writes text. Most objects give one entry; a few give a second
// entry that must run later (a partition is attached after both tables exist, a
// sequence is owned by its column after the table exists, a partition's index is
// attached to its parent's index after both exist). Depends on model/ and util/.
#pragma once

#include <compare>
#include <string>
#include <vector>

#include "model/catalog.h"

namespace pgdrift::render {

/// Which part of an object an entry renders.
enum class Part : unsigned char {
  kMain,               ///< CREATE ... with owner, comments and privileges
  kPartitionAttach,    ///< ALTER TABLE parent ATTACH PARTITION child
  kSequenceOwnership,  ///< ALTER SEQUENCE ... OWNED BY
  kIndexAttach,        ///< ALTER INDEX parent ATTACH PARTITION child
  kReplicaIdentity,    ///< ALTER TABLE ... REPLICA IDENTITY USING INDEX
  kShellType,          ///< CREATE TYPE name; before a base type's support functions
};

struct EntryKey {
  model::ObjectId id;
  Part part = Part::kMain;
  auto operator<=>(const EntryKey&) const = default;
  bool operator==(const EntryKey&) const = default;
};

struct Entry {
  EntryKey key;
  int priority = 0;             ///< sort priority; see priority()
  std::string header;           ///< one line naming the object, without "-- "
  std::string sql;              ///< statements, each ending in ";\n"
  std::vector<EntryKey> after;  ///< entries that must come first
  /// Objects whose main entries must come first, read in place from the catalog
  /// (Object::depends_on; copying them as keys cost 11 MB at 10,000 tables).
  const std::vector<model::ObjectId>* after_objects = nullptr;
  /// The object whose builder made the entry: the writer builds the text again from it
  /// (see write_sql), so that the whole script is never held in memory.
  const model::Object* object = nullptr;
};

/// Default sort priority of an entry: kind first, as pg_dump's sort priorities do.
int priority(const EntryKey& key);

/// Foreign keys come after index attachments, since a key of a partitioned table is
/// valid only once every partition's index is attached.
inline constexpr int kForeignKeyPriority = 165;

}  // namespace pgdrift::render

// diff/change_set.h — what differs between two catalogs, as typed findings.
//
// Pure: no SQL, no I/O. Objects are paired by identity (ObjectId); a table's columns are
// findings of their own, so a ghost column reads "column public.t.c added", not "table
// changed". Findings are sorted, so the same two catalogs always give the same list.
// Depends on model/ and util/ (and dtl for text diffs).
#pragma once

#include <compare>
#include <string>
#include <vector>

#include "model/catalog.h"

namespace pgdrift::diff {

enum class ChangeType { kAdded, kRemoved, kChanged };

/// "added", "removed" or "changed".
const char* change_name(ChangeType type);

struct FieldChange {
  std::string field;   ///< e.g. "type", "default_expr", "owner", "acl"
  std::string before;  ///< compact JSON of the value ("null" when absent)
  std::string after;
  bool operator==(const FieldChange&) const = default;
};

struct Finding {
  std::string kind;    ///< object kind name ("table", "column", "function", ...)
  std::string object;  ///< qualified identity, e.g. public.users.email, public.f(integer)
  ChangeType change = ChangeType::kChanged;
  std::string summary;              ///< short note, e.g. the type of an added column
  std::vector<FieldChange> fields;  ///< for changed: every differing field
  std::string text_diff;            ///< unified diff of a long definition, or ""
  bool operator==(const Finding&) const = default;
};

struct ChangeSet {
  std::vector<Finding> findings;  ///< sorted by kind, object, change
  bool empty() const { return findings.empty(); }
};

/// The identity a finding names an object by: schema.name, schema.table.name,
/// schema.f(args), ...
std::string object_display(const model::ObjectId& id);

/// "kind|object|change": how the history store and the reports key a finding.
std::string finding_key(const Finding& finding);

/// When a finding was first and last seen (ISO 8601 UTC), from the history store.
struct Seen {
  std::string first_seen, last_seen;
};

/// Sorts findings by kind, object and change: the order of every ChangeSet.
void sort_findings(ChangeSet& changes);

/// Compares \a before with \a after: "added" is in \a after only, "removed" in \a before
/// only. For `check`, \a before is what the history implies and \a after the live schema.
ChangeSet compare(const model::Catalog& before, const model::Catalog& after);

/// \a before with the changes toward \a after that \a picked names (findings of
/// compare(before, after), possibly narrowed to owner and privileges by pick_findings):
/// their objects, columns or fields as in \a after, everything else as in \a before. What
/// comes and goes with a picked object (its indexes, constraints, partitions, owned
/// sequences) comes and goes with it.
model::Catalog apply_findings(const model::Catalog& before, const model::Catalog& after,
                              const ChangeSet& picked);

/// True for fields whose values are long SQL texts (function bodies, view queries,
/// policy expressions): shown as a unified diff rather than inline.
bool is_long_text_field(const std::string& field);

/// A unified diff (with 3 lines of context) of two texts, "" when they are equal.
std::string unified_diff(const std::string& before, const std::string& after);

}  // namespace pgdrift::diff

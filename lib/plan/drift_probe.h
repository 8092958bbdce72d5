// plan/drift_probe.h — SQL that asks a database what state one object is in.
//
// A revert must do nothing where the drift it takes back is absent: on every environment
// the history built (staging, a new one built with `dbmate up`, the shadow `check`
// replays the history into), only on the database that drifted. Its parts therefore run
// under conditions written in SQL over the system catalogs, which these probes supply:
// whether an object exists, and its state as a few text values (definition, owner,
// privileges, comment, ...), each NULL when the object does not exist. Values never hold
// OIDs, and privileges are sorted without their grantors, so the same object gives the
// same values in any database of the same major (deparsed texts aside: StatePart). They run with an
// empty search_path (the reader's: type names come out qualified). Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object_id.h"

namespace pgdrift::plan {

/// An object a finding names: an ObjectId, or a column of the table \a id names.
struct ProbeTarget {
  model::ObjectId id;
  std::string column;  ///< set for a column
  auto operator<=>(const ProbeTarget&) const = default;
};

/// "column public.t.c", "policy p on public.t", ... for comments in migrations.
std::string describe(const ProbeTarget& target);

/// One part of an object's state.
struct StatePart {
  std::string name;  ///< "owner", "definition", ...
  std::string sql;   ///< a text expression, NULL when the object does not exist
  /// Text PostgreSQL deparsed (definitions, defaults, expressions): the same object may
  /// print differently where it was made from other text. Names, types, flags, comments
  /// and privileges (grantees and privileges, sorted) print the same wherever it is the
  /// same.
  bool deparsed = false;
};

/// What SQL can ask about one object.
struct Probe {
  std::string exists;  ///< a boolean expression: the object exists
  std::vector<StatePart> state;
};

/// The probe of \a target; nullopt for kinds without one yet (the rarer ones: operators,
/// text search, foreign data wrappers, ...).
std::optional<Probe> probe(const ProbeTarget& target);

}  // namespace pgdrift::plan

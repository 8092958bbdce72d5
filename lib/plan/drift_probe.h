// plan/drift_probe.h — SQL that asks a database what state one object is in.
//
// A revert must do nothing where the drift it takes back is absent: on every environment
// the history built (staging, a new one built with `dbmate up`, the shadow `check`
// replays the history into), only on the database that drifted. Its parts therefore run
// under conditions written in SQL over the system catalogs, which these probes supply: one
// text value per object that changes when the object's definition, owner, privileges or
// comment change, NULL when it does not exist. Values never hold OIDs, so the same object
// gives the same value in any database of the same major. Pure: no I/O.
#pragma once

#include <optional>
#include <string>

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

/// A boolean SQL expression: the object exists. nullopt for kinds without a probe yet.
/// Runs with an empty search_path (names are qualified; type names come out qualified).
std::optional<std::string> exists_sql(const ProbeTarget& target);

/// A text SQL expression: the object's state (definition, owner, privileges, comment),
/// NULL when it does not exist. nullopt for kinds without a probe yet.
std::optional<std::string> state_sql(const ProbeTarget& target);

}  // namespace pgdrift::plan

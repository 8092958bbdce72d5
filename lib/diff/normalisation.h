// diff/normalisation.h — telling real changes from PostgreSQL's re-deparsing.
//
// Deparse is not always a fixpoint: a definition read from the catalogs, replayed, and
// read again can come back as different text (`= ANY (ARRAY[...])` casts, for one).
// So a live object that differs from the history's may differ only because the history
// went through one more replay. `check` replays the live objects of changed findings once
// more and compares again: a changed field is real only if it still differs from the
// history's after that round trip. Each field's verdict is kept by its fingerprint, so
// the same difference is never replayed twice. Pure; depends on model/.
#pragma once

#include <functional>

#include "diff/change_set.h"

namespace pgdrift::diff {

/// The findings of \a raw (history vs. live) that \a round_trip (history vs. the live
/// objects replayed once) confirms: added and removed findings stay; a changed finding
/// stays when its object also differs in \a round_trip, keeping only the fields that
/// still differ there (all fields when the object is missing from the round trip).
ChangeSet confirm_changes(const ChangeSet& raw, const ChangeSet& round_trip);

/// True when \a changes has changed findings, i.e. confirm_changes could remove some.
bool has_changed_findings(const ChangeSet& changes);

/// What a verdict on one changed field is kept under: the finding's key, the field and
/// both values, hashed. Another change to the same field has another fingerprint.
std::string field_fingerprint(const Finding& finding, const FieldChange& field);

/// \a finding with only the fields \a keep accepts, its text diff rebuilt from them.
Finding with_fields(const Finding& finding, const std::function<bool(const FieldChange&)>& keep);

/// The part of \a live a replay needs to re-deparse the objects of \a changes' changed
/// findings (a column's is its table): those objects, everything they depend on, as far
/// as it goes (pg_depend's edges, a partition's or child's parent tables, the index a
/// partition's index or key attaches to, the key a NOT VALID copy validates after), and
/// every schema and extension. In \a live's order. All of \a live when a finding's object
/// cannot be told apart by its printed name.
model::Catalog round_trip_subset(const model::Catalog& live, const ChangeSet& changes);

/// The objects of \a catalog that \a subset also has (by id), in \a catalog's order.
model::Catalog objects_also_in(const model::Catalog& catalog, const model::Catalog& subset);

}  // namespace pgdrift::diff

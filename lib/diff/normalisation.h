// diff/normalisation.h — telling real changes from PostgreSQL's re-deparsing.
//
// Deparse is not always a fixpoint: a definition read from the catalogs, replayed, and
// read again can come back as different text (`= ANY (ARRAY[...])` casts, for one).
// So a live object that differs from the history's may differ only because the history
// went through one more replay. `check` replays the live schema itself once more and
// compares again: a changed finding is real only if the object still differs from the
// history's after that round trip. Pure; depends on model/.
#pragma once

#include "diff/change_set.h"

namespace pgdrift::diff {

/// The findings of \a raw (history vs. live) that \a round_trip (history vs. the live
/// schema replayed once) confirms: added and removed findings stay; a changed finding
/// stays when its object also differs in \a round_trip, keeping only the fields that
/// still differ there (all fields when the object is missing from the round trip).
ChangeSet confirm_changes(const ChangeSet& raw, const ChangeSet& round_trip);

/// True when \a changes has changed findings, i.e. confirm_changes could remove some.
bool has_changed_findings(const ChangeSet& changes);

}  // namespace pgdrift::diff

// app/deparse_confirmation.h — which changed findings of a drift scan are real changes,
// and which are only PostgreSQL deparsing the same definition differently after one more
// replay (diff/normalisation.h).
//
// Every changed field has a verdict, kept in the history store under its fingerprint.
// Fields without one are settled by replaying the live objects they belong to, with what
// those need, into an empty shadow database and comparing again (the whole live schema
// when that part does not replay on its own); their verdicts are then kept both ways, so a
// nightly check of the same drift starts no shadow for it.
#pragma once

#include <functional>
#include <string>

#include "diff/change_set.h"
#include "model/catalog.h"
#include "store/history_store.h"
#include "util/log.h"

namespace pgdrift::app {

struct DeparseRoundTrip {
  const model::Catalog& expected;  ///< what the history builds
  const model::Catalog& live;      ///< the live schema compared with it
  /// Replays \a objects (part or all of the live schema) into a new, empty shadow
  /// database and reads it back as the live side was read (tracking tables left out).
  /// Throws Error(kInput) when they do not replay.
  std::function<model::Catalog(const model::Catalog& objects)> replay;
  store::HistoryStore* store = nullptr;  ///< verdicts are looked up and kept here
  std::string cache_key;                 ///< the expected catalog's key in the store
  bool use_stored = true;                ///< look verdicts up (off for --no-cache)
  bool remember = true;                  ///< keep new verdicts (off for --dry-run)
};

/// \a changes with each changed finding narrowed to its real fields, and dropped when it
/// has none; sorted as diff::compare sorts. A round trip that cannot run (no shadow, or
/// the live objects do not replay) is a warning on \a log and leaves the unsettled
/// findings as they are; losing the connection to the shadow, bad usage, and a store that
/// cannot be written throw.
diff::ChangeSet confirm_changed_fields(diff::ChangeSet changes, const DeparseRoundTrip& trip,
                                       Log& log);

}  // namespace pgdrift::app

#include "app/deparse_confirmation.h"

#include <optional>
#include <set>

#include "diff/normalisation.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

// Replays \a objects and confirms \a open against what comes back.
diff::ChangeSet round_trip(const diff::ChangeSet& open, const model::Catalog& objects, bool whole,
                           const DeparseRoundTrip& trip, Log& log) {
  log.info((whole ? std::string("replaying the live schema once")
                  : "replaying " + std::to_string(objects.objects.size()) + " of " +
                        std::to_string(trip.live.objects.size()) + " live objects") +
           " to rule out re-deparsing differences");
  const model::Catalog replayed = trip.replay(objects);
  const auto round = whole ? diff::compare(trip.expected, replayed)
                           : diff::compare(diff::objects_also_in(trip.expected, objects), replayed);
  return diff::confirm_changes(open, round);
}

bool is_fatal(const Error& e) {
  return e.category() == ErrorCategory::kConnection || e.category() == ErrorCategory::kUsage;
}

// \a open confirmed by a round trip of the part of the live schema it needs, else (when
// that part does not replay on its own) of all of it; nullopt, with a warning, when no
// round trip could be made.
std::optional<diff::ChangeSet> replayed_verdicts(const diff::ChangeSet& open,
                                                 const DeparseRoundTrip& trip, Log& log) {
  const model::Catalog part = diff::round_trip_subset(trip.live, open);
  bool whole = part.objects.size() == trip.live.objects.size();
  std::string failure;
  for (;;) {
    try {
      return round_trip(open, whole ? trip.live : part, whole, trip, log);
    } catch (const Error& e) {
      if (is_fatal(e)) throw;
      failure = e.what();
      // Only objects that did not replay are tried again, all of them; a shadow that
      // did not start would not start the second time either.
      if (whole || e.category() != ErrorCategory::kInput) break;
      log.info("those objects did not replay on their own (" + failure +
               "); replaying the whole live schema");
      whole = true;
    }
  }
  log.warn(
      "the live schema was not replayed in a shadow, so definitions that PostgreSQL "
      "re-deparses may show as changed: " +
      failure);
  return std::nullopt;
}

// A store that cannot be written fails the run here as it would a moment later when the
// run is recorded (a full disk says so once, as an error).
void remember_verdicts(const diff::ChangeSet& asked, const diff::ChangeSet& confirmed,
                       const DeparseRoundTrip& trip) {
  std::set<std::string> real;
  for (const auto& finding : confirmed.findings) {
    for (const auto& field : finding.fields) real.insert(diff::field_fingerprint(finding, field));
  }
  std::vector<std::pair<std::string, bool>> verdicts;
  for (const auto& finding : asked.findings) {
    for (const auto& field : finding.fields) {
      const auto fingerprint = diff::field_fingerprint(finding, field);
      verdicts.emplace_back(fingerprint, real.count(fingerprint) > 0);
    }
  }
  trip.store->remember_field_verdicts(trip.cache_key, verdicts);
}

}  // namespace

diff::ChangeSet confirm_changed_fields(diff::ChangeSet changes, const DeparseRoundTrip& trip,
                                       Log& log) {
  // 1. Fields with a verdict keep it; a finding with any field still unknown goes to the
  //    round trip whole (less its known re-deparsed fields).
  diff::ChangeSet settled, open;
  for (auto& finding : changes.findings) {
    if (finding.change != diff::ChangeType::kChanged) {
      settled.findings.push_back(std::move(finding));
      continue;
    }
    bool unknown = false;
    auto known = diff::with_fields(finding, [&](const diff::FieldChange& field) {
      std::optional<bool> differs;
      if (trip.store && trip.use_stored) {
        differs =
            trip.store->field_differs(trip.cache_key, diff::field_fingerprint(finding, field));
      }
      if (!differs) unknown = true;
      return differs.value_or(true);
    });
    if (unknown) {
      open.findings.push_back(std::move(known));
    } else if (!known.fields.empty()) {
      settled.findings.push_back(std::move(known));
    }
  }

  // 2. The rest by a round trip, whose verdicts are kept both ways.
  if (!open.empty()) {
    if (auto confirmed = replayed_verdicts(open, trip, log)) {
      if (trip.store && trip.remember) remember_verdicts(open, *confirmed, trip);
      open = std::move(*confirmed);
    }
    for (auto& finding : open.findings) settled.findings.push_back(std::move(finding));
  }
  diff::sort_findings(settled);
  return settled;
}

}  // namespace pgdrift::app

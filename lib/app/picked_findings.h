// app/picked_findings.h — what adopt and revert share about the findings they act on:
// the scan that finds them, which ones --only picks, that exactly those change, and when
// each was first seen.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/drift_scan.h"
#include "diff/change_set.h"
#include "model/catalog.h"

namespace pgdrift::app {

/// What adopt and revert start from: \a name (--name) checked, the migrations folder
/// there, the drift scanned (writing nothing anywhere with \a dry_run). Throws
/// Error(kInput) when there is no drift to \a verb ("adopt", "revert").
DriftScan scan_drift_to_resolve(const DriftScanOptions& options, const std::string& name,
                                bool dry_run, const std::string& verb, Log& log);

/// "1 finding", "3 findings".
std::string plural(size_t n, const std::string& one);

/// The findings of \a scan that \a patterns (--only, the ignore rules' syntax) match; all
/// of them when \a patterns is empty. Throws Error(kUsage) for a pattern that matches
/// none: a typo would otherwise act on less than the user thinks.
diff::ChangeSet pick_only(const DriftScan& scan, const std::vector<std::string>& patterns);

/// Throws Error(kUnsupported), naming one, unless compare(\a from, \a target) gives exactly
/// the findings of \a picked (by kind, object and change): a column picked by --only whose
/// default calls a sequence nobody picked, say, is not a schema of its own.
void require_exactly_picked(const model::Catalog& from, const model::Catalog& target,
                            const diff::ChangeSet& picked, const std::string& command);

/// When the history store first saw each open finding of the scanned database, by
/// diff::finding_key; empty without a store.
std::map<std::string, std::string> first_seen_by_key(DriftScan& scan);

}  // namespace pgdrift::app

// report/findings_report.h — a ChangeSet as text for people and JSON for machines.
//
// Depends on diff/, model/ and util/ (and fmt). Formats are documented in
// docs/findings-format.md; the JSON carries a format_version.
#pragma once

#include <string>

#include "diff/change_set.h"

namespace pgdrift::report {

struct ReportContext {
  std::string before_label;  ///< e.g. the first source, or "history"
  std::string after_label;   ///< e.g. the second source, or the live database
};

/// A short summary (counts per kind), then one line per finding with its field
/// changes and text diffs indented below it. "no differences" when clean.
std::string text_report(const diff::ChangeSet& changes, const ReportContext& context);

/// {"format_version": 1, "status": "clean"|"drift", "before": ..., "after": ...,
///  "findings": [...]} with a trailing newline.
std::string json_report(const diff::ChangeSet& changes, const ReportContext& context);

}  // namespace pgdrift::report

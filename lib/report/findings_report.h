// report/findings_report.h — a ChangeSet as text for people and JSON for machines.
//
// Depends on diff/, model/ and util/ (and fmt). Formats are documented in
// docs/findings-format.md; the JSON carries a format_version.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "diff/change_set.h"

namespace pgdrift::report {

struct ReportContext {
  std::string before_label;  ///< e.g. the first source, or "history"
  std::string after_label;   ///< e.g. the second source, or the live database
  /// Facts about the run, in order ("migration_role" -> "app"): lines "name: value"
  /// under the text summary, string fields of the JSON document.
  std::vector<std::pair<std::string, std::string>> facts;
  /// The database compared, without password (host, port, dbname, user): the JSON
  /// document's "database" object when not empty.
  std::map<std::string, std::string> database;
  bool color = false;  ///< ANSI colours in the text report
  /// First / last seen of findings, by diff::finding_key(), when a history store is used.
  std::map<std::string, diff::Seen> seen;
  /// The SQL that reproduces each finding, by diff::finding_key() (Markdown and JSON).
  std::map<std::string, std::string> statements;
  /// The Markdown report's closing section: what to run next, one line each.
  std::vector<std::string> next_steps;
};

/// A short summary (counts per kind), then one line per finding with its field
/// changes and text diffs indented below it. "no differences" when clean.
std::string text_report(const diff::ChangeSet& changes, const ReportContext& context);

/// {"format_version": 1, "status": "clean"|"drift", "before": ..., "after": ...,
///  "findings": [...]} with a trailing newline.
std::string json_report(const diff::ChangeSet& changes, const ReportContext& context);

/// A readable Markdown document: a title, the facts, a table of counts per kind, then
/// one section per finding with its field changes and text diffs in fenced `diff` blocks.
std::string markdown_report(const diff::ChangeSet& changes, const ReportContext& context,
                            const std::string& title);

}  // namespace pgdrift::report

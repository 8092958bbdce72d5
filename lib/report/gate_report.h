// report/gate_report.h — the pre-deploy gate's findings as text, JSON, JUnit XML and
// GitHub Actions workflow annotations.
//
// Depends on lint/ (severities) and util/.
#pragma once

#include <string>
#include <vector>

#include "lint/rules.h"

namespace pgdrift::report {

/// One finding of the gate, from any of its three checks.
struct GateItem {
  std::string check;  ///< "tracking", "drift" or "lint"
  std::string rule;   ///< lint rule id, tracking problem id, or "drift"
  lint::Severity severity = lint::Severity::kError;
  std::string file;  ///< migration file, or ""
  int line = 0;      ///< 1-based, 0 for the file or no file
  std::string message;
  bool allowed = false;
  std::string allow_reason;
  bool blocks() const { return severity == lint::Severity::kError && !allowed; }
};

struct GateSummary {
  std::vector<GateItem> items;
  std::vector<std::string> pending;  ///< pending migration files, in order (one JUnit case each)
  std::string tracking_note;         ///< e.g. "3 applied, 1 pending"
  std::string drift_note;            ///< e.g. "clean", "2 findings", "not checked: ..."
  bool passed() const;
};

std::string gate_text(const GateSummary& summary);
std::string gate_json(const GateSummary& summary);
/// JUnit XML: one test case per check (tracking, drift) and per pending migration.
std::string gate_junit(const GateSummary& summary);
/// `::error file=...,line=...::message` lines for errors and `::warning` for warnings.
std::string github_annotations(const GateSummary& summary);

}  // namespace pgdrift::report

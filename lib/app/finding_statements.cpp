#include "app/finding_statements.h"

#include <set>

#include "diff/change_set.h"
#include "plan/planner.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {

std::map<std::string, std::string> reproducing_statements(const DriftScan& scan, Log& log) {
  std::map<std::string, std::string> out;
  if (scan.changes.empty()) return out;
  plan::Plan plan;
  try {
    plan = plan::plan_migration(scan.expected,
                                diff::apply_findings(scan.expected, *scan.actual, scan.changes));
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kUnsupported) throw;
    log.info("no statements in the report: " + std::string(e.what()));
    return out;
  }
  std::set<size_t> taken;  // statements given to a column's finding
  // A column's statements are its table's that name it.
  for (const auto& f : scan.changes.findings) {
    if (f.kind != "column") continue;
    for (size_t k = 0; k < plan.statements.size(); ++k) {
      const auto& s = plan.statements[k];
      const std::string table = diff::object_display(s.object) + ".";
      if (s.object.kind != model::ObjectKind::kTable || f.object.rfind(table, 0) != 0) continue;
      const std::string column = f.object.substr(table.size());
      if (s.sql.find(" " + quote_ident(column)) == std::string::npos) continue;
      out[diff::finding_key(f)] += s.sql;
      taken.insert(k);
    }
  }
  // Every other finding's are those of its object.
  std::map<std::string, std::string> by_object;
  for (size_t k = 0; k < plan.statements.size(); ++k) {
    if (taken.count(k)) continue;
    const auto& s = plan.statements[k];
    by_object[std::string(model::kind_name(s.object.kind)) + "|" +
              diff::object_display(s.object)] += s.sql;
  }
  for (const auto& f : scan.changes.findings) {
    if (f.kind == "column") continue;
    const auto it = by_object.find(f.kind + "|" + f.object);
    if (it != by_object.end()) out[diff::finding_key(f)] = it->second;
  }
  return out;
}

}  // namespace pgdrift::app

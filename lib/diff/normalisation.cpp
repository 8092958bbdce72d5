#include "diff/normalisation.h"

#include <map>
#include <set>

namespace pgdrift::diff {
bool has_changed_findings(const ChangeSet& changes) {
  for (const auto& finding : changes.findings) {
    if (finding.change == ChangeType::kChanged) return true;
  }
  return false;
}

ChangeSet confirm_changes(const ChangeSet& raw, const ChangeSet& round_trip) {
  std::map<std::pair<std::string, std::string>, const Finding*> confirmed;
  for (const auto& finding : round_trip.findings) {
    confirmed[{finding.kind, finding.object}] = &finding;
  }
  ChangeSet result;
  for (const auto& finding : raw.findings) {
    if (finding.change != ChangeType::kChanged) {
      result.findings.push_back(finding);
      continue;
    }
    const auto it = confirmed.find({finding.kind, finding.object});
    if (it == confirmed.end()) continue;  // equal once the live side is re-deparsed
    if (it->second->change != ChangeType::kChanged) {
      result.findings.push_back(finding);
      continue;
    }
    std::set<std::string> still_different;
    for (const auto& field : it->second->fields) still_different.insert(field.field);
    Finding kept = finding;
    kept.fields.clear();
    kept.text_diff.clear();
    for (const auto& field : finding.fields) {
      if (!still_different.count(field.field)) continue;
      kept.fields.push_back(field);
      if (is_long_text_field(field.field))
        kept.text_diff += unified_diff(field.before, field.after);
    }
    if (!kept.fields.empty()) result.findings.push_back(std::move(kept));
  }
  return result;
}

}  // namespace pgdrift::diff

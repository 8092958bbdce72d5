// diff/ignore_rules.h — findings a team has decided not to hear about.
//
// A rule is `[KIND:]OBJECT`, both shell globs (fnmatch: `*`, `?`, `[...]`; `*` also
// matches dots). Without a kind it matches findings of every kind, so `public.tmp_*`
// silences the tables `public.tmp_*` and their columns, indexes and triggers
// (`public.tmp_x.col`). Two aspect rules silence one difference rather than an object:
// `owner:OBJECT` drops owner changes and `grants:OBJECT` grant (ACL) changes and default
// privileges of matching objects; a changed finding left with no field disappears. Pure; depends on
// model/.
#pragma once

#include <string>
#include <vector>

#include "diff/change_set.h"

namespace pgdrift::diff {

struct IgnoreRule {
  std::string kind;    ///< kind glob, "owner", "grants", or "*" for any
  std::string object;  ///< object glob
  std::string text;    ///< as written, for messages
};

/// Parses one rule. Throws Error(kUsage) for an empty pattern.
IgnoreRule parse_ignore_rule(const std::string& text);

/// The rules of an ignore file's text: one per line, `#` starts a comment, blank lines
/// are skipped. \a origin names the file in errors.
std::vector<IgnoreRule> parse_ignore_file(const std::string& text, const std::string& origin);

/// \a changes without what \a rules silence.
ChangeSet apply_ignore_rules(const ChangeSet& changes, const std::vector<IgnoreRule>& rules);

/// The other half: only what \a rules match (adopt --only). A finding an aspect rule
/// matches keeps only that field (owner, acl); one matched as a whole keeps every field.
ChangeSet pick_findings(const ChangeSet& changes, const std::vector<IgnoreRule>& rules);

}  // namespace pgdrift::diff

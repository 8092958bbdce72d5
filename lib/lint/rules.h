// lint/rules.h — the lint rules: stable ids, severities, and what each one means.
//
// The ids are a public interface (`--allow RULE`, `-- pgdrift:allow RULE reason`, JSON,
// JUnit): never rename one. docs/lint-rules.md explains each rule and its safe
// alternative. Depends on nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgdrift::lint {

enum class Severity { kError, kWarning, kInfo };

/// "error", "warning" or "info".
const char* severity_name(Severity severity);

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;  ///< one line: what is wrong
};

/// Every rule, in documentation order.
const std::vector<RuleInfo>& all_rules();

/// True for the rules that ask the live database (gate checks them, not the file alone).
bool is_live_rule(std::string_view id);

/// The rule with \a id, or nullptr.
const RuleInfo* find_rule(std::string_view id);

}  // namespace pgdrift::lint

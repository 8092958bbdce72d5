// model/object_kind.h — the kinds of schema objects pgdrift models.
//
// Part of model/: plain values, no OIDs, no libpq, no I/O. Depends on util only.
// When you add a kind: add it here (before kCount), give it a name in kObjectKindNames,
// a payload struct in objects.h, and a priority in render/. Every switch over
// ObjectKind has no default branch, so -Wswitch points at each place to extend.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace pgdrift::model {

enum class ObjectKind : unsigned char {
  kSchema,
  kExtension,
  kCollation,
  kType,  // enum, composite and range types
  kDomain,
  kFunction,  // functions and procedures (pg_get_functiondef covers both)
  kAggregate,
  kSequence,
  kTable,  // ordinary and partitioned tables
  kView,
  kMaterializedView,
  kConstraint,  // table constraints: primary key, unique, check, foreign key, exclusion
  kIndex,
  kRule,
  kTrigger,
  kEventTrigger,
  kPolicy,
  kStatistics,
  kPublication,
  kDefaultPrivileges,
  // The kinds below are rarer; they come after the common ones so the common kinds keep
  // their order in every listing.
  kOperator,
  kOperatorFamily,
  kOperatorClass,
  kTextSearchParser,
  kTextSearchTemplate,
  kTextSearchDictionary,
  kTextSearchConfiguration,
  kCast,
  kConversion,
  kLanguage,
  kAccessMethod,
  kTransform,
  kForeignDataWrapper,
  kForeignServer,
  kUserMapping,
  kSubscription,
  kCount
};

inline constexpr std::size_t kObjectKindCount = static_cast<std::size_t>(ObjectKind::kCount);

/// Stable lower-case names, used in JSON and messages.
inline constexpr std::array<std::string_view, kObjectKindCount> kObjectKindNames = {
    "schema",
    "extension",
    "collation",
    "type",
    "domain",
    "function",
    "aggregate",
    "sequence",
    "table",
    "view",
    "materialized_view",
    "constraint",
    "index",
    "rule",
    "trigger",
    "event_trigger",
    "policy",
    "statistics",
    "publication",
    "default_privileges",
    "operator",
    "operator_family",
    "operator_class",
    "text_search_parser",
    "text_search_template",
    "text_search_dictionary",
    "text_search_configuration",
    "cast",
    "conversion",
    "language",
    "access_method",
    "transform",
    "foreign_data_wrapper",
    "foreign_server",
    "user_mapping",
    "subscription",
};

constexpr std::string_view kind_name(ObjectKind kind) {
  return kObjectKindNames[static_cast<std::size_t>(kind)];
}

/// Parses a kind name; returns false when \a name is not one.
bool parse_kind(std::string_view name, ObjectKind& out);

}  // namespace pgdrift::model

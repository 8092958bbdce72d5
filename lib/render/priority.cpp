#include <array>

#include "render/entry.h"

namespace pgdrift::render {
namespace {

using model::ObjectKind;

// Lower runs first. Main entries follow this table; extra parts get the fixed
// priorities below. Event triggers and default privileges come last on purpose: an
// event trigger would fire during the rest of the replay, and default privileges would
// change the privileges of every object created after them.
constexpr std::array<int, model::kObjectKindCount> kKindPriority = [] {
  std::array<int, model::kObjectKindCount> p{};
  auto set = [&](ObjectKind kind, int value) { p[static_cast<size_t>(kind)] = value; };
  set(ObjectKind::kSchema, 10);
  set(ObjectKind::kExtension, 20);
  set(ObjectKind::kCollation, 30);
  set(ObjectKind::kType, 40);
  set(ObjectKind::kDomain, 50);
  set(ObjectKind::kLanguage, 55);  // after its handler function (a dependency)
  set(ObjectKind::kFunction, 60);
  set(ObjectKind::kAccessMethod, 62);
  set(ObjectKind::kOperator, 64);
  set(ObjectKind::kOperatorFamily, 65);
  set(ObjectKind::kOperatorClass, 66);
  set(ObjectKind::kTextSearchParser, 67);
  set(ObjectKind::kTextSearchTemplate, 68);
  set(ObjectKind::kTextSearchDictionary, 69);
  set(ObjectKind::kAggregate, 70);
  set(ObjectKind::kTextSearchConfiguration, 72);
  set(ObjectKind::kCast, 74);
  set(ObjectKind::kConversion, 76);
  set(ObjectKind::kTransform, 78);
  set(ObjectKind::kForeignDataWrapper, 82);
  set(ObjectKind::kForeignServer, 84);
  set(ObjectKind::kUserMapping, 86);
  set(ObjectKind::kSequence, 80);
  set(ObjectKind::kTable, 90);
  set(ObjectKind::kView, 100);
  set(ObjectKind::kMaterializedView, 110);
  set(ObjectKind::kConstraint, 140);
  set(ObjectKind::kIndex, 150);
  set(ObjectKind::kRule, 180);
  set(ObjectKind::kTrigger, 190);
  set(ObjectKind::kPolicy, 200);
  set(ObjectKind::kStatistics, 210);
  set(ObjectKind::kPublication, 220);
  set(ObjectKind::kSubscription, 225);
  set(ObjectKind::kEventTrigger, 230);
  set(ObjectKind::kDefaultPrivileges, 240);
  return p;
}();

constexpr bool all_kinds_have_a_priority() {
  for (int value : kKindPriority) {
    if (value == 0) return false;
  }
  return true;
}
static_assert(all_kinds_have_a_priority(), "give every ObjectKind a priority in kKindPriority");

}  // namespace

int priority(const EntryKey& key) {
  switch (key.part) {
    case Part::kMain:
      return kKindPriority[static_cast<size_t>(key.id.kind)];
    case Part::kPartitionAttach:
      return 120;
    case Part::kSequenceOwnership:
      return 130;
    case Part::kIndexAttach:
      return 160;
    case Part::kShellType:
      return 35;  // after schemas and extensions, before functions
    case Part::kReplicaIdentity:
      return 170;
  }
  return 0;
}

}  // namespace pgdrift::render

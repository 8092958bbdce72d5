#include "model/object_id.h"

#include <algorithm>

namespace pgdrift::model {

bool parse_kind(std::string_view name, ObjectKind& out) {
  const auto it = std::find(kObjectKindNames.begin(), kObjectKindNames.end(), name);
  if (it == kObjectKindNames.end()) return false;
  out = static_cast<ObjectKind>(it - kObjectKindNames.begin());
  return true;
}

std::string describe(const ObjectId& id) {
  std::string out(kind_name(id.kind));
  std::replace(out.begin(), out.end(), '_', ' ');
  out += ' ';
  if (id.kind == ObjectKind::kDefaultPrivileges) {
    out += "for role " + id.name;
    if (!id.schema.empty()) out += " in schema " + id.schema;
    out += " on " + id.args;
    return out;
  }
  if (id.kind == ObjectKind::kCast) return out + "(" + id.name + " AS " + id.args + ")";
  if (id.kind == ObjectKind::kTransform) return out + "for " + id.name + " language " + id.args;
  if (id.kind == ObjectKind::kUserMapping) return out + "for " + id.name + " server " + id.args;
  const std::string qualified = id.schema.empty() ? id.name : id.schema + "." + id.name;
  if (!id.table.empty()) {
    out += id.name + " on " + id.schema + "." + id.table;
  } else {
    out += qualified;
  }
  if (id.kind == ObjectKind::kFunction || id.kind == ObjectKind::kAggregate ||
      id.kind == ObjectKind::kOperator) {
    out += "(" + id.args + ")";
  }
  if (id.kind == ObjectKind::kOperatorClass || id.kind == ObjectKind::kOperatorFamily) {
    out += " using " + id.args;
  }
  return out;
}

}  // namespace pgdrift::model

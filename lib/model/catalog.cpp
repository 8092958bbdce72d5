#include "model/catalog.h"

#include <algorithm>

#include "util/error.h"

namespace pgdrift::model {

const Object* Catalog::find(const ObjectId& id) const {
  const auto it = std::lower_bound(objects.begin(), objects.end(), id,
                                   [](const Object& o, const ObjectId& key) { return o.id < key; });
  return (it != objects.end() && it->id == id) ? &*it : nullptr;
}

namespace {

bool has_redacted(const std::vector<std::string>& options) {
  return std::any_of(options.begin(), options.end(), [](const std::string& option) {
    const auto eq = option.find('=');
    return eq != std::string::npos &&
           option.compare(eq + 1, std::string::npos, kRedactedCredential) == 0;
  });
}

bool holds_redacted_credentials(const Object& object) {
  if (const auto* d = def_if<SubscriptionDef>(object)) {
    if (!d->readable("conninfo")) return true;
    // key=value pairs separated by spaces (see pg::conninfo_without_credentials).
    const std::string value = std::string("=") + kRedactedCredential;
    for (auto at = d->conninfo.find(value); at != std::string::npos;
         at = d->conninfo.find(value, at + 1)) {
      const auto end = at + value.size();
      if (end == d->conninfo.size() || d->conninfo[end] == ' ') return true;
    }
    return false;
  }
  if (const auto* d = def_if<UserMappingDef>(object)) return has_redacted(d->options);
  if (const auto* d = def_if<ForeignServerDef>(object)) return has_redacted(d->options);
  if (const auto* d = def_if<ForeignDataWrapperDef>(object)) return has_redacted(d->options);
  if (const auto* d = def_if<TableDef>(object)) {
    if (has_redacted(d->foreign_options)) return true;
    return std::any_of(d->columns.begin(), d->columns.end(), [](const Column& c) {
      return c.fdw_options && has_redacted(*c.fdw_options);
    });
  }
  return false;
}

}  // namespace

std::vector<std::string> objects_with_redacted_credentials(const Catalog& catalog) {
  std::vector<std::string> out;
  for (const auto& object : catalog.objects) {
    if (!holds_redacted_credentials(object)) continue;
    const auto* subscription = def_if<SubscriptionDef>(object);
    out.push_back(describe(object.id) +
                  (subscription && !subscription->readable("conninfo")
                       ? " (the whole connection string: only a superuser can read it)"
                       : ""));
  }
  return out;
}

void normalize(Catalog& catalog) {
  auto& objects = catalog.objects;
  const auto by_id = [](const Object& a, const Object& b) { return a.id < b.id; };
  // Often sorted already (a catalog filtered after reading): checking is one pass, and
  // sorting 50,000 objects of 456 bytes is not free.
  if (!std::is_sorted(objects.begin(), objects.end(), by_id)) {
    std::sort(objects.begin(), objects.end(), by_id);
  }
  for (size_t i = 1; i < objects.size(); ++i) {
    if (objects[i - 1].id == objects[i].id) {
      throw Error(ErrorCategory::kInternal,
                  "two catalog rows describe the same object: " + describe(objects[i].id));
    }
  }
  for (auto& object : objects) {
    auto& deps = object.depends_on;
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    std::erase_if(deps, [&](const ObjectId& dep) {
      return dep == object.id || catalog.find(dep) == nullptr;
    });
  }
  std::sort(catalog.unsupported.begin(), catalog.unsupported.end());
  catalog.unsupported.erase(std::unique(catalog.unsupported.begin(), catalog.unsupported.end()),
                            catalog.unsupported.end());
}

size_t relation_count(const Catalog& catalog) {
  size_t count = 0;
  for (const auto& object : catalog.objects) {
    switch (object.id.kind) {
      case ObjectKind::kTable:
        count += 3;
        for (const auto& column : def_as<TableDef>(object).columns) {
          if (column.identity.has_value()) ++count;  // its sequence
        }
        break;
      case ObjectKind::kMaterializedView:
        count += 3;
        break;
      case ObjectKind::kIndex:
      case ObjectKind::kSequence:
      case ObjectKind::kView:
        count += 1;
        break;
      case ObjectKind::kConstraint:
        if (!def_as<ConstraintDef>(object).index_name.empty()) count += 1;
        break;
      default:
        break;
    }
  }
  return count;
}

}  // namespace pgdrift::model

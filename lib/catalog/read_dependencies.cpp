// Turns pg_depend into Object::depends_on. Both ends of an edge are mapped to modelled
// objects: directly, through an alias (a column default stands for its table, an array
// type for its element type, ...), or through extension membership (an object of an
// extension stands for the extension). Edges whose ends are not modelled are dropped:
// they point at system objects or at objects excluded for a reason.
#include <set>

#include "catalog/read_context.h"

namespace pgdrift::catalog {

namespace {

constexpr Oid kPgClass = 1259;  // pg_class's OID is fixed by PostgreSQL's bootstrap

struct Resolver {
  const std::map<CatalogRef, model::ObjectId>& objects;
  std::map<CatalogRef, CatalogRef> aliases;
  std::map<CatalogRef, Oid> extension_of;
  Oid extension_classid = 3079;  // pg_extension

  const model::ObjectId* resolve(CatalogRef ref) const {
    for (int hops = 0; hops < 4; ++hops) {
      if (auto it = objects.find(ref); it != objects.end()) return &it->second;
      if (auto ext = extension_of.find(ref); ext != extension_of.end()) {
        auto it = objects.find({extension_classid, ext->second});
        return it == objects.end() ? nullptr : &it->second;
      }
      auto alias = aliases.find(ref);
      if (alias == aliases.end()) return nullptr;
      ref = alias->second;
    }
    return nullptr;
  }
};

}  // namespace

void read_dependencies(ReadContext& ctx) {
  Resolver resolver{ctx.objects_by_oid, {}, {}};
  {
    auto rows = ctx.query("aliases");
    for (int r = 0; r < rows.size(); ++r) {
      resolver.aliases.emplace(
          CatalogRef{rows.oid(r, "classid"), rows.oid(r, "objid")},
          CatalogRef{rows.oid(r, "owner_classid"), rows.oid(r, "owner_objid")});
    }
  }
  {
    auto rows = ctx.query("extension_members");
    for (int r = 0; r < rows.size(); ++r) {
      resolver.extension_of.emplace(CatalogRef{rows.oid(r, "classid"), rows.oid(r, "objid")},
                                    rows.oid(r, "extension_oid"));
    }
  }
  std::map<model::ObjectId, std::set<model::ObjectId>> edges;
  auto rows = ctx.query("dependencies");
  for (int r = 0; r < rows.size(); ++r) {
    const CatalogRef from{rows.oid(r, "classid"), rows.oid(r, "objid")};
    const CatalogRef to{rows.oid(r, "refclassid"), rows.oid(r, "refobjid")};
    const model::ObjectId* dependent = resolver.resolve(from);
    const model::ObjectId* referenced = resolver.resolve(to);
    if (!dependent || !referenced || *dependent == *referenced) continue;
    // A sequence OWNED BY a column depends on the table ('a'), but is created before it
    // (the column's default uses it); ownership is rendered after both exist.
    if (dependent->kind == model::ObjectKind::kSequence && from.first == kPgClass &&
        to.first == kPgClass && rows.text(r, "deptype") == "a") {
      continue;
    }
    edges[*dependent].insert(*referenced);
  }
  for (auto& object : ctx.catalog.objects) {
    auto it = edges.find(object.id);
    if (it == edges.end()) continue;
    object.depends_on.assign(it->second.begin(), it->second.end());
  }
}

}  // namespace pgdrift::catalog

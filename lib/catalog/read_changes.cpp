#include "catalog/read_changes.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "catalog/sql_text.h"

namespace pgdrift::catalog {
namespace {

// The kinds read relation by relation in a read of changes (the queries with
// {{only_relations}}); the parts name their relation in ObjectId::table.
bool read_by_relation(model::ObjectKind kind) {
  using model::ObjectKind;
  switch (kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
    case ObjectKind::kSequence:
    case ObjectKind::kIndex:
    case ObjectKind::kConstraint:
    case ObjectKind::kTrigger:
    case ObjectKind::kPolicy:
    case ObjectKind::kRule:
      return true;
    default:
      return false;
  }
}

bool is_relation_part(model::ObjectKind kind) {
  return read_by_relation(kind) && kind != model::ObjectKind::kTable &&
         kind != model::ObjectKind::kView && kind != model::ObjectKind::kMaterializedView &&
         kind != model::ObjectKind::kSequence;
}

std::string oid_array_literal(const std::vector<Oid>& oids) {
  std::string out = "{";
  for (size_t i = 0; i < oids.size(); ++i) out += (i ? "," : "") + std::to_string(oids[i]);
  return out + "}";
}

// The horizon as the 32-bit xid catalog rows carry (txid_current() counts epochs too).
std::string horizon_xid(const ReadSince& since) {
  return std::to_string(since.horizon & 0xFFFFFFFFu);
}

// The relations a read of changes reads again (sql/relation_changes.sql); also those the
// previous read knew owning a recorded object that is gone now (the table of a dropped
// index, or a dropped table itself, which then reads as nothing).
std::vector<Oid> touched_relations(pg::Connection& conn, const ServerTraits& server,
                                   const ReadSince& since) {
  std::vector<Oid> classids, objids;
  std::string reaching = "{";
  for (const auto& change : *since.recorded) {
    classids.push_back(change.classid);
    objids.push_back(change.objid);
    reaching += std::string(reaching.size() > 1 ? "," : "") + (change.reaching ? "t" : "f");
  }
  const std::vector<std::optional<std::string>> params{
      horizon_xid(since), oid_array_literal(classids), oid_array_literal(objids), reaching + "}"};
  const auto rows = conn.exec(expand_query(sql_text("relation_changes"), server), params);
  std::set<Oid> touched;
  for (int r = 0; r < rows.rows(); ++r) touched.insert(static_cast<Oid>(rows.integer(r, 0)));
  for (const auto& change : *since.recorded) {
    const auto known =
        std::lower_bound(since.base.objects.begin(), since.base.objects.end(), change,
                         [](const ObjectRef& ref, const RecordedChange& c) {
                           return std::tie(ref.classid, ref.oid) < std::tie(c.classid, c.objid);
                         });
    if (known != since.base.objects.end() && known->classid == change.classid &&
        known->oid == change.objid) {
      touched.insert(known->relation);
    }
  }
  return {touched.begin(), touched.end()};
}

}  // namespace

bool plan_read_of_changes(pg::Connection& conn, ServerTraits& server, Changes& changes, Log& log) {
  if (!changes.since.recorded) {
    log.info("reading everything again: the changes cannot be told object by object");
    return false;
  }
  if (!server.superuser) {
    log.info("reading everything again: only a superuser can see whether a role changed");
    return false;
  }
  if (conn.exec(std::string(sql_text("roles_changed")), {horizon_xid(changes.since)})
          .boolean(0, 0)) {
    log.info("reading everything again: a role changed, and role names are everywhere");
    return false;
  }
  const auto touched = touched_relations(conn, server, changes.since);
  const size_t relations = static_cast<size_t>(
      std::count_if(changes.since.base.objects.begin(), changes.since.base.objects.end(),
                    [](const ObjectRef& ref) { return ref.oid == ref.relation; }));
  // Filtering by most relations of a large schema costs more than reading them all (a
  // small one is read fast either way).
  constexpr size_t kLargeSchema = 200;
  if (relations >= kLargeSchema && touched.size() * 2 > relations) {
    log.info("reading everything again: the changes touched " + std::to_string(touched.size()) +
             " of " + std::to_string(relations) + " relations");
    return false;
  }
  server.only_relations = oid_array_literal(touched);
  const auto objects = conn.exec(std::string(sql_text("relation_objects")),
                                 {std::optional<std::string>(server.only_relations)});
  std::vector<Oid> object_oids;
  for (int r = 0; r < objects.rows(); ++r) {
    object_oids.push_back(static_cast<Oid>(objects.integer(r, 0)));
  }
  server.only_relation_objects = oid_array_literal(object_oids);
  changes.touched = touched;
  return true;
}

void keep_unchanged(ReadContext& ctx, Changes& changes) {
  auto previous = changes.since.previous();
  const auto& touched = changes.touched;
  ctx.kept_begin = ctx.catalog.objects.size();
  ctx.expect(static_cast<int>(changes.since.base.objects.size()));
  for (const auto& ref : changes.since.base.objects) {
    if (std::binary_search(touched.begin(), touched.end(), ref.relation)) continue;
    if (ref.index >= previous.objects.size() ||
        !read_by_relation(previous.objects[ref.index].id.kind)) {
      throw Error(ErrorCategory::kInternal,
                  "the base of a read of changes is not of the catalog it came with");
    }
    ctx.add(ref.classid, ref.oid, std::move(previous.objects[ref.index]));
  }
  ctx.kept_end = ctx.catalog.objects.size();
}

std::vector<std::pair<CatalogRef, model::ObjectId>> relation_objects(const ReadContext& ctx) {
  std::vector<std::pair<CatalogRef, model::ObjectId>> out;
  for (const auto& [ref, index] : ctx.objects_by_oid) {
    const auto& id = ctx.catalog.objects[index].id;
    if (read_by_relation(id.kind)) out.emplace_back(ref, id);
  }
  return out;
}

ReadBase base_of(const std::vector<std::pair<CatalogRef, model::ObjectId>>& objects,
                 const model::Catalog& catalog) {
  // A part names its relation (schema and table) in its id; the relation's own row is
  // in the same read.
  std::map<std::pair<std::string, std::string>, Oid> relations;
  for (const auto& [ref, id] : objects) {
    if (!is_relation_part(id.kind)) relations.emplace(std::pair{id.schema, id.name}, ref.second);
  }
  ReadBase base;
  base.objects.reserve(objects.size());
  for (const auto& [ref, id] : objects) {
    const auto* object = catalog.find(id);
    const auto relation =
        relations.find({id.schema, is_relation_part(id.kind) ? id.table : id.name});
    if (!object || relation == relations.end()) {
      throw Error(ErrorCategory::kInternal, "a read's base lacks " + model::describe(id));
    }
    base.objects.push_back({ref.first, ref.second, relation->second,
                            static_cast<std::uint32_t>(object - catalog.objects.data())});
  }
  std::sort(base.objects.begin(), base.objects.end(), [](const ObjectRef& a, const ObjectRef& b) {
    return std::tie(a.classid, a.oid) < std::tie(b.classid, b.oid);
  });
  return base;
}

}  // namespace pgdrift::catalog

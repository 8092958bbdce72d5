// catalog/read_changes.h — what a read of changes (reader.h: read_changes_since) reads
// again and what it keeps (internal to catalog/).
//
// The tables, views, materialized views and sequences, with their columns, indexes,
// constraints, triggers, policies and rules, are read relation by relation: again for
// the relations sql/relation_changes.sql finds touched, kept from the previous read for
// the others. Every other kind is read in full, each time.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/query_template.h"
#include "catalog/read_context.h"

namespace pgdrift::catalog {

/// A read of changes: what it starts from, and what it found.
struct Changes {
  ReadSince since;
  std::vector<Oid> touched;  ///< the relations read again, sorted
};

/// Whether a read of changes can be made (else everything is read: the recorder could
/// not tell, the role is no superuser, a role changed, or most relations are touched),
/// and if so sets \a server's relation filters and \a changes' touched relations.
/// Runs its queries on \a conn, in the read's snapshot.
bool plan_read_of_changes(pg::Connection& conn, ServerTraits& server, Changes& changes, Log& log);

/// Adds the objects of the previous read of relations that are not read again, with the
/// dependencies they had: what they depend on did not change, or they would be touched.
void keep_unchanged(ReadContext& ctx, Changes& changes);

/// The objects of \a ctx's read that a later read of changes may keep, by catalog row
/// (taken before the catalog is normalised, while ctx.objects_by_oid holds).
std::vector<std::pair<CatalogRef, model::ObjectId>> relation_objects(const ReadContext& ctx);

/// The base of a read whose catalog, now normalised, is \a catalog.
ReadBase base_of(const std::vector<std::pair<CatalogRef, model::ObjectId>>& objects,
                 const model::Catalog& catalog);

}  // namespace pgdrift::catalog

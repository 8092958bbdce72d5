// catalog/query_template.h — turns a catalog query file into the SQL for one server.
//
// Query files hold placeholders in double braces:
//   {{v:NAME}}                         a version fragment (see fragments.cpp), itself
//                                      expanded
//   {{acl(EXPR)}}                      the aclitem[] EXPR as a JSON array of grants
//   {{acl_unless_default(EXPR, T, OWN)}} the same, NULL when EXPR equals
//                                      acldefault(T, OWN) (the built-in default)
//   {{schema_filter(EXPR)}}            EXPR (a schema name) is a user schema that the
//                                      --schema / --exclude-schema options select
//   {{not_extension_member(CAT, EXPR)}} the object EXPR of catalog CAT is not part of an
//                                      extension
//   {{comment(CAT, EXPR[, SUBID])}}    the comment of object EXPR of catalog CAT (of its
//                                      column SUBID), like obj_description/col_description
//   {{tablespace(EXPR)}}               the name of tablespace EXPR, NULL for 0 (the
//                                      database's default)
//   {{operator_members(COND)}}         the pg_amop rows "ao" for which COND holds, and
//   {{function_members(COND)}}         the pg_amproc rows "ap", as the JSON arrays of an
//                                      operator class's or family's members
//   {{relation_of(CLASSID, OBJID)}}    the table, view or sequence an object of a relation
//                                      catalog belongs to (NULL for other catalogs)
//   {{only_relations(EXPR)}}           EXPR (a pg_class OID) is one of the relations a
//                                      read of changes reads again (true for a whole read)
//   {{only_relation_objects(CLASSID, OBJID)}} the object is not of a relation catalog, or
//                                      is one of the objects of the relations a read of
//                                      changes reads again (true for a whole read)
//   {{superuser_only(EXPR, TYPE)}}     EXPR for a superuser, NULL::TYPE for any other
//                                      role (for columns revoked from PUBLIC: naming one
//                                      in a query fails the whole query)
// so every major and every role gets a query with the same row shape.
#pragma once

#include <string>
#include <string_view>

namespace pgdrift::catalog {

/// What a catalog query's text depends on besides the placeholders' arguments.
struct ServerTraits {
  int version_num = 0;     ///< e.g. 150018
  bool superuser = false;  ///< whether the reading role is a superuser
  /// The relations read again by a read of changes (read_changes_since), as the text of
  /// an oid[] literal ("{16390,16402}"); empty: every relation.
  std::string only_relations;
  /// With only_relations: the OIDs of those relations' objects (relation_objects.sql).
  std::string only_relation_objects;
};

/// Expands the placeholders of \a text for \a server. Throws Error(kInternal) for an
/// unknown placeholder or fragment.
std::string expand_query(std::string_view text, const ServerTraits& server);

/// The SQL of one version fragment for \a version_num (the newest variant whose minimum
/// version is not above it).
std::string_view version_fragment(std::string_view name, int version_num);

}  // namespace pgdrift::catalog

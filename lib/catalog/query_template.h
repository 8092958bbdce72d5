// catalog/query_template.h — turns a catalog query file into the SQL for one server.
//
// Query files hold placeholders in double braces:
//   {{v:NAME}}                         a version fragment (see fragments.cpp)
//   {{acl(EXPR)}}                      the aclitem[] EXPR as a JSON array of grants
//   {{schema_filter(EXPR)}}            EXPR (a schema name) is a user schema that the
//                                      --schema / --exclude-schema options select
//   {{not_extension_member(CAT, EXPR)}} the object EXPR of catalog CAT is not part of an
//                                      extension
//   {{comment(CAT, EXPR[, SUBID])}}    the comment of object EXPR of catalog CAT (of its
//                                      column SUBID), like obj_description/col_description
// so every major gets a query with the same row shape.
#pragma once

#include <string>
#include <string_view>

namespace pgdrift::catalog {

/// Expands the placeholders of \a text for server version \a version_num. Throws
/// Error(kInternal) for an unknown placeholder or fragment.
std::string expand_query(std::string_view text, int version_num);

/// The SQL of one version fragment for \a version_num (the newest variant whose minimum
/// version is not above it).
std::string_view version_fragment(std::string_view name, int version_num);

}  // namespace pgdrift::catalog

// catalog/sql_text.h — the catalog queries of lib/catalog/sql/, embedded at build time.
#pragma once

#include <string_view>

namespace pgdrift::catalog {

/// The text of lib/catalog/sql/<name>.sql. Throws Error(kInternal) for an unknown name.
std::string_view sql_text(std::string_view name);

}  // namespace pgdrift::catalog

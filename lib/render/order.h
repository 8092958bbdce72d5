// render/order.h — the deterministic order of entries (pg_dump_sort.c's idea).
#pragma once

#include <vector>

#include "render/entry.h"

namespace pgdrift::render {

/// Orders entries in two stages: first by (kind priority, schema, table, name,
/// arguments), then topologically over Entry::after, keeping the first order wherever
/// the dependencies allow (the earliest ready entry always goes next). The result does
/// not depend on the input order. Throws Error(kInternal) listing every entry of a
/// dependency cycle that cannot be ordered.
std::vector<Entry> order_entries(std::vector<Entry> entries);

}  // namespace pgdrift::render

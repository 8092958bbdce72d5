// tests/corpus/corpus_cases.h — every loadable schema of ../shared/corpus as a case.
//
// The facts about how each entry loads (roles, preparations, which sides do not load
// on PostgreSQL 15 and why) come from the corpus README; they are data here, and the
// fidelity test checks them: a side listed as not loading must fail to load, and any
// other side must load.
#pragma once

#include <string>
#include <vector>

namespace pgdrift::test {

struct CorpusCase {
  std::string set;   ///< single, apgdiff, migra, pg-schema-diff
  std::string name;  ///< e.g. "pagila", "add_column/new", "column/001_add_column/old"
  /// How to load: a load.sh entry (set "single"), or SQL files run with psql in order.
  std::string load_sh_entry;
  std::vector<std::string> files;
  std::vector<std::string> prepare_sql;  ///< run in the new database before the files
  std::string psql_search_path;          ///< SET search_path before each file, if set
  /// Why this side does not load on PostgreSQL 15 (corpus README), or "".
  std::string known_unloadable;
};

/// The corpus root: $PGDRIFT_CORPUS_DIR, else the directory configured at build time.
std::string corpus_dir();

/// Roles a set needs, created once (roles are cluster-wide), as SQL identifiers.
std::vector<std::string> corpus_roles(const std::string& set);

/// The cases of one set, in a fixed order.
std::vector<CorpusCase> corpus_cases(const std::string& set);

}  // namespace pgdrift::test

// tests/corpus/corpus_load.h — loading one corpus side into a database.
#pragma once

#include <string>
#include <vector>

#include "cluster.h"
#include "corpus_cases.h"

namespace pgdrift::test {

/// Drops its databases when it goes out of scope (a case's databases, whatever happens).
struct DroppedAtEnd {
  TestCluster& cluster;
  std::vector<std::string> dbs;
  ~DroppedAtEnd();
};

/// The psql of the cluster's client tools.
std::string psql_path(const TestCluster& cluster);

/// Loads side \a c into \a db as the corpus README says; returns "" or psql's error.
std::string load_case(const TestCluster& cluster, const std::string& db, const CorpusCase& c);

}  // namespace pgdrift::test

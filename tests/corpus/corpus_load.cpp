#include "corpus_load.h"

#include <cstdlib>

#include "process.h"

namespace pgdrift::test {

DroppedAtEnd::~DroppedAtEnd() {
  for (const auto& db : dbs) {
    try {
      cluster.exec("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
    } catch (...) {
    }
  }
}

std::string psql_path(const TestCluster& cluster) {
  return cluster.client_bindir() + "/psql";
}

// Loads one corpus side; returns "" or psql's error.
std::string load_case(const TestCluster& cluster, const std::string& db, const CorpusCase& c) {
  for (const auto& sql : c.prepare_sql) cluster.exec(db, sql);
  if (!c.load_sh_entry.empty()) {
    ProcessOptions options;
    options.env["PATH"] = cluster.client_bindir() + ":" + std::string(std::getenv("PATH"));
    auto r =
        run_process({corpus_dir() + "/load.sh", c.load_sh_entry, cluster.conninfo(db)}, options);
    return r.exit_code == 0 ? "" : r.err.substr(r.err.size() > 600 ? r.err.size() - 600 : 0);
  }
  for (const auto& file : c.files) {
    auto r = run_process({psql_path(cluster), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                          cluster.conninfo(db), "-f", file});
    if (r.exit_code != 0) return r.err.substr(0, 600);
  }
  return "";
}

}  // namespace pgdrift::test

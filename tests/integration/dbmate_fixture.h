// tests/integration/dbmate_fixture.h — a scratch migrations folder and the real dbmate.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pgdrift_harness.h"

namespace pgdrift::test {

/// A scratch folder holding db/migrations, removed afterwards.
struct TempDir {
  TempDir() {
    char buf[] = "/tmp/pgdrift-migrations-XXXXXX";
    REQUIRE(mkdtemp(buf));
    path = buf;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string migrations() const { return path + "/db/migrations"; }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    if (!std::filesystem::exists(migrations())) return out;
    for (const auto& e : std::filesystem::directory_iterator(migrations()))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  /// Writes db/migrations/<name> with \a content; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    std::filesystem::create_directories(migrations());
    const std::string file = migrations() + "/" + name;
    std::ofstream(file) << content;
    return file;
  }
  std::string path;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline std::string dbmate_binary() {
  if (const char* env = std::getenv("PGDRIFT_DBMATE"); env && *env) return env;
  return PGDRIFT_DBMATE;
}

/// Runs the real dbmate (npm package, installed by scripts/build.sh) on \a db, logged in
/// as \a user.
inline ProcessResult dbmate_as(const std::string& user, const TestCluster& cluster,
                               const std::string& db, const TempDir& dir,
                               std::vector<std::string> args) {
  REQUIRE(std::filesystem::exists(dbmate_binary()));
  std::vector<std::string> argv{dbmate_binary(),
                                "--url",
                                "postgres://" + user + "@/" + db + "?host=" + cluster.socket_dir() +
                                    "&port=" + std::to_string(cluster.port()) + "&sslmode=disable",
                                "--migrations-dir",
                                dir.migrations(),
                                "--no-dump-schema"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

/// Runs the real dbmate on \a db as the superuser.
inline ProcessResult dbmate(const TestCluster& cluster, const std::string& db, const TempDir& dir,
                            std::vector<std::string> args) {
  return dbmate_as("postgres", cluster, db, dir, std::move(args));
}

}  // namespace pgdrift::test

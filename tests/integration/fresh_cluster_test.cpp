// The fresh cluster kept in the cache directory: a shadow copies it instead of running
// initdb, a kept cluster that does not start is made again, and an empty
// $PGDRIFT_CACHE_DIR keeps nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "check_fixture.h"
#include "shadow/fresh_cluster.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The kept clusters under \a cache (one per binaries, OS user and initdb options).
std::vector<std::string> kept_clusters(const std::string& cache) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(cache + "/clusters", ec)) return out;
  for (const auto& entry : fs::directory_iterator(cache + "/clusters")) {
    out.push_back(entry.path().string());
  }
  return out;
}

ProcessResult check_with_cache(const CheckedDatabase& app, const std::string& cache) {
  ProcessOptions options;
  options.env["PGDRIFT_CACHE_DIR"] = cache;
  // --no-cache: no expected catalog and no image from an earlier run, so every run starts
  // a shadow cluster.
  auto result = app.check({"--no-cache", "-v"}, options);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  return result;
}

}  // namespace

TEST_CASE("a shadow copies the fresh cluster kept for its binaries instead of running initdb",
          "[check][shadow][cache][workflow]") {
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "fresh_cluster");
  const std::string cache = app.dir.path + "/cache";

  const auto first = check_with_cache(app, cache);
  CHECK_FALSE(contains(first.err, "copied the fresh cluster"));
  const auto kept = kept_clusters(cache);
  REQUIRE(kept.size() == 1);
  CHECK(fs::exists(kept[0] + "/PG_VERSION"));
  // Only the finished cluster is left: nothing half-made beside it.
  CHECK(fs::path(kept[0]).filename().string().rfind("new-", 0) != 0);

  const auto second = check_with_cache(app, cache);
  CHECK(contains(second.err, "shadow: copied the fresh cluster kept in " + kept[0]));
  CHECK(kept_clusters(cache) == kept);

  SECTION("a kept cluster that does not start is made again by initdb") {
    std::ofstream(kept[0] + "/global/pg_control", std::ios::trunc) << "damaged";
    const auto damaged = check_with_cache(app, cache);
    CHECK(contains(damaged.err, "did not start"));
    CHECK(contains(damaged.err, "running initdb instead"));
    REQUIRE(kept_clusters(cache) == kept);
    CHECK(fs::file_size(kept[0] + "/global/pg_control") > 1000);
    const auto repaired = check_with_cache(app, cache);
    CHECK(contains(repaired.err, "shadow: copied the fresh cluster"));
    CHECK_FALSE(contains(repaired.err, "did not start"));
  }
  SECTION("an empty PGDRIFT_CACHE_DIR keeps nothing, not even under HOME") {
    const std::string home = app.dir.path + "/home";
    fs::create_directory(home);
    ProcessOptions options;
    options.env["PGDRIFT_CACHE_DIR"] = "";
    options.env["HOME"] = home;
    options.env["XDG_CACHE_HOME"] = home + "/xdg";
    const auto result = app.check({"--no-cache", "-v"}, options);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_FALSE(contains(result.err, "copied the fresh cluster"));
    CHECK(fs::is_empty(home));
  }
}

TEST_CASE("kept clusters in a folder that others may write to are neither kept nor copied",
          "[check][shadow][cache][workflow]") {
  // Whoever may write there could plant a postgresql.conf whose commands the next shadow
  // would run.
  auto& cluster = TestCluster::shared();
  CheckedDatabase app(cluster, "shared_cache");
  const std::string cache = app.dir.path + "/cache";
  fs::create_directories(cache + "/clusters");
  fs::permissions(cache + "/clusters", fs::perms::all, fs::perm_options::replace);
  for (int run = 0; run < 2; ++run) {
    const auto result = check_with_cache(app, cache);
    CHECK_FALSE(contains(result.err, "copied the fresh cluster"));
    CHECK(kept_clusters(cache).empty());
  }
}

TEST_CASE("the cache directory follows PGDRIFT_CACHE_DIR, then XDG_CACHE_HOME, then HOME",
          "[shadow][cache][workflow]") {
  // Set and restored here: the test program's own environment.
  struct Restore {
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    void set(const std::string& name, const char* value) {
      const char* old = std::getenv(name.c_str());
      saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      if (value) {
        setenv(name.c_str(), value, 1);
      } else {
        unsetenv(name.c_str());
      }
    }
    ~Restore() {
      for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
        if (it->second) {
          setenv(it->first.c_str(), it->second->c_str(), 1);
        } else {
          unsetenv(it->first.c_str());
        }
      }
    }
  } env;
  env.set("PGDRIFT_CACHE_DIR", nullptr);
  env.set("XDG_CACHE_HOME", nullptr);
  env.set("HOME", "/home/someone");
  CHECK(shadow::cache_directory() == "/home/someone/.cache/pgdrift");
  env.set("XDG_CACHE_HOME", "/var/cache/me");
  CHECK(shadow::cache_directory() == "/var/cache/me/pgdrift");
  env.set("PGDRIFT_CACHE_DIR", "/srv/pgdrift-cache");
  CHECK(shadow::cache_directory() == "/srv/pgdrift-cache");
  env.set("PGDRIFT_CACHE_DIR", "");
  CHECK(shadow::cache_directory() == std::nullopt);
  env.set("PGDRIFT_CACHE_DIR", nullptr);
  env.set("XDG_CACHE_HOME", nullptr);
  env.set("HOME", nullptr);
  CHECK(shadow::cache_directory() == std::nullopt);
}

}  // namespace pgdrift::test

// The kept shadow image (issue 18): a check after a deploy replays only the new
// migrations onto the cluster the last replay left, and an image that does not match the
// history, or that was damaged or changed since it was kept, is never trusted.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CheckRun {
  json report;
  std::string log;  // standard error with -v
};

CheckRun checked(const CheckedDatabase& app, std::vector<std::string> extra = {}) {
  extra.insert(extra.end(), {"--format", "json", "-v"});
  const auto result = app.check(extra);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code < 2);
  return {json::parse(result.out), result.err};
}

// check keeps no image of a server that has tablespaces, and the shared cluster gets
// some from tablespaces_test.cpp (in whatever order the test cases happen to run): these
// tests use a cluster of their own, started once.
TestCluster& cluster_without_tablespaces() {
  static TestCluster cluster;
  return cluster;
}

// The image folders under reports/pgdrift-shadow (one per database).
std::vector<std::string> images(const CheckedDatabase& app) {
  std::vector<std::string> out;
  const fs::path root = app.dir.path + "/reports/pgdrift-shadow";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (const auto& entry : fs::directory_iterator(root)) out.push_back(entry.path().string());
  return out;
}

std::string only_image(const CheckedDatabase& app) {
  const auto found = images(app);
  REQUIRE(found.size() == 1);
  REQUIRE(fs::exists(found[0] + "/manifest"));
  return found[0];
}

// A migration that a deploy adds after the image was kept.
void deploy_another_migration(const CheckedDatabase& app, const std::string& version,
                              const std::string& column) {
  app.dir.write(version + "_add_" + column + ".sql",
                "-- migrate:up\nALTER TABLE public.orders ADD COLUMN " + column +
                    " text;\n-- migrate:down\nALTER TABLE public.orders DROP COLUMN " + column +
                    ";\n");
  const auto up = dbmate(app.cluster, app.db, app.dir, {"up"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Overwrites \a count bytes of \a path at \a offset with 0xA5 (not zeros: a zeroed page
// passes as a new one).
void scribble(const std::string& path, std::streamoff offset, size_t count) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(file.good());
  file.seekp(offset);
  const std::string junk(count, '\xA5');
  file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  REQUIRE(file.good());
}

// The data directory of the history's database inside an image: the only one an image
// keeps besides template0, template1 and postgres (object ids below 16384).
std::string kept_database_dir(const std::string& image) {
  std::string found;
  for (const auto& entry : fs::directory_iterator(image + "/data/base")) {
    const auto name = entry.path().filename().string();
    if (std::stol(name) >= 16384) {
      REQUIRE(found.empty());
      found = entry.path().string();
    }
  }
  REQUIRE_FALSE(found.empty());
  return found;
}

}  // namespace

TEST_CASE("a check after a deploy replays only the new migration onto the kept shadow image",
          "[check][cache][image][workflow]") {
  auto& cluster = cluster_without_tablespaces();
  CheckedDatabase app(cluster, "image");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, "CREATE INDEX orders_note ON public.orders (note)");

  const auto cold = checked(app);
  CHECK(cold.report["expected"] == "replayed");
  CHECK(contains(cold.log, "kept in"));
  const std::string image = only_image(app);

  deploy_another_migration(app, "20990101000005", "rush");
  const auto after_deploy = checked(app);
  INFO(after_deploy.log);
  CHECK(contains(after_deploy.log,
                 "shadow: 5 of 6 files are already in the kept image; replaying 1"));
  CHECK(after_deploy.report["expected"] ==
        "replayed 1 new file(s) onto the kept shadow image of 5");
  // Only what the new file touched was read again (catalog::read_changes_since).
  CHECK(contains(after_deploy.log, "relation(s) the new files touched"));
  // The same findings as a check that replays everything: the ghost index, and not the
  // deployed column.
  const auto full = checked(app, {"--no-cache"});
  CHECK(full.report["expected"] == "replayed");
  CHECK_FALSE(contains(full.log, "kept image"));
  CHECK(finding_lines(after_deploy.report.dump()) == finding_lines(full.report.dump()));
  REQUIRE(after_deploy.report["findings"].size() == 1);
  CHECK(after_deploy.report["findings"][0]["object"] == "public.orders.orders_note");

  // The image now holds six files: the next deploy reuses all of them. Still one image.
  deploy_another_migration(app, "20990101000006", "gift");
  const auto next = checked(app);
  CHECK(contains(next.log, "6 of 7 files are already in the kept image; replaying 1"));
  CHECK(contains(next.log, "relation(s) the new files touched"));
  CHECK(finding_lines(next.report.dump()) == finding_lines(full.report.dump()));
  CHECK(only_image(app) == image);

  // A deploy that leaves no newer catalog row behind (a comment removed: only the change
  // recorder sees it), then a comment by hand: still the same findings as a check that
  // reads everything.
  app.dir.write("20990101000007_uncomment.sql",
                "-- migrate:up\nCOMMENT ON TABLE public.orders IS NULL;\n"
                "-- migrate:down\nCOMMENT ON TABLE public.orders IS 'orders of customers';\n");
  REQUIRE(dbmate(app.cluster, app.db, app.dir, {"up"}).exit_code == 0);
  cluster.exec(app.db, "COMMENT ON TABLE public.orders IS 'by hand'");
  const auto renamed = checked(app);
  CHECK(contains(renamed.log, "relation(s) the new files touched"));
  const auto renamed_full = checked(app, {"--no-cache"});
  INFO(renamed.report.dump() << "\n" << renamed_full.report.dump());
  CHECK(finding_lines(renamed.report.dump()) == finding_lines(renamed_full.report.dump()));
  // The ghost index, and the comment added by hand (the history removed the old one).
  CHECK(renamed.report["findings"].size() == 2);
  CHECK(contains(renamed.report.dump(), "by hand"));
  CHECK_FALSE(contains(renamed.report.dump(), "orders of customers"));

  // A read base that is not the one the manifest vouches for is not used.
  scribble(image + "/read-base", 10, 4);
  deploy_another_migration(app, "20990101000008", "wrap");
  const auto unvouched = checked(app);
  CHECK(contains(unvouched.log, "read base is missing or changed"));
  CHECK_FALSE(contains(unvouched.log, "relation(s) the new files touched"));
  CHECK(finding_lines(unvouched.report.dump()) ==
        finding_lines(checked(app, {"--no-cache"}).report.dump()));
}

TEST_CASE("a kept image that no longer matches the history is not used",
          "[check][cache][image][workflow]") {
  auto& cluster = cluster_without_tablespaces();
  CheckedDatabase app(cluster, "image_stale");
  app.apply_legitimate_migrations();
  checked(app);
  only_image(app);

  // An applied file edited after the image was kept: its files are no longer a prefix.
  const std::string file = app.dir.migrations() + "/20990101000002_email_index.sql";
  app.dir.write("20990101000002_email_index.sql", read_text(file) + "-- reviewed\n");
  const auto edited = checked(app);
  INFO(edited.log);
  CHECK(contains(edited.log, "no longer the first of this history"));
  CHECK(edited.report["expected"] == "replayed");
  CHECK(edited.report["status"] == "clean");

  // The live database's settings changed (a grant on it): the environment differs.
  cluster.exec(app.db, "GRANT CREATE ON DATABASE " + app.db + " TO drift_app");
  deploy_another_migration(app, "20990101000005", "rush");
  const auto regranted = checked(app);
  INFO(regranted.log);
  CHECK(contains(regranted.log, "made for other roles, database settings or pgdrift version"));
  CHECK(regranted.report["expected"] == "replayed");
  CHECK(regranted.report["status"] == "clean");
}

// Detection rests on pgdrift's own manifest and on data checksums, the same on every
// supported major: it runs on 15 only ([workflow]), as the sanitizer run's [bad-input].
TEST_CASE("a damaged or changed shadow image is detected and rebuilt, never trusted",
          "[check][cache][image][bad-input][workflow]") {
  auto& cluster = cluster_without_tablespaces();
  CheckedDatabase app(cluster, "image_damage");
  app.apply_legitimate_migrations();
  cluster.exec(app.db, "CREATE INDEX orders_note ON public.orders (note)");
  const auto reference = checked(app);
  const std::string image = only_image(app);
  const auto expect_rebuilt = [&](const std::string& version, const std::string& column,
                                  const std::string& said) {
    deploy_another_migration(app, version, column);
    const auto run = checked(app);
    INFO(run.log);
    if (!said.empty()) CHECK(contains(run.log, said));
    CHECK(run.report["expected"] == "replayed");
    CHECK(finding_lines(run.report.dump()) == finding_lines(reference.report.dump()));
    CHECK(only_image(app) == image);  // a new image in the same place
  };

  SECTION("a run that died while using it (no manifest)") {
    fs::remove(image + "/manifest");
    expect_rebuilt("20990101000005", "rush", "");
  }
  SECTION("a garbled manifest") {
    std::ofstream(image + "/manifest", std::ios::trunc) << "pgdrift shadow image 1\ncontrol x\n";
    expect_rebuilt("20990101000005", "rush", "has a damaged manifest");
  }
  SECTION("a cluster started since it was kept (its control file differs)") {
    scribble(image + "/data/global/pg_control", 200, 4);
    expect_rebuilt("20990101000005", "rush", "was changed after it was kept");
  }
  SECTION("a catalog page that fails its checksum") {
    // pg_class (file node 1259) of the history's database, in the middle of its first page.
    scribble(kept_database_dir(image) + "/1259", 4000, 64);
    expect_rebuilt("20990101000005", "rush", "the kept shadow image failed");
  }
}

TEST_CASE("no shadow image is kept with --no-cache or without a store",
          "[check][cache][image][workflow]") {
  auto& cluster = cluster_without_tablespaces();
  CheckedDatabase app(cluster, "image_off");
  app.apply_legitimate_migrations();
  CHECK(app.check({"--no-cache"}).exit_code == 0);
  CHECK(app.check({"--store", ""}).exit_code == 0);
  CHECK(images(app).empty());
}

}  // namespace pgdrift::test

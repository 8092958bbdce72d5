// Issue 17.11 and 17.12: a disk that fills up. Every file pgdrift writes (a snapshot, a
// baseline, check's two report files, the history store) meets a real full disk — a tmpfs
// of a few pages mounted for the test — and pgdrift must exit 2 with a sentence that says
// the disk is full and where, keep no partial file, and leave the database as it was.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "check_fixture.h"

namespace pgdrift::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kPage = 4096;

// A tmpfs of a fixed size on a scratch folder, filled on purpose. Mounting needs
// CAP_SYS_ADMIN (the test suite runs as root, as the README's commands do); without it
// mounted() is false and the cases say so instead of running.
class SmallDisk {
 public:
  explicit SmallDisk(size_t pages = 256) {
    if (::mount("pgdrift-test", dir_.path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                ("size=" + std::to_string(pages * kPage)).c_str()) == 0) {
      mounted_ = true;
    } else {
      why_not_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.path.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  std::string path(const std::string& name) const { return dir_.path + "/" + name; }

  /// Fills the disk so that exactly \a pages pages stay free: reserves \a pages one-page
  /// files, writes a filler until the disk refuses, then removes the reserves.
  void fill_leaving(size_t pages) {
    fs::remove(filler());
    for (size_t i = 0; i < pages; ++i) {
      std::ofstream(reserve(i)) << std::string(kPage, 'r');
      REQUIRE(fs::file_size(reserve(i)) == kPage);
    }
    const int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    const std::string chunk(kPage, 'f');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    const int err = errno;
    ::close(fd);
    REQUIRE(err == ENOSPC);
    for (size_t i = 0; i < pages; ++i) fs::remove(reserve(i));
    REQUIRE(free_pages() == pages);
  }

  /// Gives all the space back.
  void empty() { fs::remove(filler()); }

  size_t free_pages() const {
    struct statvfs st {};
    REQUIRE(::statvfs(dir_.path.c_str(), &st) == 0);
    return st.f_bavail * st.f_bsize / kPage;
  }

  /// Every regular file under \a folder (relative paths), the filler excepted.
  std::vector<std::string> files(const std::string& folder) const {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file() && it->path() != filler())
        out.push_back(fs::relative(it->path(), folder).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string filler() const { return path(".filler"); }
  std::string reserve(size_t i) const { return path(".reserve-" + std::to_string(i)); }

  TempDir dir_;
  bool mounted_ = false;
  std::string why_not_;
};

void check_disk_full_trouble(const ProcessResult& r, const std::string& where) {
  check_trouble(r, where);
  CHECK(r.err.find("the disk is full") != std::string::npos);
}

#define REQUIRE_SMALL_DISK(disk)                                                                \
  if (!(disk).mounted()) {                                                                      \
    WARN("full-disk cases not run: cannot mount a tmpfs here (" << (disk).why_not()             \
                                                                << "); run the tests as root"); \
    return;                                                                                     \
  }

}  // namespace

TEST_CASE("issue 17.11: snapshot -o on a full disk leaves no partial file",
          "[hardening][workflow][full-disk]") {
  SmallDisk disk;
  REQUIRE_SMALL_DISK(disk);
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("fulldisk_snapshot");
  cluster.exec(db, kUntrackedSchema);
  const std::string out = disk.path("schema.sql");
  disk.fill_leaving(0);
  const auto r = run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "-o", out});
  check_disk_full_trouble(r, out);
  CHECK(disk.files(disk.path("")).empty());
  disk.empty();
  CHECK(run_pgdrift({"snapshot", "--url", cluster.conninfo(db), "-o", out}).exit_code == 0);
  CHECK(fs::file_size(out) > 0);
}

TEST_CASE("issue 17.11: check's report is both files or neither, whatever space is left",
          "[hardening][workflow][full-disk]") {
  SmallDisk disk;
  REQUIRE_SMALL_DISK(disk);
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "fulldisk_report");
  cluster.exec(checked.db, kGhostChanges);  // findings make the report pages long
  // The store stays on the normal disk, so the shadow's expected catalog is cached.
  const std::vector<std::string> args{"--store", checked.dir.path + "/store.sqlite3",
                                      "--report-dir", disk.path("reports")};
  const auto sized = checked.check(args);
  REQUIRE(sized.exit_code == 1);
  // The report's own files (index.html, the store's page beside them, is another matter:
  // a page it cannot refresh is a warning).
  auto report_files = [&] {
    auto files = disk.files(disk.path("reports"));
    std::erase(files, "index.html");
    return files;
  };
  const auto written = report_files();
  REQUIRE(written.size() == 2);
  size_t needed = 0;
  for (const auto& file : written) {
    needed += (fs::file_size(disk.path("reports/" + file)) + kPage - 1) / kPage;
  }
  REQUIRE(needed >= 2);
  fs::remove_all(disk.path("reports"));
  // From nothing free to one page short of both files: each attempt fails whole.
  for (size_t pages = 0; pages < needed; ++pages) {
    INFO(pages << " of the " << needed << " pages the report needs are free");
    disk.fill_leaving(pages);
    check_disk_full_trouble(checked.check(args), disk.path("reports"));
    CHECK(disk.files(disk.path("reports")).empty());
    fs::remove_all(disk.path("reports"));
  }
  disk.fill_leaving(needed);
  CHECK(checked.check(args).exit_code == 1);
  CHECK(report_files().size() == 2);
}

TEST_CASE("issue 17.11: a history store on a full disk keeps what it held",
          "[hardening][workflow][full-disk]") {
  SmallDisk disk;
  REQUIRE_SMALL_DISK(disk);
  auto& cluster = TestCluster::shared();
  CheckedDatabase checked(cluster, "fulldisk_store");
  const std::string store = disk.path("pgdrift.sqlite3");
  const std::vector<std::string> args{"--store", store, "--report-dir", ""};

  SECTION("a new store") {
    disk.fill_leaving(0);
    check_disk_full_trouble(checked.check(args), store);
    CHECK(disk.files(disk.path("")).empty());
  }
  SECTION("a store that fills the disk while recording a run") {
    REQUIRE(checked.check(args).exit_code == 0);
    const auto before = run_pgdrift({"history", "--store", store, "--format", "json"});
    REQUIRE(before.exit_code == 0);
    cluster.exec(checked.db, kGhostChanges);  // many findings to record
    disk.fill_leaving(0);
    check_disk_full_trouble(checked.check(args), store);
    disk.empty();
    const auto after = run_pgdrift({"history", "--store", store, "--format", "json"});
    INFO(after.err);
    CHECK(after.exit_code == 0);
    CHECK(after.out == before.out);
    const auto files = disk.files(disk.path(""));
    CHECK(files == std::vector<std::string>{"pgdrift.sqlite3"});  // no journal left
  }
}

TEST_CASE("issue 17.11: baseline on a full disk records nothing and keeps no file",
          "[hardening][workflow][full-disk][baseline]") {
  SmallDisk disk;
  REQUIRE_SMALL_DISK(disk);
  auto& cluster = TestCluster::shared();
  const std::string db = cluster.create_database("fulldisk_baseline");
  cluster.exec(db, kUntrackedSchema);
  cluster.exec(db,
               "CREATE TABLE public.old_migrations (version varchar PRIMARY KEY);"
               "INSERT INTO public.old_migrations VALUES ('1'), ('2')");
  const std::string migrations = disk.path("db/migrations");
  fs::create_directories(migrations);
  disk.fill_leaving(0);
  const auto r = run_pgdrift({"baseline", "--url", cluster.conninfo(db), "--migrations-dir",
                              migrations, "--legacy-table", "public.old_migrations"});
  check_disk_full_trouble(r, migrations);
  CHECK(disk.files(disk.path("")).empty());
  // The legacy table is neither renamed nor changed; dbmate's table was not made.
  CHECK(cluster.query_value(db,
                            "SELECT string_agg(version, ',' ORDER BY version) FROM "
                            "public.old_migrations") == "1,2");
  CHECK(cluster.query_value(db,
                            "SELECT count(*) FROM pg_class WHERE relname IN "
                            "('schema_migrations', 'old_migrations_legacy')") == "0");
}

}  // namespace pgdrift::test

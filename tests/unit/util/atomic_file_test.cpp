#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "util/atomic_file.h"
#include "util/error.h"

// `-o /dev/null` once renamed a regular file over /dev/null. A device, pipe or socket
// is written through, never replaced (shown here with a FIFO, which is safe to make).
TEST_CASE("writing to a FIFO writes through it and leaves it a FIFO", "[util]") {
  char dir[] = "/tmp/pgdrift-fifo-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string fifo = std::string(dir) + "/pipe";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo);
    received.assign(std::istreambuf_iterator<char>(in), {});
  });
  pgdrift::write_file_atomically(fifo, "snapshot\n");
  reader.join();
  CHECK(received == "snapshot\n");
  struct stat st {};
  REQUIRE(stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);  // no temp file
  std::filesystem::remove_all(dir);
}

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

// A snapshot is streamed into its file entry by entry; pieces smaller and larger than
// the writer's buffer must come out whole and in order.
TEST_CASE("a document written in pieces replaces the file whole", "[util]") {
  char dir[] = "/tmp/pgdrift-pieces-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string path = std::string(dir) + "/out.sql";
  pgdrift::write_file_atomically(path, "old\n");
  std::string expected;
  pgdrift::write_file_atomically(path, [&](const pgdrift::TextSink& sink) {
    for (int i = 0; i < 5000; ++i) {
      const std::string piece = "-- entry " + std::to_string(i) + "\n";
      expected += piece;
      sink(piece);
    }
    const std::string large(200'000, 'x');  // above the buffer size
    expected += large;
    sink(large);
    sink("");
    expected += "end\n";
    sink("end\n");
  });
  CHECK(slurp(path) == expected);
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);
  std::filesystem::remove_all(dir);
}

// An error half-way through rendering must leave the previous file as it was.
TEST_CASE("a writer that fails half-way leaves the old file and no temporary", "[util]") {
  char dir[] = "/tmp/pgdrift-halfway-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string path = std::string(dir) + "/out.sql";
  pgdrift::write_file_atomically(path, "old\n");
  CHECK_THROWS_WITH(pgdrift::write_file_atomically(path,
                                                   [](const pgdrift::TextSink& sink) {
                                                     sink(std::string(100'000, 'y'));
                                                     throw std::runtime_error("render failed");
                                                   }),
                    "render failed");
  CHECK(slurp(path) == "old\n");
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);
  std::filesystem::remove_all(dir);
}

// The files of a multi-part migration: a dbmate run that found some without the others
// would apply half of it.
TEST_CASE("several files are written all or none", "[util]") {
  char dir[] = "/tmp/pgdrift-files-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string a = std::string(dir) + "/1.sql", b = std::string(dir) + "/2.sql";
  pgdrift::write_files_atomically({{a, "one\n"}, {b, "two\n"}});
  CHECK(pgdrift::files_published());  // an interrupt from here on says they are written
  CHECK(pgdrift::read_file(a) == "one\n");
  CHECK(pgdrift::read_file(b) == "two\n");
  // The third cannot be written: neither of the others appears, nor a temporary file.
  const std::string c = std::string(dir) + "/3.sql", d = std::string(dir) + "/4.sql";
  CHECK_THROWS_AS(pgdrift::write_files_atomically(
                      {{c, "three\n"}, {d, "four\n"}, {std::string(dir) + "/none/5.sql", "x"}}),
                  pgdrift::Error);
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 2);
  std::filesystem::remove_all(dir);
}

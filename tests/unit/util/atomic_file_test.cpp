#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "util/atomic_file.h"

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

// catalog/query_runner.h — runs the reader's queries ahead of it, on one or more
// connections that share one snapshot (internal to catalog/).
//
// Each connection gets a thread that takes the next query of a fixed list and runs it;
// the reader takes the results in the same order, building the model from one result
// while the server is already answering the next. With two connections the server
// also answers two queries at once. The queries are read-only and see the same
// snapshot (pg::join_read_snapshot), so the order they run in does not matter.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pg/connection.h"

namespace pgdrift::catalog {

class QueryRunner {
 public:
  using RunQuery = std::function<pg::Result(pg::Connection&, std::string_view name)>;

  /// Starts one thread per connection in \a connections (which must outlive the runner)
  /// running \a names in order through \a run.
  QueryRunner(std::vector<pg::Connection*> connections, std::vector<std::string> names,
              RunQuery run);
  /// Stops handing out queries and waits for the ones running.
  ~QueryRunner();
  QueryRunner(const QueryRunner&) = delete;
  QueryRunner& operator=(const QueryRunner&) = delete;

  /// The result of query \a name, waiting for it; rethrows the query's error. Throws
  /// Error(kInternal) for a name not in the list or taken twice.
  pg::Result take(std::string_view name);

 private:
  struct Slot {
    std::string name;
    std::optional<pg::Result> result;
    std::exception_ptr error;
    bool done = false;
    bool taken = false;
  };
  void work(pg::Connection& connection);

  RunQuery run_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable done_;
  size_t next_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pgdrift::catalog

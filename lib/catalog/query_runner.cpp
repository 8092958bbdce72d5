#include "catalog/query_runner.h"

#include <algorithm>

#include "util/error.h"

namespace pgdrift::catalog {

QueryRunner::QueryRunner(std::vector<pg::Connection*> connections, std::vector<Query> queries,
                         RunQuery run)
    : run_(std::move(run)) {
  const size_t count = std::max<size_t>(1, connections.size());
  slots_.reserve(queries.size());
  for (auto& query : queries) {
    Slot slot;
    slot.name = std::move(query.name);
    slot.connection = static_cast<size_t>(query.lane) % count;
    slots_.push_back(std::move(slot));
  }
  threads_.reserve(connections.size());
  for (size_t i = 0; i < connections.size(); ++i) {
    threads_.emplace_back([this, connection = connections[i], i] { work(*connection, i); });
  }
}

QueryRunner::~QueryRunner() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  for (auto& thread : threads_) thread.join();
}

QueryRunner::Slot* QueryRunner::next_for(size_t index) {
  Slot* other = nullptr;
  for (auto& slot : slots_) {
    if (slot.started) continue;
    if (slot.connection == index) return &slot;
    if (!other) other = &slot;
  }
  return other;
}

void QueryRunner::work(pg::Connection& connection, size_t index) {
  while (true) {
    Slot* slot;
    {
      std::lock_guard lock(mutex_);
      slot = stop_ ? nullptr : next_for(index);
      if (!slot) return;
      slot->started = true;
    }
    std::optional<pg::Result> result;
    std::exception_ptr error;
    try {
      result.emplace(run_(connection, slot->name));
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    slot->result = std::move(result);
    slot->error = error;
    slot->done = true;
    // A failed query aborted its connection's transaction, and the reader stops at
    // the first error it takes: running more queries would be wasted work.
    if (error) stop_ = true;
    done_.notify_all();
  }
}

pg::Result QueryRunner::take(std::string_view name) {
  std::unique_lock lock(mutex_);
  Slot* slot = nullptr;
  for (auto& candidate : slots_) {
    if (candidate.name == name && !candidate.taken) {
      slot = &candidate;
      break;
    }
  }
  if (!slot) {
    throw Error(ErrorCategory::kInternal,
                "catalog query " + std::string(name) + " is not in the reader's plan");
  }
  // A query no thread will run any more (an earlier one failed) would never finish.
  done_.wait(lock, [&] { return slot->done || (stop_ && !slot->started); });
  if (!slot->done) {
    throw Error(ErrorCategory::kInternal,
                "catalog query " + std::string(name) + " was not run after an earlier failure");
  }
  slot->taken = true;
  if (slot->error) std::rethrow_exception(slot->error);
  return std::move(*slot->result);
}

}  // namespace pgdrift::catalog

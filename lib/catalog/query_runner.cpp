#include "catalog/query_runner.h"

#include "util/error.h"

namespace pgdrift::catalog {

QueryRunner::QueryRunner(std::vector<pg::Connection*> connections, std::vector<std::string> names,
                         RunQuery run)
    : run_(std::move(run)) {
  slots_.reserve(names.size());
  for (auto& name : names) slots_.push_back(Slot{std::move(name), std::nullopt, nullptr});
  threads_.reserve(connections.size());
  for (pg::Connection* connection : connections) {
    threads_.emplace_back([this, connection] { work(*connection); });
  }
}

QueryRunner::~QueryRunner() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  for (auto& thread : threads_) thread.join();
}

void QueryRunner::work(pg::Connection& connection) {
  while (true) {
    size_t index;
    {
      std::lock_guard lock(mutex_);
      if (stop_ || next_ == slots_.size()) return;
      index = next_++;
    }
    std::optional<pg::Result> result;
    std::exception_ptr error;
    try {
      result.emplace(run_(connection, slots_[index].name));
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    slots_[index].result = std::move(result);
    slots_[index].error = error;
    slots_[index].done = true;
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
  const size_t index = static_cast<size_t>(slot - slots_.data());
  // A query no thread will run any more (an earlier one failed) would never finish.
  done_.wait(lock, [&] { return slot->done || (stop_ && index >= next_); });
  if (!slot->done) {
    throw Error(ErrorCategory::kInternal,
                "catalog query " + std::string(name) + " was not run after an earlier failure");
  }
  slot->taken = true;
  if (slot->error) std::rethrow_exception(slot->error);
  return std::move(*slot->result);
}

}  // namespace pgdrift::catalog

#include "render/order.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <tuple>

#include "util/error.h"

namespace pgdrift::render {
namespace {

auto sort_key(const Entry& e) {
  const auto& id = e.key.id;
  return std::make_tuple(e.priority, std::cref(id.schema), std::cref(id.table), std::cref(id.name),
                         std::cref(id.args), id.kind, e.key.part);
}

std::string describe_entry(const Entry& e) {
  return e.header;
}

// Finds one cycle among the entries that could not be emitted and names its members.
[[noreturn]] void report_cycle(const std::vector<Entry>& entries,
                               const std::vector<std::vector<size_t>>& deps,
                               const std::vector<int>& missing) {
  size_t start = 0;
  while (missing[start] == 0) ++start;
  std::vector<size_t> path;
  std::map<size_t, size_t> seen;
  size_t node = start;
  while (!seen.count(node)) {
    seen[node] = path.size();
    path.push_back(node);
    size_t next = node;
    for (size_t d : deps[node]) {
      if (missing[d] > 0) {
        next = d;
        break;
      }
    }
    if (next == node) break;
    node = next;
  }
  std::string members;
  for (size_t i = seen.count(node) ? seen[node] : 0; i < path.size(); ++i) {
    if (!members.empty()) members += " -> ";
    members += describe_entry(entries[path[i]]);
  }
  throw Error(ErrorCategory::kInternal,
              "cannot order the schema: these objects depend on each other in a cycle: " + members);
}

}  // namespace

std::vector<Entry> order_entries(std::vector<Entry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return sort_key(a) < sort_key(b); });
  std::map<EntryKey, size_t> position;
  for (size_t i = 0; i < entries.size(); ++i) position.emplace(entries[i].key, i);

  // deps[i]: entries i waits for; users[j]: entries waiting for j.
  std::vector<std::vector<size_t>> deps(entries.size()), users(entries.size());
  std::vector<int> waiting(entries.size(), 0);
  for (size_t i = 0; i < entries.size(); ++i) {
    for (const auto& key : entries[i].after) {
      auto it = position.find(key);
      if (it == position.end() || it->second == i) continue;
      deps[i].push_back(it->second);
      users[it->second].push_back(i);
    }
    std::sort(deps[i].begin(), deps[i].end());
    deps[i].erase(std::unique(deps[i].begin(), deps[i].end()), deps[i].end());
    waiting[i] = static_cast<int>(deps[i].size());
  }
  for (auto& u : users) {
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
  }

  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  order.reserve(entries.size());
  while (!ready.empty()) {
    const size_t next = ready.top();
    ready.pop();
    order.push_back(next);
    for (size_t user : users[next]) {
      if (--waiting[user] == 0) ready.push(user);
    }
  }
  if (order.size() != entries.size()) report_cycle(entries, deps, waiting);

  std::vector<Entry> out;
  out.reserve(entries.size());
  for (size_t i : order) out.push_back(std::move(entries[i]));
  return out;
}

}  // namespace pgdrift::render

#include "plan/step_graph.h"

#include <algorithm>
#include <optional>
#include <queue>
#include <tuple>

#include "util/error.h"

namespace pgdrift::plan {
namespace {

// Steps in a topological order: ties go to the lowest (phase, rank).
std::vector<size_t> topological_order(const std::vector<Step>& steps) {
  std::vector<std::vector<size_t>> next(steps.size());
  std::vector<size_t> waiting(steps.size(), 0);
  for (size_t i = 0; i < steps.size(); ++i) {
    auto link = [&](size_t before) {
      if (before == i) return;
      next[before].push_back(i);
      ++waiting[i];
    };
    for (size_t before : steps[i].after) link(before);
    for (size_t before : steps[i].after_commit) link(before);
  }
  using Ready = std::tuple<int, size_t, size_t>;  // phase, rank, index
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (waiting[i] == 0) ready.emplace(steps[i].phase, steps[i].rank, i);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    const size_t i = std::get<2>(ready.top());
    ready.pop();
    order.push_back(i);
    for (size_t j : next[i]) {
      if (--waiting[j] == 0) ready.emplace(steps[j].phase, steps[j].rank, j);
    }
  }
  if (order.size() != steps.size()) {
    // The steps still waiting: the members of a cycle, and what waits on them.
    std::string members;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (waiting[i] > 0) members += (members.empty() ? "" : "; ") + steps[i].label;
    }
    throw Error(ErrorCategory::kInternal,
                "the plan's steps depend on each other in a cycle: " + members);
  }
  return order;
}

// The smallest section >= \a at least that is a transaction (odd, or 0 for the first).
int transaction_at(int at_least) {
  return at_least % 2 == 1 ? at_least : at_least + 1;
}
// The smallest section >= \a at_least that runs outside a transaction (even, above 0).
int outside_at(int at_least) {
  const int s = std::max(at_least, 2);
  return s % 2 == 0 ? s : s + 1;
}

// Moves each late step in a transaction to the latest transaction that still runs no
// later than the steps after it (before those that must see it committed). In reverse
// order, so that what comes after a step has its final section when the step is moved;
// moving a step later keeps every edge into it.
void sink_late_steps(const std::vector<Step>& steps, const std::vector<size_t>& order,
                     std::vector<int>& section) {
  std::vector<std::vector<std::pair<size_t, bool>>> next(steps.size());  // (step, commit)
  for (size_t i = 0; i < steps.size(); ++i) {
    for (size_t p : steps[i].after) next[p].push_back({i, false});
    for (size_t p : steps[i].after_commit) next[p].push_back({i, true});
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const size_t i = *it;
    if (!steps[i].late || steps[i].outside_transaction || section[i] == 0) continue;
    std::optional<int> latest;
    for (const auto& [j, commit] : next[i]) {
      if (j == i) continue;
      const int bound = commit ? section[j] - 1 : section[j];
      latest = latest ? std::min(*latest, bound) : bound;
    }
    if (!latest) continue;
    const int transaction = *latest % 2 == 1 ? *latest : *latest - 1;
    section[i] = std::max(section[i], transaction);
  }
}

}  // namespace

std::vector<Statement> order_steps(const std::vector<Step>& steps) {
  const std::vector<size_t> order = topological_order(steps);
  std::vector<int> section(steps.size(), 0);
  for (size_t i : order) {
    const Step& step = steps[i];
    int at_least = step.first_transaction ? 0 : 1;
    for (size_t p : step.after) at_least = std::max(at_least, section[p]);
    // A later transaction than the predecessor's: past the next section of the other sort.
    for (size_t p : step.after_commit) at_least = std::max(at_least, section[p] + 1);
    section[i] = step.outside_transaction ? outside_at(at_least)
                 : at_least == 0          ? 0
                                          : transaction_at(at_least);
    // A transaction after a step outside any: the next odd section, which transaction_at
    // gives; a step outside after a transaction: the next even one, which outside_at gives.
  }
  sink_late_steps(steps, order, section);
  std::vector<size_t> by_section = order;
  std::stable_sort(by_section.begin(), by_section.end(),
                   [&](size_t x, size_t y) { return section[x] < section[y]; });
  std::vector<Statement> out;
  for (size_t i : by_section) {
    for (Statement s : steps[i].statements) {
      s.section = section[i];
      s.outside_transaction = steps[i].outside_transaction;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace pgdrift::plan

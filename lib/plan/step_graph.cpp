#include "plan/step_graph.h"

#include <queue>
#include <tuple>

#include "util/error.h"

namespace pgdrift::plan {

std::vector<Statement> order_steps(const std::vector<Step>& steps) {
  std::vector<std::vector<size_t>> next(steps.size());
  std::vector<size_t> waiting(steps.size(), 0);
  for (size_t i = 0; i < steps.size(); ++i) {
    for (size_t before : steps[i].after) {
      if (before == i) continue;
      next[before].push_back(i);
      ++waiting[i];
    }
  }
  using Ready = std::tuple<int, size_t, size_t>;  // phase, rank, index
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (waiting[i] == 0) ready.emplace(steps[i].phase, steps[i].rank, i);
  }
  std::vector<Statement> out;
  size_t done = 0;
  while (!ready.empty()) {
    const size_t i = std::get<2>(ready.top());
    ready.pop();
    ++done;
    for (const auto& s : steps[i].statements) out.push_back(s);
    for (size_t j : next[i]) {
      if (--waiting[j] == 0) ready.emplace(steps[j].phase, steps[j].rank, j);
    }
  }
  if (done != steps.size()) {
    std::string members;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (waiting[i] > 0) members += (members.empty() ? "" : "; ") + steps[i].label;
    }
    throw Error(ErrorCategory::kInternal,
                "the plan's steps depend on each other in a cycle: " + members);
  }
  return out;
}

}  // namespace pgdrift::plan

// plan/step_graph.h — ordering the planner's steps (internal to plan/).
//
// Steps are nodes with "runs after" edges; the order is topological, and among the
// steps that are ready the one with the lowest (phase, rank) goes first, so the result
// is deterministic and keeps drops before changes before creations wherever the
// dependencies allow.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "plan/statement.h"

namespace pgdrift::plan {

struct Step {
  int phase = 0;  ///< 0 drops, 1 changes and creations (ordered together, as TO orders them)
  size_t rank = 0;
  std::string label;  ///< for the cycle error
  std::vector<Statement> statements;
  std::vector<size_t> after;  ///< indices of steps that must run first
};

/// The steps' statements in order. Throws Error(kInternal) listing the steps of a cycle.
std::vector<Statement> order_steps(const std::vector<Step>& steps);

}  // namespace pgdrift::plan

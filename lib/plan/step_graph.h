// plan/step_graph.h — ordering the planner's steps and cutting them into transactions
// (internal to plan/).
//
// Steps are nodes with "runs after" edges; the order is topological, and among the
// steps that are ready the one with the lowest (phase, rank) goes first, so the result
// is deterministic and keeps drops before changes before creations wherever the
// dependencies allow.
//
// Then each step gets the earliest section it can run in. Odd sections are transactions;
// even sections above 0 run outside any transaction (CREATE INDEX CONCURRENTLY cannot run
// in one), statement by statement; section 0 is a transaction committed before the rest
// (an enum's new label, which no transaction may use before it is committed). A step runs
// in its predecessors' section when it can, in the next one of its own sort when it
// cannot, and in a later transaction than any step it must see committed (a constraint
// is validated in a transaction after the one that added it NOT VALID, so that lock is
// not held while the table is scanned). A late step then moves to the latest section its
// successors allow.
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
  /// Steps that must run first and be committed before this one starts.
  std::vector<size_t> after_commit;
  /// The statements cannot run in a transaction block: each runs on its own.
  bool outside_transaction = false;
  /// Runs in section 0 (committed before everything else) unless something holds it back.
  bool first_transaction = false;
  /// Runs in the latest transaction the steps after it allow, not the earliest: the drop
  /// of something made again (a view over a retyped column) then shares the transaction
  /// of its creation, rather than leaving it missing while a CONCURRENTLY step runs.
  bool late = false;
};

/// The steps' statements in order, each with its section and outside_transaction set.
/// Throws Error(kInternal) listing the steps of a cycle.
std::vector<Statement> order_steps(const std::vector<Step>& steps);

}  // namespace pgdrift::plan

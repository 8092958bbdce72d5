// The planner on the corpus's before/after pairs (apgdiff, migra, pg-schema-diff), both
// ways: load the two sides into A and B, plan A -> B, apply the plan to A in one
// transaction, and require that A then reads back as B (an empty diff; where deparse is
// not a fixpoint, as B's own snapshot replayed once reads back). A pair the planner
// refuses (a change it cannot plan yet) is counted and listed, never passed. A pair that
// fails is an error unless tests/corpus/plan_known_failures.txt lists it with its reason;
// a listed pair that no longer fails is an error too (the list must shrink with the bugs).
// $PGDRIFT_PLAN_PAIRS_SAMPLE "K/N" keeps the fixtures whose position is K modulo N (CI
// runs a sample of the larger sets; all of them take about 18 minutes).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "corpus_cases.h"
#include "corpus_load.h"
#include "diff/change_set.h"
#include "pgdrift_harness.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "render/sql.h"
#include "util/error.h"

namespace pgdrift::test {
namespace {

enum class PairOutcome { kProven, kRefused, kSkipped, kFailed };

struct PairResult {
  PairOutcome outcome = PairOutcome::kFailed;
  std::string detail;
};

std::string first_findings(const diff::ChangeSet& changes) {
  std::string out;
  for (size_t i = 0; i < changes.findings.size() && i < 3; ++i) {
    const auto& f = changes.findings[i];
    out += (out.empty() ? "" : ", ") + f.kind + " " + f.object + " " + diff::change_name(f.change);
  }
  return out;
}

PairResult run_pair(TestCluster& cluster, const CorpusCase& from, const CorpusCase& to) {
  const std::string a = cluster.create_database("pa");
  const std::string b = cluster.create_database("pb");
  DroppedAtEnd dropper{cluster, {a, b}};
  if (!load_case(cluster, a, from).empty() || !load_case(cluster, b, to).empty()) {
    return {PairOutcome::kSkipped, "a side does not load"};
  }
  const model::Catalog source = read_catalog(cluster, a);
  const model::Catalog target = read_catalog(cluster, b);
  if (!source.unsupported.empty() || !target.unsupported.empty()) {
    return {PairOutcome::kSkipped, "a side has kinds not modelled yet"};
  }
  plan::Plan plan;
  try {
    plan = plan::plan_migration(source, target);
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kUnsupported) return {PairOutcome::kRefused, e.what()};
    return {PairOutcome::kFailed, std::string("planning failed: ") + e.what()};
  }
  try {
    for (const auto& run : plan::plan_runs(plan)) replay(cluster, a, run);
  } catch (const std::exception& e) {
    return {PairOutcome::kFailed, std::string("the plan fails: ") + e.what()};
  }
  const model::Catalog result = read_catalog(cluster, a);
  auto changes = diff::compare(result, target);
  if (!changes.empty()) {
    // Deparse is not always a fixpoint: compare with the target replayed once.
    const std::string c = cluster.create_database("pc");
    dropper.dbs.push_back(c);
    replay(cluster, c, render::render_sql(target));
    changes = diff::compare(result, read_catalog(cluster, c));
  }
  if (!changes.empty()) {
    return {PairOutcome::kFailed, "after the plan, " + std::to_string(changes.findings.size()) +
                                      " difference(s) remain: " + first_findings(changes)};
  }
  if (const auto again = plan::plan_migration(result, target); !again.empty()) {
    // The apgdiff files that drop plpgsql and create the language again (corpus README):
    // no script can make that extension again, as the fidelity test notes too.
    const bool only_plpgsql =
        std::all_of(again.statements.begin(), again.statements.end(), [](const plan::Statement& s) {
          return s.object.kind == model::ObjectKind::kExtension && s.object.name == "plpgsql";
        });
    if (only_plpgsql) return {PairOutcome::kSkipped, "plpgsql dropped and made a language again"};
    return {PairOutcome::kFailed,
            "planning again is not empty: " + plan::plan_script(again, {"result", "target"})};
  }
  return {PairOutcome::kProven, ""};
}

// "set fixture direction" of every pair known to fail, from plan_known_failures.txt.
std::set<std::string> known_failures() {
  std::set<std::string> out;
  std::ifstream in(PGDRIFT_PLAN_KNOWN_FAILURES);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string set, fixture, direction;
    words >> set >> fixture >> direction;
    out.insert(set + " " + fixture + " " + direction);
  }
  return out;
}

void run_pairs(const std::string& set) {
  TestCluster& cluster = TestCluster::shared();
  for (const auto& role : corpus_roles(set)) {
    cluster.exec("postgres", "DO $$BEGIN CREATE ROLE " + role +
                                 "; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
  }
  // Sides of one fixture share the name before the last '/': pair them in order.
  std::map<std::string, std::vector<CorpusCase>> fixtures;
  for (auto& c : corpus_cases(set)) {
    const auto slash = c.name.rfind('/');
    if (slash == std::string::npos || !c.known_unloadable.empty()) continue;
    fixtures[c.name.substr(0, slash)].push_back(std::move(c));
  }
  const char* only = std::getenv("PGDRIFT_CORPUS_ONLY");
  unsigned k = 0, n = 1;
  if (const char* sample = std::getenv("PGDRIFT_PLAN_PAIRS_SAMPLE")) {
    if (std::sscanf(sample, "%u/%u", &k, &n) != 2 || n == 0) n = 1;
  }
  const auto known = known_failures();
  size_t position = 0;
  std::map<PairOutcome, int> counts;
  std::map<std::string, int> refusals;
  for (const auto& [name, sides] : fixtures) {
    // $PGDRIFT_CORPUS_ONLY: the fixtures whose name starts with it, for debugging.
    if (sides.size() != 2 || (only && *only && name.rfind(only, 0) != 0)) continue;
    if (position++ % n != k % n) continue;
    for (int way = 0; way < 2; ++way) {
      const auto& from = sides[way];
      const auto& to = sides[1 - way];
      const PairResult r = run_pair(cluster, from, to);
      ++counts[r.outcome];
      const std::string label = name + (way == 0 ? " (forward)" : " (backward)");
      if (r.outcome == PairOutcome::kRefused) {
        ++refusals[r.detail.substr(
            0, r.detail.find(';') == std::string::npos ? 160 : r.detail.find(';'))];
      }
      if (std::getenv("PGDRIFT_CORPUS_VERBOSE") && r.outcome != PairOutcome::kProven) {
        std::cout << label << ": " << r.detail << "\n";
      }
      const bool listed = known.count(set + " " + name + (way == 0 ? " forward" : " backward"));
      INFO(set << " " << label << ": " << r.detail);
      if (listed) {
        INFO("listed in plan_known_failures.txt, but it no longer fails: remove it");
        CHECK(r.outcome == PairOutcome::kFailed);
      } else {
        CHECK(r.outcome != PairOutcome::kFailed);
      }
    }
  }
  std::cout << "plan pairs of " << set << ": " << counts[PairOutcome::kProven] << " proven, "
            << counts[PairOutcome::kRefused] << " refused as not plannable yet, "
            << counts[PairOutcome::kSkipped] << " skipped (a side does not load or holds kinds not "
            << "modelled), " << counts[PairOutcome::kFailed] << " failed\n";
  for (const auto& [reason, n] : refusals)
    std::cout << "  refused " << n << "x: " << reason << "\n";
  CHECK(counts[PairOutcome::kProven] > 0);
}

}  // namespace

TEST_CASE("planner on the apgdiff pairs", "[plan-apgdiff]") {
  run_pairs("apgdiff");
}
TEST_CASE("planner on the migra pairs", "[plan-migra]") {
  run_pairs("migra");
}
TEST_CASE("planner on the pg-schema-diff pairs", "[plan-pg-schema-diff]") {
  run_pairs("pg-schema-diff");
}

}  // namespace pgdrift::test

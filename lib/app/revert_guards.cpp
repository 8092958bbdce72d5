#include "app/revert_guards.h"

#include <map>
#include <optional>
#include <set>

#include "diff/change_set.h"
#include "render/sql.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

// What the probes of one object said in each state: before each part, and at the end.
struct Observed {
  std::vector<bool> exists;
  std::vector<std::optional<std::string>> state;
};

// A condition with whether it holds in each observed state.
struct Fact {
  plan::Condition condition;
  std::vector<bool> holds;
};

constexpr size_t kTargetsPerQuery = 200;  // two columns each, under the 1,664 a row may have

// Asks the database what state each target is in, with the reader's empty search_path
// (type names come out qualified, as in the file's own settings).
void observe(pg::Connection& conn, const std::vector<plan::ProbeTarget>& targets,
             std::vector<Observed>& out) {
  for (size_t first = 0; first < targets.size(); first += kTargetsPerQuery) {
    const size_t last = std::min(targets.size(), first + kTargetsPerQuery);
    std::string sql = "SELECT ";
    for (size_t i = first; i < last; ++i) {
      sql += (i > first ? ", " : "") + *plan::exists_sql(targets[i]) + ", " +
             *plan::state_sql(targets[i]);
    }
    const auto row = conn.exec(sql);
    for (size_t i = first; i < last; ++i) {
      const int col = static_cast<int>(2 * (i - first));
      out[i].exists.push_back(row.boolean(0, col));
      out[i].state.push_back(row.optional_text(0, col + 1));
    }
  }
}

// The two conditions one target offers, neither true once the revert is done: that it
// exists (or does not), and that its state is not the final one.
std::vector<Fact> facts_of(const plan::ProbeTarget& target, const Observed& seen) {
  const size_t end = seen.exists.size() - 1;
  const std::string what = plan::describe(target);
  std::vector<Fact> facts;
  if (!seen.exists[end]) {
    facts.push_back({{*plan::exists_sql(target), what + " exists"}, seen.exists});
  } else {
    std::vector<bool> missing;
    for (bool e : seen.exists) missing.push_back(!e);
    facts.push_back({{"NOT " + *plan::exists_sql(target), what + " does not exist"}, missing});
  }
  const auto& final_state = seen.state[end];
  std::vector<bool> differs;
  for (const auto& s : seen.state) differs.push_back(s != final_state);
  facts.push_back({{*plan::state_sql(target) + " IS DISTINCT FROM " +
                        (final_state ? quote_literal(*final_state) : std::string("NULL")),
                    what + " is not yet as the revert leaves it"},
                   differs});
  return facts;
}

// The condition of \a facts of rank \a rank (0: whether it exists, 1: its whole state)
// if it holds in state \a k.
std::optional<plan::Condition> holding(const std::vector<Fact>& facts, size_t rank, size_t k) {
  if (facts[rank].holds[k]) return facts[rank].condition;
  return std::nullopt;
}

}  // namespace

std::vector<plan::ProbeTarget> finding_targets(const diff::ChangeSet& findings,
                                               const model::Catalog& from,
                                               const model::Catalog& to) {
  std::map<std::string, plan::ProbeTarget> by_key;
  for (const auto* catalog : {&from, &to}) {
    for (const auto& o : catalog->objects) {
      const std::string display = diff::object_display(o.id);
      by_key[std::string(model::kind_name(o.id.kind)) + "|" + display] = {o.id, ""};
      if (const auto* t = model::def_if<model::TableDef>(o)) {
        for (const auto& c : t->columns)
          by_key["column|" + display + "." + c.name] = {o.id, c.name};
      }
    }
  }
  std::set<plan::ProbeTarget> targets;
  for (const auto& f : findings.findings) {
    const auto it = by_key.find(f.kind + "|" + f.object);
    if (it != by_key.end()) targets.insert(it->second);
  }
  return {targets.begin(), targets.end()};
}

std::vector<plan::Guard> find_guards(shadow::Shadow& shadow, const model::Catalog& from,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::ProbeTarget>& targets, Log& log) {
  std::vector<plan::ProbeTarget> probed;
  std::string unprobed;
  for (const auto& t : targets) {
    if (plan::exists_sql(t)) {
      probed.push_back(t);
    } else {
      unprobed += (unprobed.empty() ? "" : ", ") + plan::describe(t);
    }
  }
  // The plan applied as it is, asking before each part and after the last.
  log.info("finding where each part of the revert has work to do: applying it in " +
           shadow.description());
  const auto where = shadow.create_database(shadow::DatabaseSpec{}, log);
  auto conn = pg::Connection::open(where);
  with_context("replaying the live schema in the shadow",
               [&] { conn.run_script(render::render_sql(from)); });
  conn.exec("SET search_path = ''");
  std::vector<Observed> seen(probed.size());
  observe(conn, probed, seen);
  for (const auto& part : parts) {
    with_context("the revert failed in the shadow", [&] { conn.run_script(plan::part_run(part)); });
    observe(conn, probed, seen);
  }
  std::vector<std::vector<Fact>> facts;
  for (size_t i = 0; i < probed.size(); ++i) facts.push_back(facts_of(probed[i], seen[i]));

  std::vector<plan::Guard> guards(parts.size());
  for (size_t k = 0; k < parts.size(); ++k) {
    if (plan::outside_transaction(parts[k])) continue;  // written IF [NOT] EXISTS instead
    // What this part changes (or, when it changes nothing a probe sees, as a constraint
    // added NOT VALID, the next part that does), where that still differs from the end:
    // whether objects exist where that tells, else their whole state.
    for (size_t rank = 0; rank < 2 && guards[k].only_if.empty(); ++rank) {
      for (size_t m = k; m < parts.size() && guards[k].only_if.empty(); ++m) {
        for (size_t i = 0; i < probed.size(); ++i) {
          if (seen[i].state[m] == seen[i].state[m + 1]) continue;
          if (auto c = holding(facts[i], rank, k)) guards[k].only_if.push_back(*c);
        }
      }
    }
    // Else the first object that still differs from the end: the drift is there.
    for (size_t i = 0; i < probed.size() && guards[k].only_if.empty(); ++i) {
      if (auto c = holding(facts[i], 1, k)) guards[k].only_if.push_back(*c);
    }
    if (guards[k].only_if.empty()) {
      throw Error(ErrorCategory::kUnsupported,
                  "cannot write part " + std::to_string(k + 1) +
                      " of the revert to do nothing where the drift is absent: no object "
                      "it changes can be told apart in SQL" +
                      (unprobed.empty() ? "" : " (" + unprobed + " cannot yet)") +
                      "; write the migration with `pgdrift plan`; nothing was written");
    }
  }
  return guards;
}

}  // namespace pgdrift::app

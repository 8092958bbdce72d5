#include "app/revert_guards.h"

#include <map>
#include <optional>
#include <set>

#include "diff/change_set.h"
#include "history/replay.h"
#include "render/sql.h"
#include "util/error.h"
#include "util/output_styles.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

using State = std::vector<std::optional<std::string>>;  // one value per part of a probe

// An object that can be probed, and what the probes said before each part and at the end.
struct Observed {
  plan::ProbeTarget target;
  plan::Probe probe;
  std::vector<bool> exists;
  std::vector<State> state;
  bool changes_in(size_t part) const {
    return exists[part] != exists[part + 1] || state[part] != state[part + 1];
  }
};

// The reader's output styles, as a guarded part asks its conditions in them (the
// statements there run in the database's own), so that the values asked here are the
// values the conditions compare there.
std::string probe_settings() {
  std::string sql = "SET search_path = ''";
  for (const auto& style : kOutputStyles) {
    sql += "; SET " + std::string(style.name) + " = " + quote_literal(style.value);
  }
  return sql;
}

// Under the 1,664 columns a row may have: an object takes one plus one per part of its
// state (at most a dozen).
constexpr size_t kObjectsPerQuery = 100;

void observe(pg::Connection& conn, std::vector<Observed>& objects) {
  with_context("asking the shadow what state the objects are in", [&] {
    for (size_t first = 0; first < objects.size(); first += kObjectsPerQuery) {
      const size_t last = std::min(objects.size(), first + kObjectsPerQuery);
      std::string sql = "SELECT ";
      for (size_t i = first; i < last; ++i) {
        sql += (i > first ? ", " : "") + objects[i].probe.exists;
        for (const auto& part : objects[i].probe.state) sql += ", " + part.sql;
      }
      const auto row = conn.exec(sql);
      int col = 0;
      for (size_t i = first; i < last; ++i) {
        objects[i].exists.push_back(row.boolean(0, col++));
        State state;
        for (size_t p = 0; p < objects[i].probe.state.size(); ++p) {
          state.push_back(row.optional_text(0, col++));
        }
        objects[i].state.push_back(std::move(state));
      }
    }
  });
}

// That the object exists (or does not) in state \a k, where the end differs in that.
std::optional<plan::Condition> existence(const Observed& o, size_t k) {
  const size_t end = o.exists.size() - 1;
  if (o.exists[k] == o.exists[end]) return std::nullopt;
  const std::string what = plan::describe(o.target);
  if (o.exists[k]) return plan::Condition{o.probe.exists, what + " exists"};
  return plan::Condition{"NOT " + o.probe.exists, what + " does not exist"};
}

// That the parts of its state the revert changes are still as the drift left them (all of
// them: where only some are, the drift is not as it was found). A deparsed text is asked
// the other way, not yet as the revert leaves it: the drift's text, made from another
// text, may print differently on the database that drifted.
std::optional<plan::Condition> state(const Observed& o, size_t k) {
  const size_t end = o.exists.size() - 1;
  if (!o.exists[k] || !o.exists[end]) return std::nullopt;
  std::string sql, names;
  for (size_t p = 0; p < o.probe.state.size(); ++p) {
    const auto& part = o.probe.state[p];
    const auto& now = o.state[k][p];
    const auto& after = o.state[end][p];
    if (now == after) continue;
    sql += " AND " + part.sql;
    if (part.deparsed) {
      sql += after ? " IS DISTINCT FROM " + quote_literal(*after) : " IS NOT NULL";
    } else {
      sql += now ? " IS NOT DISTINCT FROM " + quote_literal(*now) : " IS NULL";
    }
    names += (names.empty() ? "" : ", ") + part.name;
  }
  if (sql.empty()) return std::nullopt;
  return plan::Condition{o.probe.exists + sql,
                         plan::describe(o.target) + ": " + names + " as the drift left it"};
}

std::optional<plan::Condition> condition_of(const Observed& o, size_t rank, size_t k) {
  return rank == 0 ? existence(o, k) : state(o, k);
}

// What a part touches, for messages: its statements' objects.
std::string objects_of(const plan::Plan& part) {
  std::set<std::string> names;
  for (const auto& s : part.statements) names.insert(model::describe(s.object));
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::vector<plan::ProbeTarget> revert_targets(const diff::ChangeSet& findings,
                                              const model::Catalog& from, const model::Catalog& to,
                                              const std::vector<plan::Plan>& parts) {
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
  for (const auto& part : parts) {
    for (const auto& s : part.statements) targets.insert({s.object, ""});
  }
  return {targets.begin(), targets.end()};
}

std::vector<plan::Guard> find_guards(shadow::Shadow& shadow, const model::Catalog& from,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::ProbeTarget>& targets, Log& log) {
  std::vector<Observed> objects;
  std::string unprobed;
  for (const auto& t : targets) {
    if (auto p = plan::probe(t)) {
      objects.push_back({t, std::move(*p), {}, {}});
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
  conn.run_script(probe_settings());
  observe(conn, objects);
  for (const auto& part : parts) {
    with_context("the revert failed in the shadow", [&] { conn.run_script(plan::part_run(part)); });
    observe(conn, objects);
  }

  std::vector<plan::Guard> guards(parts.size());
  for (size_t k = 0; k < parts.size(); ++k) {
    if (plan::outside_transaction(parts[k])) continue;  // written IF [NOT] EXISTS instead
    auto& only_if = guards[k].only_if;
    // The objects this part changes (or the next part that changes any): whether they
    // exist where that tells, else their state.
    for (size_t m = k; m < parts.size() && only_if.empty(); ++m) {
      for (size_t rank = 0; rank < 2 && only_if.empty(); ++rank) {
        for (const auto& o : objects) {
          if (!o.changes_in(m)) continue;
          if (auto c = condition_of(o, rank, k)) only_if.push_back(*c);
        }
      }
    }
    if (only_if.empty()) {
      throw Error(ErrorCategory::kUnsupported,
                  "cannot write file " + std::to_string(k + 1) + " of the revert (" +
                      objects_of(parts[k]) +
                      ") to do nothing where the drift is absent: no condition on the system "
                      "catalogs tells its work apart" +
                      (unprobed.empty() ? "" : " (" + unprobed + " cannot be asked about yet)") +
                      "; take back the rest with --only, or adopt this; nothing was written");
    }
  }
  return guards;
}

void require_nothing_runs_on_history(shadow::Shadow& shadow, const DriftScan& scan,
                                     const std::vector<plan::Plan>& parts,
                                     const std::vector<plan::Guard>& guards, Log& log) {
  log.info("proving that the revert does nothing where the drift is absent: replaying the " +
           std::to_string(scan.replayed_files.size()) + " applied migration(s) in " +
           shadow.description());
  const auto where = shadow.create_database(scan.database_spec, log);
  auto conn = pg::Connection::open(where);
  history::replay_migrations(conn, scan.replayed_files, scan.migration_role, log);
  const std::string indexes =
      "SELECT pg_catalog.array_agg(oid ORDER BY oid)::text FROM pg_catalog.pg_class WHERE "
      "relkind IN ('i', 'I')";
  const auto indexes_before = conn.exec(indexes).optional_text(0, 0);
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string file = "file " + std::to_string(k + 1) + " of the revert";
    // The part's block runs when all its conditions hold: one must not, here.
    conn.run_script(probe_settings());
    std::string holding;
    for (const auto& c : guards[k].only_if) {
      if (!conn.exec("SELECT " + c.sql).boolean(0, 0)) {
        holding.clear();
        break;
      }
      holding += (holding.empty() ? "" : "; ") + c.says;
    }
    if (!holding.empty()) {
      throw Error(ErrorCategory::kInput,
                  file +
                      " would run where the drift is absent: on what the applied migrations "
                      "build, its conditions hold (" +
                      holding + "); nothing was written");
    }
    with_context(file +
                     " fails where the drift is absent (on what the applied migrations "
                     "build); nothing was written",
                 [&] { conn.run_script(plan::part_run(parts[k], &guards[k])); });
  }
  if (conn.exec(indexes).optional_text(0, 0) != indexes_before) {
    throw Error(ErrorCategory::kInput,
                "the revert would build or drop an index where the drift is absent (on what "
                "the applied migrations build); nothing was written");
  }
}

}  // namespace pgdrift::app

#include "plan/plan_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/output_styles.h"
#include "util/quote.h"

namespace pgdrift::plan {

namespace {

constexpr const char* kSettings =
    "SET LOCAL search_path = '';\n"
    "SET LOCAL check_function_bodies = false;\n"
    "SET LOCAL lock_timeout = '5s';\n";

// A guarded part's conditions compare deparsed values (defaults, view texts) with the
// values pgdrift read in its output styles (util/output_styles.h); they hold while the
// conditions are asked only (a USING cast or a default of the statements must see the
// database's own): saved, set, and put back.
std::string saved_styles() {
  std::string out = "  pgdrift_styles text[] := ARRAY[";
  for (size_t k = 0; k < kOutputStyles.size(); ++k) {
    out += std::string(k ? ",\n    " : "") + "pg_catalog.current_setting('" +
           kOutputStyles[k].name + "')";
  }
  return out + "];\n";
}

std::string set_styles(bool restore) {
  std::string out = "PERFORM ";
  for (size_t k = 0; k < kOutputStyles.size(); ++k) {
    const std::string value = restore ? "pgdrift_styles[" + std::to_string(k + 1) + "]"
                                      : quote_literal(kOutputStyles[k].value);
    out += std::string(k ? ",\n  " : "") + "pg_catalog.set_config('" + kOutputStyles[k].name +
           "', " + value + ", true)";
  }
  return out + ";\n";
}

// Names may hold line breaks: in a comment line they would end the comment and run the
// rest of the name as SQL.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

size_t count_lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Text and the hazards found in it, "line N: rule: message", N counted from a first line.
struct Text {
  std::string text;
  std::vector<std::string> hazard_lines;
};

// A statement outside a transaction cannot be guarded by a condition: it is written so that
// it does nothing where it was done (or never needed).
std::string convergent(const Statement& s) {
  static const std::pair<const char*, const char*> kForms[] = {
      {"CREATE INDEX CONCURRENTLY ", "CREATE INDEX CONCURRENTLY IF NOT EXISTS "},
      {"CREATE UNIQUE INDEX CONCURRENTLY ", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "},
      {"DROP INDEX CONCURRENTLY ", "DROP INDEX CONCURRENTLY IF EXISTS "}};
  for (const auto& [plain, guarded] : kForms) {
    if (s.sql.rfind(plain, 0) == 0) return guarded + s.sql.substr(std::string(plain).size());
  }
  throw Error(ErrorCategory::kUnsupported,
              "cannot write " + model::describe(s.object) +
                  " to do nothing where it is not needed: it runs outside a transaction");
}

// A dollar-quote tag "$<base>[_n]$" that \a text does not hold.
std::string dollar_tag(const std::string& base, const std::string& text) {
  for (int n = 0;; ++n) {
    const std::string tag = "$" + base + (n ? "_" + std::to_string(n) : std::string()) + "$";
    if (text.find(tag) == std::string::npos) return tag;
  }
}

// The DO block's head: the conditions asked in the reader's output styles, kept in a
// variable, the styles put back, and the IF.
std::string guard_head(const Guard& guard, const std::string& tag) {
  std::string out =
      "-- Runs only where what it takes back is still there: on a database the history "
      "built,\n-- where the drift never was, it does nothing.\nDO " +
      tag + "\nDECLARE\n" + saved_styles() + "  pgdrift_drift_is_here boolean;\nBEGIN\n" +
      set_styles(false) + "pgdrift_drift_is_here := ";
  for (size_t k = 0; k < guard.only_if.size(); ++k) {
    const auto& c = guard.only_if[k];
    out += (k ? "  AND " : "") + c.sql + "  -- " + one_line(c.says) + "\n";
  }
  return out + ";\n" + set_styles(true) + "IF pgdrift_drift_is_here THEN\n";
}

void append_part(Text& out, const Plan& part, size_t first_line, const Guard* guard = nullptr) {
  const bool outside = outside_transaction(part);
  const bool in_block = guard && !outside;
  if (!outside) out.text += kSettings;
  std::string tag;
  if (in_block) {
    if (guard->only_if.empty()) {
      throw Error(ErrorCategory::kInternal, "a guarded transaction without a condition");
    }
    std::string text;
    for (const auto& s : part.statements) text += s.sql;
    for (const auto& c : guard->only_if) text += c.sql + c.says;
    tag = dollar_tag("pgdrift", text);
    out.text += guard_head(*guard, tag);
  }
  const Statement* previous = nullptr;
  for (const auto& s : part.statements) {
    // One comment line per run of statements on the same object with the same action.
    if (!previous || previous->object != s.object || previous->action != s.action) {
      out.text += "\n-- " + std::string(action_name(s.action)) + " " +
                  one_line(model::describe(s.object)) + "\n";
    }
    previous = &s;
    const size_t line = first_line + count_lines(out.text);
    for (const auto& h : s.hazards) {
      out.hazard_lines.push_back("line " + std::to_string(line) + ": " + h.rule + ": " +
                                 one_line(h.message));
    }
    if (in_block) {
      // As a string for EXECUTE: PL/pgSQL would otherwise parse the statement itself
      // (older minors end it at the first ';' of a BEGIN ATOMIC body) and offer its
      // variables to the queries in it.
      const std::string quote = dollar_tag("pgdrift_sql", s.sql + tag);
      out.text += "EXECUTE " + quote + s.sql + quote + ";\n";
    } else {
      out.text += guard && outside ? convergent(s) : s.sql;
    }
  }
  if (!tag.empty()) out.text += "END IF;\nEND\n" + tag + ";\n";
}

size_t hazard_count(const Plan& plan) {
  size_t n = 0;
  for (const auto& s : plan.statements) n += s.hazards.size();
  return n;
}

// The header's hazard list goes before the text it numbers: number from where the text
// will start once the list is in.
std::string with_hazards(std::string header, const Text& body) {
  if (!body.hazard_lines.empty()) header += "-- hazards:\n";
  for (const auto& line : body.hazard_lines) header += "--   " + line + "\n";
  return header + body.text;
}

// The labels' extra lines, each a comment of one line.
std::string note_lines(const PlanLabels& labels) {
  std::string out;
  for (const auto& note : labels.notes) out += "-- " + one_line(note) + "\n";
  return out;
}

}  // namespace

std::vector<Plan> plan_parts(const Plan& plan) {
  std::vector<Plan> parts;
  for (const auto& s : plan.statements) {
    const bool same = !parts.empty() && !s.outside_transaction &&
                      parts.back().statements.back().section == s.section;
    if (!same) parts.emplace_back();
    parts.back().statements.push_back(s);
  }
  if (!parts.empty()) parts.front().possible_renames = plan.possible_renames;
  return parts;
}

bool outside_transaction(const Plan& part) {
  return !part.statements.empty() && part.statements.front().outside_transaction;
}

std::string part_body(const Plan& part, const Guard* guard) {
  Text text;
  append_part(text, part, 1, guard);
  return text.text;
}

std::string part_run(const Plan& part, const Guard* guard) {
  const std::string body = part_body(part, guard);
  return outside_transaction(part) ? body : "BEGIN;\n" + body + "COMMIT;\n";
}

std::vector<std::string> plan_runs(const Plan& plan) {
  std::vector<std::string> runs;
  for (const auto& part : plan_parts(plan)) {
    runs.push_back(part_run(part));
  }
  return runs;
}

std::string plan_script(const Plan& plan, const PlanLabels& labels) {
  std::string header = "-- " + one_line(labels.title) + "\n-- from: " + one_line(labels.from) +
                       "\n-- to:   " + one_line(labels.to) + "\n" + note_lines(labels);
  if (plan.empty()) return header + "-- The two schemas are the same: nothing to do.\n";
  const auto parts = plan_parts(plan);
  header += "-- " + std::to_string(plan.statements.size()) + " statement(s)";
  header += parts.size() == 1
                ? " in one transaction\n"
                : " in " + std::to_string(parts.size()) +
                      " parts: each transaction commits before the next part starts, and a "
                      "statement outside a transaction runs on its own\n";
  for (const auto& rename : plan.possible_renames) {
    header += "-- possible rename (written as drop and add): " + one_line(rename) + "\n";
  }
  const size_t hazards = hazard_count(plan);
  const size_t first_line = count_lines(header) + (hazards > 0 ? hazards + 1 : 0) + 1;
  Text body;
  for (const auto& part : parts) {
    if (outside_transaction(part)) {
      body.text += "\n-- outside a transaction: CONCURRENTLY cannot run in one\n";
      append_part(body, part, first_line);
    } else {
      body.text += "BEGIN;\n";
      append_part(body, part, first_line);
      body.text += "COMMIT;\n";
    }
  }
  return with_hazards(header, body);
}

std::string plan_dbmate_file(const DbmateFile& file, const PlanLabels& labels) {
  const bool outside = outside_transaction(file.up);
  std::string header = std::string("-- migrate:up") + (outside ? " transaction:false" : "") +
                       "\n-- " + one_line(labels.title) + "\n-- from: " + one_line(labels.from) +
                       "\n-- to:   " + one_line(labels.to) + "\n" + note_lines(labels);
  if (file.count > 1) {
    header += "-- part " + std::to_string(file.number) + " of " + std::to_string(file.count) +
              " (dbmate runs a CONCURRENTLY statement only alone, in a file of its own, and "
              "a validation belongs in a later transaction than what it validates)\n";
  }
  for (const auto& rename : file.up.possible_renames) {
    header += "-- possible rename (written as drop and add): " + one_line(rename) + "\n";
  }
  header += "-- " + std::to_string(file.up.statements.size()) +
            " statement(s); the down section goes back";
  header += !file.down_refused.empty() ? ": it cannot, see there\n"
            : !file.proven             ? " (not proven: --no-verify)\n"
            : file.down_proven         ? " (proven both ways)\n"
                                       : " (the plan is proven; this way back is not, as a later "
                                         "file has none)\n";
  const size_t hazards = hazard_count(file.up);
  Text body;
  append_part(body, file.up, count_lines(header) + (hazards > 0 ? hazards + 1 : 0) + 1, file.guard);
  std::string text = with_hazards(header, body) + "\n-- migrate:down\n";
  if (!file.down_refused.empty()) {
    // A down section that says why it cannot run, rather than one that does the wrong thing.
    // USING MESSAGE: a '%' in the reason is not a placeholder there.
    return text + "DO $pgdrift$ BEGIN RAISE EXCEPTION USING MESSAGE = " +
           quote_literal("pgdrift could not plan the way back: " + one_line(file.down_refused)) +
           "; END $pgdrift$;\n";
  }
  return text + part_body(file.down);
}

std::string plan_json(const Plan& plan, const PlanLabels& labels) {
  nlohmann::ordered_json out;
  out["from"] = labels.from;
  out["to"] = labels.to;
  out["statements"] = nlohmann::ordered_json::array();
  for (const auto& s : plan.statements) {
    nlohmann::ordered_json j;
    j["object"] = model::describe(s.object);
    j["kind"] = std::string(model::kind_name(s.object.kind));
    j["action"] = action_name(s.action);
    j["section"] = s.section;
    j["outside_transaction"] = s.outside_transaction;
    j["sql"] = s.sql;
    j["hazards"] = nlohmann::ordered_json::array();
    for (const auto& h : s.hazards)
      j["hazards"].push_back({{"rule", h.rule}, {"message", h.message}});
    out["statements"].push_back(std::move(j));
  }
  out["possible_renames"] = plan.possible_renames;
  return out.dump(2) + "\n";
}

}  // namespace pgdrift::plan

#include "plan/plan_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/quote.h"

namespace pgdrift::plan {

namespace {

constexpr const char* kSettings =
    "SET LOCAL search_path = '';\n"
    "SET LOCAL check_function_bodies = false;\n"
    "SET LOCAL lock_timeout = '5s';\n";

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

struct Body {
  std::string text;
  std::vector<std::string> hazard_lines;  ///< "line N: rule: message"
};

Body body_of(const Plan& plan, size_t first_line) {
  Body body;
  body.text = kSettings;
  const Statement* previous = nullptr;
  for (const auto& s : plan.statements) {
    if (previous && previous->section != s.section) {
      // The section before must be committed first; SET LOCAL ends with it.
      body.text += "COMMIT;\nBEGIN;\n" + std::string(kSettings);
      previous = nullptr;
    }
    // One comment line per run of statements on the same object with the same action.
    if (!previous || previous->object != s.object || previous->action != s.action) {
      body.text += "\n-- " + std::string(action_name(s.action)) + " " +
                   one_line(model::describe(s.object)) + "\n";
    }
    previous = &s;
    const size_t line = first_line + count_lines(body.text);
    for (const auto& h : s.hazards) {
      body.hazard_lines.push_back("line " + std::to_string(line) + ": " + h.rule + ": " +
                                  one_line(h.message));
    }
    body.text += s.sql;
  }
  return body;
}

}  // namespace

std::string plan_body(const Plan& plan) {
  return body_of(plan, 1).text;
}

std::string plan_script(const Plan& plan, const PlanLabels& labels) {
  std::string header = "-- pgdrift plan\n-- from: " + one_line(labels.from) +
                       "\n-- to:   " + one_line(labels.to) + "\n";
  if (plan.empty()) return header + "-- The two schemas are the same: nothing to do.\n";
  header += "-- " + std::to_string(plan.statements.size()) + " statement(s)\n";
  for (const auto& rename : plan.possible_renames) {
    header += "-- possible rename (written as drop and add): " + one_line(rename) + "\n";
  }
  // The hazard lines are part of the header, so the body's line numbers depend on their
  // count: count them first, then number.
  size_t hazards = 0;
  for (const auto& s : plan.statements) hazards += s.hazards.size();
  if (hazards > 0) header += "-- hazards:\n";
  const size_t body_start = count_lines(header) + hazards + 2;  // + BEGIN line, 1-based
  const Body body = body_of(plan, body_start);
  for (const auto& line : body.hazard_lines) header += "--   " + line + "\n";
  return header + "BEGIN;\n" + body.text + "COMMIT;\n";
}

std::string plan_dbmate_file(const Plan& up, const Plan& down, const PlanLabels& labels,
                             const std::string& down_refused, bool proven) {
  std::string header = "-- migrate:up\n-- pgdrift plan\n-- from: " + one_line(labels.from) +
                       "\n-- to:   " + one_line(labels.to) + "\n-- " +
                       std::to_string(up.statements.size()) +
                       " statement(s); the down section goes back";
  header += !down_refused.empty() ? ": it cannot, see there\n"
            : proven              ? " (proven both ways)\n"
                                  : " (not proven: --no-verify)\n";
  size_t hazards = 0;
  for (const auto& s : up.statements) hazards += s.hazards.size();
  if (hazards > 0) header += "-- hazards:\n";
  const Body body = body_of(up, count_lines(header) + hazards + 1);
  for (const auto& line : body.hazard_lines) header += "--   " + line + "\n";
  std::string text = header + body.text + "\n-- migrate:down\n";
  if (!down_refused.empty()) {
    // A down section that says why it cannot run, rather than one that does the wrong thing.
    // USING MESSAGE: a '%' in the reason is not a placeholder there.
    std::string reason = down_refused;
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    return text + "DO $pgdrift$ BEGIN RAISE EXCEPTION USING MESSAGE = " +
           quote_literal("pgdrift could not plan the way back: " + reason) + "; END $pgdrift$;\n";
  }
  return text + body_of(down, 1).text;
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

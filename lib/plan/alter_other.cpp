// In-place changes of sequences, functions, enum types and extensions.
#include <algorithm>

#include "plan/alteration.h"
#include "util/quote.h"

namespace pgdrift::plan {

Alteration alter_sequence(const model::Object& from, const model::Object& to) {
  const auto& a = model::def_as<model::SequenceDef>(from);
  const auto& b = model::def_as<model::SequenceDef>(to);
  Alteration out;
  const std::string name = qualified_name(to.id.schema, to.id.name);
  if (a.unlogged != b.unlogged) {
    out.steps.push_back({{statement(to.id, Action::kAlter,
                                    "ALTER SEQUENCE " + name +
                                        (b.unlogged ? " SET UNLOGGED;\n" : " SET LOGGED;\n"))},
                         {}});
  }
  if (a.data_type != b.data_type || a.start != b.start || a.increment != b.increment ||
      a.min_value != b.min_value || a.max_value != b.max_value || a.cache != b.cache ||
      a.cycle != b.cycle) {
    out.steps.push_back(
        {{statement(to.id, Action::kAlter,
                    "ALTER SEQUENCE " + name + " AS " + b.data_type + " START WITH " +
                        std::to_string(b.start) + " INCREMENT BY " + std::to_string(b.increment) +
                        " MINVALUE " + std::to_string(b.min_value) + " MAXVALUE " +
                        std::to_string(b.max_value) + " CACHE " + std::to_string(b.cache) +
                        (b.cycle ? " CYCLE" : " NO CYCLE") + ";\n")},
         {}});
  }
  if (a.owned_by != b.owned_by) {
    // OWNED BY names a column, which may be added by the same plan.
    std::vector<model::ObjectId> waits;
    std::string owner = "NONE";
    if (b.owned_by) {
      owner =
          qualified_name(to.id.schema, b.owned_by->table) + "." + quote_ident(b.owned_by->column);
      waits.push_back({model::ObjectKind::kTable, to.id.schema, "", b.owned_by->table, ""});
    }
    out.steps.push_back({{statement(to.id, Action::kAlter,
                                    "ALTER SEQUENCE " + name + " OWNED BY " + owner + ";\n")},
                         std::move(waits)});
  }
  return out;
}

Alteration alter_policy(const model::Object& from, const model::Object& to) {
  const auto& a = model::def_as<model::PolicyDef>(from);
  const auto& b = model::def_as<model::PolicyDef>(to);
  Alteration out;
  // ALTER POLICY changes the roles and the expressions, but cannot make a policy
  // restrictive, change its command, or take an expression away.
  if (a.command != b.command || a.permissive != b.permissive || (a.using_expr && !b.using_expr) ||
      (a.check_expr && !b.check_expr)) {
    out.recreate = true;
    return out;
  }
  std::string sql = "ALTER POLICY " + quote_ident(to.id.name) + " ON " +
                    qualified_name(to.id.schema, to.id.table);
  if (a.roles != b.roles) {
    sql += " TO ";
    if (b.roles.empty()) sql += "PUBLIC";
    for (size_t i = 0; i < b.roles.size(); ++i) {
      sql +=
          (i ? ", " : "") + (b.roles[i].empty() ? std::string("PUBLIC") : quote_ident(b.roles[i]));
    }
  }
  if (a.using_expr != b.using_expr) sql += "\n  USING (" + *b.using_expr + ")";
  if (a.check_expr != b.check_expr) sql += "\n  WITH CHECK (" + *b.check_expr + ")";
  out.steps.push_back({{statement(to.id, Action::kAlter, sql + ";\n")}, {}});
  return out;
}

namespace {

// pg_get_functiondef's text up to the body: the signature (names, modes and defaults of
// the arguments) and RETURNS. CREATE OR REPLACE may change anything after it.
std::string routine_head(const std::string& definition) {
  const auto language = definition.find("\n LANGUAGE ");
  return definition.substr(0, language);
}

}  // namespace

Alteration alter_function(const model::Object& from, const model::Object& to) {
  const auto& a = model::def_as<model::FunctionDef>(from);
  const auto& b = model::def_as<model::FunctionDef>(to);
  Alteration out;
  // PostgreSQL refuses CREATE OR REPLACE that changes the return type, the argument
  // names or defaults, or a function into a procedure: those are dropped and created.
  if (a.routine_kind != b.routine_kind ||
      routine_head(a.definition) != routine_head(b.definition)) {
    out.recreate = true;
    return out;
  }
  out.steps.push_back({{statement(to.id, Action::kReplace, b.definition + ";\n")}, {}});
  return out;
}

Alteration alter_type(const model::Object& from, const model::Object& to) {
  const auto& a = model::def_as<model::TypeDef>(from);
  const auto& b = model::def_as<model::TypeDef>(to);
  Alteration out;
  // An enum that only gains labels: ALTER TYPE ... ADD VALUE, each placed before the
  // label that follows it. Anything else is a new type.
  const bool enums = a.type_kind == "enum" && b.type_kind == "enum";
  auto other_fields_equal = [&] {
    model::TypeDef x = a, y = b;
    x.labels.clear();
    y.labels.clear();
    return x == y;
  };
  bool subsequence = enums && other_fields_equal();
  if (subsequence) {
    size_t j = 0;
    for (const auto& label : b.labels) {
      if (j < a.labels.size() && a.labels[j] == label) ++j;
    }
    subsequence = j == a.labels.size();
  }
  if (!subsequence) {
    out.recreate = true;
    return out;
  }
  const std::string name = qualified_name(to.id.schema, to.id.name);
  std::vector<Statement> statements;
  for (size_t i = 0; i < b.labels.size(); ++i) {
    if (std::find(a.labels.begin(), a.labels.end(), b.labels[i]) != a.labels.end()) continue;
    std::string sql = "ALTER TYPE " + name + " ADD VALUE " + quote_literal(b.labels[i]);
    if (i + 1 < b.labels.size()) sql += " BEFORE " + quote_literal(b.labels[i + 1]);
    statements.push_back(statement(to.id, Action::kAlter, sql + ";\n"));
    // Committed before the rest of the plan, which may use the new label.
    statements.back().section = 0;
  }
  // Added in reverse, each before a label that already exists by then.
  std::reverse(statements.begin(), statements.end());
  out.steps.push_back({std::move(statements), {}});
  return out;
}

namespace {

// Dotted version numbers compared part by part ("1.10" is newer than "1.9"); false when
// either is not made of numbers.
std::vector<long> version_parts(const std::string& text) {
  std::vector<long> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t dot = std::min(text.find('.', start), text.size());
    const std::string part = text.substr(start, dot - start);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) return {};
    parts.push_back(std::stol(part));
    start = dot + 1;
  }
  return parts;
}

bool is_older(const std::string& x, const std::string& y) {
  const auto a = version_parts(x);
  const auto b = version_parts(y);
  return !a.empty() && !b.empty() && a < b;
}

}  // namespace

Alteration alter_extension(const model::Object& from, const model::Object& to) {
  const auto& a = model::def_as<model::ExtensionDef>(from);
  const auto& b = model::def_as<model::ExtensionDef>(to);
  Alteration out;
  const std::string name = quote_ident(to.id.name);
  std::vector<Statement> statements;
  if (a.version != b.version && is_older(b.version, a.version)) {
    out.unsupported = "downgrading extension " + to.id.name + " from " + a.version + " to " +
                      b.version + " cannot be planned (extensions rarely ship a path back)";
    return out;
  }
  if (a.version != b.version) {
    statements.push_back(
        statement(to.id, Action::kAlter,
                  "ALTER EXTENSION " + name + " UPDATE TO " + quote_literal(b.version) + ";\n"));
  }
  if (a.schema != b.schema) {
    statements.push_back(
        statement(to.id, Action::kAlter,
                  "ALTER EXTENSION " + name + " SET SCHEMA " + quote_ident(b.schema) + ";\n"));
  }
  if (a.member_privileges != b.member_privileges) {
    out.unsupported =
        "changed privileges on the objects of extension " + to.id.name + " cannot be planned yet";
  }
  if (!statements.empty()) out.steps.push_back({std::move(statements), {}});
  return out;
}

}  // namespace pgdrift::plan

#include "plan/lint_context.h"

namespace pgdrift::plan {

lint::LintContext catalog_lint_context(const model::Catalog& catalog) {
  const model::Catalog* live = &catalog;  // the lambdas below keep a pointer to it
  lint::LintContext context;
  auto find_table = [live](const std::string& schema,
                           const std::string& name) -> const model::Object* {
    const model::Object* found = nullptr;
    for (const auto& o : live->objects) {
      if (o.id.kind != model::ObjectKind::kTable || o.id.name != name) continue;
      if (!schema.empty() && o.id.schema != schema) continue;
      if (!found || o.id.schema == "public") found = &o;
    }
    return found;
  };
  context.column_type = [find_table](const std::string& schema, const std::string& table,
                                     const std::string& column) -> std::optional<std::string> {
    const auto* t = find_table(schema, table);
    if (!t) return std::nullopt;
    for (const auto& c : model::def_as<model::TableDef>(*t).columns) {
      if (c.name == column) return c.type;
    }
    return std::nullopt;
  };
  context.has_not_null_check = [live, find_table](const std::string& schema,
                                                  const std::string& table,
                                                  const std::string& column) {
    const auto* t = find_table(schema, table);
    if (!t) return false;
    // pg_get_constraintdef prints it as CHECK ((column IS NOT NULL)).
    const std::string expected = "CHECK ((" + column + " IS NOT NULL))";
    for (const auto& o : live->objects) {
      if (o.id.kind != model::ObjectKind::kConstraint || o.id.schema != t->id.schema ||
          o.id.table != t->id.name) {
        continue;
      }
      const auto& c = model::def_as<model::ConstraintDef>(o);
      if (c.validated && c.definition == expected) return true;
    }
    return false;
  };
  context.volatility = [live](const std::vector<std::string>& name) -> std::optional<char> {
    if (name.empty()) return std::nullopt;
    for (const auto& o : live->objects) {
      if (o.id.kind != model::ObjectKind::kFunction || o.id.name != name.back()) continue;
      if (name.size() > 1 && o.id.schema != name[name.size() - 2]) continue;
      // pg_get_functiondef names STABLE and IMMUTABLE; VOLATILE is the default.
      const auto& def = model::def_as<model::FunctionDef>(o).definition;
      if (def.find(" IMMUTABLE") != std::string::npos) return 'i';
      if (def.find(" STABLE") != std::string::npos) return 's';
      return 'v';
    }
    return std::nullopt;
  };
  return context;
}

}  // namespace pgdrift::plan

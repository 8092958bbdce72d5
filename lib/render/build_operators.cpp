// Entries of operators, operator families and operator classes, written the way
// CREATE OPERATOR / CREATE OPERATOR CLASS take them.
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

namespace {

// Operators are not identifiers: only the schema is quoted.
std::string operator_name(const model::Object& o) {
  return quote_ident(o.id.schema) + "." + o.id.name;
}

// How ALTER/COMMENT name an operator class or family: s.name USING method.
std::string using_method(const model::Object& o) {
  return qualified_name(o.id.schema, o.id.name) + " USING " + quote_ident(o.id.args);
}

// The items of an operator class or of ALTER OPERATOR FAMILY ... ADD, one per line.
std::vector<std::string> member_items(const std::vector<model::OperatorMember>& operators,
                                      const std::vector<model::FunctionMember>& functions) {
  std::vector<std::string> items;
  for (const auto& op : operators) {
    std::string item = "OPERATOR " + std::to_string(op.strategy) + " " + op.name;
    if (op.order_by_family) item += " FOR ORDER BY " + qualified(*op.order_by_family);
    items.push_back(std::move(item));
  }
  for (const auto& fn : functions) {
    items.push_back("FUNCTION " + std::to_string(fn.number) + " (" + fn.left_type + ", " +
                    fn.right_type + ") " + fn.function);
  }
  return items;
}

std::string item_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ",\n    " : "\n    ") + items[i];
  return out;
}

}  // namespace

void build_operator(BuildContext& ctx, const model::Object& o, const model::OperatorDef& d) {
  const std::string name = operator_name(o);
  std::string sql = "CREATE OPERATOR " + name + " (\n    FUNCTION = " + d.function;
  if (d.left_type) sql += ",\n    LEFTARG = " + *d.left_type;
  if (d.right_type) sql += ",\n    RIGHTARG = " + *d.right_type;
  if (d.commutator) sql += ",\n    COMMUTATOR = " + *d.commutator;
  if (d.negator) sql += ",\n    NEGATOR = " + *d.negator;
  if (d.merges) sql += ",\n    MERGES";
  if (d.hashes) sql += ",\n    HASHES";
  if (d.restrict_function) sql += ",\n    RESTRICT = " + *d.restrict_function;
  if (d.join_function) sql += ",\n    JOIN = " + *d.join_function;
  sql += "\n);\n";
  const std::string target = "OPERATOR " + name + " (" + o.id.args + ")";
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_operator_family(BuildContext& ctx, const model::Object& o,
                           const model::OperatorFamilyDef& d) {
  const std::string target = "OPERATOR FAMILY " + using_method(o);
  std::string sql = "CREATE " + target + ";\n";
  const auto items = member_items(d.operators, d.functions);
  if (!items.empty()) sql += "ALTER " + target + " ADD" + item_list(items) + ";\n";
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_operator_class(BuildContext& ctx, const model::Object& o,
                          const model::OperatorClassDef& d) {
  std::string sql = "CREATE OPERATOR CLASS " + qualified_name(o.id.schema, o.id.name) +
                    (d.is_default ? " DEFAULT" : "") + "\n    FOR TYPE " + d.type + " USING " +
                    quote_ident(o.id.args) + " FAMILY " + qualified(d.family) + " AS";
  auto items = member_items(d.operators, d.functions);
  // The class needs at least one item; STORAGE of the indexed type says nothing more.
  if (d.storage || items.empty()) items.push_back("STORAGE " + d.storage.value_or(d.type));
  sql += item_list(items) + ";\n";
  const std::string target = "OPERATOR CLASS " + using_method(o);
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

// Readers of operators, operator families and operator classes.
#include "catalog/read_context.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

void read_operators(ReadContext& ctx) {
  auto rows = ctx.query("operators");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(rows, r,
                                ObjectId{ObjectKind::kOperator, rows.text(r, "schema"), "",
                                         rows.text(r, "name"), rows.text(r, "args")},
                                true, false);
    model::OperatorDef def;
    def.left_type = rows.opt(r, "left_type");
    def.right_type = rows.opt(r, "right_type");
    def.function = rows.text(r, "function");
    def.commutator = rows.opt(r, "commutator");
    def.negator = rows.opt(r, "negator");
    def.restrict_function = rows.opt(r, "restrict_function");
    def.join_function = rows.opt(r, "join_function");
    def.hashes = rows.boolean(r, "hashes");
    def.merges = rows.boolean(r, "merges");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_operator_families(ReadContext& ctx) {
  auto rows = ctx.query("operator_families");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(rows, r,
                                ObjectId{ObjectKind::kOperatorFamily, rows.text(r, "schema"), "",
                                         rows.text(r, "name"), rows.text(r, "method")},
                                true, false);
    model::OperatorFamilyDef def;
    def.operators = rows.json<std::vector<model::OperatorMember>>(r, "operators");
    def.functions = rows.json<std::vector<model::FunctionMember>>(r, "functions");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_operator_classes(ReadContext& ctx) {
  auto rows = ctx.query("operator_classes");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(rows, r,
                                ObjectId{ObjectKind::kOperatorClass, rows.text(r, "schema"), "",
                                         rows.text(r, "name"), rows.text(r, "method")},
                                true, false);
    model::OperatorClassDef def;
    def.is_default = rows.boolean(r, "is_default");
    def.type = rows.text(r, "type");
    def.family = rows.json<model::QualifiedName>(r, "family");
    def.storage = rows.opt(r, "storage");
    def.operators = rows.json<std::vector<model::OperatorMember>>(r, "operators");
    def.functions = rows.json<std::vector<model::FunctionMember>>(r, "functions");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

}  // namespace pgdrift::catalog

// Readers of the kinds around types and languages that have no deparser of their own:
// casts, conversions, procedural languages, access methods and transforms.
#include "catalog/read_context.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

void read_casts(ReadContext& ctx) {
  auto rows = ctx.query("casts");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r,
        ObjectId{ObjectKind::kCast, "", "", rows.text(r, "source"), rows.text(r, "target")}, false,
        false);
    model::CastDef def;
    const std::string method = rows.text(r, "method");
    const std::string context = rows.text(r, "context");
    if (method == "f") {
      def.method = "function";
    } else if (method == "i") {
      def.method = "inout";
    } else if (method == "b") {
      def.method = "binary";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised cast method \"" + method + "\" of " + model::describe(object.id));
    }
    if (context == "e") {
      def.context = "explicit";
    } else if (context == "a") {
      def.context = "assignment";
    } else if (context == "i") {
      def.context = "implicit";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised cast context \"" + context + "\" of " + model::describe(object.id));
    }
    def.function = rows.opt(r, "function");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_conversions(ReadContext& ctx) {
  auto rows = ctx.query("conversions");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r,
        ObjectId{ObjectKind::kConversion, rows.text(r, "schema"), "", rows.text(r, "name"), ""},
        true, false);
    object.definition =
        model::ConversionDef{rows.text(r, "source_encoding"), rows.text(r, "target_encoding"),
                             rows.text(r, "function"), rows.boolean(r, "is_default")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_languages(ReadContext& ctx) {
  auto rows = ctx.query("languages");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r, ObjectId{ObjectKind::kLanguage, "", "", rows.text(r, "name"), ""}, true, true);
    object.definition = model::LanguageDef{rows.boolean(r, "trusted"), rows.text(r, "handler"),
                                           rows.opt(r, "inline_handler"), rows.opt(r, "validator")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_access_methods(ReadContext& ctx) {
  auto rows = ctx.query("access_methods");
  for (int r = 0; r < rows.size(); ++r) {
    Object object =
        make_object(rows, r, ObjectId{ObjectKind::kAccessMethod, "", "", rows.text(r, "name"), ""},
                    false, false);
    const std::string type = rows.text(r, "method_type");
    if (type != "i" && type != "t") {
      throw Error(ErrorCategory::kInternal, "unrecognised access method type \"" + type + "\" of " +
                                                model::describe(object.id));
    }
    object.definition =
        model::AccessMethodDef{type == "i" ? "index" : "table", rows.text(r, "handler")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_transforms(ReadContext& ctx) {
  auto rows = ctx.query("transforms");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r,
        ObjectId{ObjectKind::kTransform, "", "", rows.text(r, "type"), rows.text(r, "language")},
        false, false);
    object.definition = model::TransformDef{rows.opt(r, "from_sql"), rows.opt(r, "to_sql")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

}  // namespace pgdrift::catalog

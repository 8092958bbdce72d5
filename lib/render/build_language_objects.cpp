// Entries of casts, conversions, procedural languages, access methods and transforms.
#include "render/acl.h"
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

void build_cast(BuildContext& ctx, const model::Object& o, const model::CastDef& d) {
  const std::string cast = "CAST (" + o.id.name + " AS " + o.id.args + ")";
  std::string sql = "CREATE " + cast;
  if (d.method == "function") {
    sql += " WITH FUNCTION " + d.function.value_or("");
  } else if (d.method == "inout") {
    sql += " WITH INOUT";
  } else {
    sql += " WITHOUT FUNCTION";
  }
  if (d.context == "assignment") sql += " AS ASSIGNMENT";
  if (d.context == "implicit") sql += " AS IMPLICIT";
  sql += ";\n";
  sql += comment_statement(cast, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_conversion(BuildContext& ctx, const model::Object& o, const model::ConversionDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql = std::string("CREATE ") + (d.is_default ? "DEFAULT " : "") + "CONVERSION " +
                    name + " FOR " + quote_literal(d.source_encoding) + " TO " +
                    quote_literal(d.target_encoding) + " FROM " + d.function + ";\n";
  sql += owner_statement("CONVERSION " + name, o.owner);
  sql += comment_statement("CONVERSION " + name, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_language(BuildContext& ctx, const model::Object& o, const model::LanguageDef& d) {
  const std::string name = quote_ident(o.id.name);
  // OR REPLACE, as pg_dump writes it: a language created by hand under the name of one
  // that a new database already has (plpgsql, once its extension was dropped) replays.
  std::string sql = std::string("CREATE OR REPLACE ") + (d.trusted ? "TRUSTED " : "") +
                    "LANGUAGE " + name + " HANDLER " + d.handler;
  if (d.inline_handler) sql += " INLINE " + *d.inline_handler;
  if (d.validator) sql += " VALIDATOR " + *d.validator;
  sql += ";\n";
  sql += owner_statement("LANGUAGE " + name, o.owner);
  sql += comment_statement("LANGUAGE " + name, o.comment);
  const std::string owner = o.owner.value_or("");
  sql += render_grants(
      "LANGUAGE " + name, o.acl,
      default_privileges(model::ObjectKind::kLanguage, owner, ctx.catalog.server_version_num),
      owner);
  ctx.main_entry(o, std::move(sql));
}

void build_access_method(BuildContext& ctx, const model::Object& o,
                         const model::AccessMethodDef& d) {
  const std::string name = quote_ident(o.id.name);
  std::string sql = "CREATE ACCESS METHOD " + name + " TYPE " +
                    (d.method_type == "index" ? "INDEX" : "TABLE") + " HANDLER " + d.handler +
                    ";\n";
  sql += comment_statement("ACCESS METHOD " + name, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_transform(BuildContext& ctx, const model::Object& o, const model::TransformDef& d) {
  const std::string transform =
      "TRANSFORM FOR " + o.id.name + " LANGUAGE " + quote_ident(o.id.args);
  std::string sql = "CREATE " + transform + " (";
  if (d.from_sql) sql += "FROM SQL WITH FUNCTION " + *d.from_sql;
  if (d.from_sql && d.to_sql) sql += ", ";
  if (d.to_sql) sql += "TO SQL WITH FUNCTION " + *d.to_sql;
  sql += ");\n";
  sql += comment_statement(transform, o.comment);
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

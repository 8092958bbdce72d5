// Entries of functions, procedures and aggregates.
#include "render/acl.h"
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

using model::ObjectKind;

void build_function(BuildContext& ctx, const model::Object& o, const model::FunctionDef& d) {
  const std::string keyword = d.routine_kind == "procedure" ? "PROCEDURE" : "FUNCTION";
  const std::string signature =
      keyword + " " + qualified_name(o.id.schema, o.id.name) + "(" + o.id.args + ")";
  std::string sql = d.definition + ";\n";
  sql += owner_statement(signature, o.owner);
  sql += comment_statement(signature, o.comment);
  sql += render_grants(signature, o.acl,
                       default_privileges(ObjectKind::kFunction, o.owner.value_or(""),
                                          ctx.catalog.server_version_num),
                       o.owner.value_or(""));
  ctx.main_entry(o, std::move(sql));
}

void build_aggregate(BuildContext& ctx, const model::Object& o, const model::AggregateDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::vector<std::string> parts;
  parts.push_back("SFUNC = " + d.sfunc);
  parts.push_back("STYPE = " + d.stype);
  if (d.sspace) parts.push_back("SSPACE = " + std::to_string(d.sspace));
  if (d.finalfunc) {
    parts.push_back("FINALFUNC = " + *d.finalfunc);
    if (d.finalfunc_extra) parts.push_back("FINALFUNC_EXTRA");
  }
  auto modify = [](const std::string& value) {
    return value == "read_only" ? "READ_ONLY" : value == "shareable" ? "SHAREABLE" : "READ_WRITE";
  };
  parts.push_back(std::string("FINALFUNC_MODIFY = ") + modify(d.finalfunc_modify));
  if (d.combinefunc) parts.push_back("COMBINEFUNC = " + *d.combinefunc);
  if (d.serialfunc) parts.push_back("SERIALFUNC = " + *d.serialfunc);
  if (d.deserialfunc) parts.push_back("DESERIALFUNC = " + *d.deserialfunc);
  if (d.initcond) parts.push_back("INITCOND = " + quote_literal(*d.initcond));
  if (d.msfunc) {
    parts.push_back("MSFUNC = " + *d.msfunc);
    if (d.minvfunc) parts.push_back("MINVFUNC = " + *d.minvfunc);
    if (d.mstype) parts.push_back("MSTYPE = " + *d.mstype);
    if (d.msspace) parts.push_back("MSSPACE = " + std::to_string(d.msspace));
    if (d.mfinalfunc) {
      parts.push_back("MFINALFUNC = " + *d.mfinalfunc);
      if (d.mfinalfunc_extra) parts.push_back("MFINALFUNC_EXTRA");
    }
    parts.push_back(std::string("MFINALFUNC_MODIFY = ") + modify(d.mfinalfunc_modify));
    if (d.minitcond) parts.push_back("MINITCOND = " + quote_literal(*d.minitcond));
  }
  if (d.sortop) parts.push_back("SORTOP = " + *d.sortop);
  if (d.parallel != "unsafe")
    parts.push_back(d.parallel == "safe" ? "PARALLEL = SAFE" : "PARALLEL = RESTRICTED");
  if (d.aggregate_kind == "hypothetical") parts.push_back("HYPOTHETICAL");

  // An aggregate without arguments is written name(*) wherever it is named as one.
  std::string sql =
      "CREATE AGGREGATE " + name + "(" + (d.arguments.empty() ? "*" : d.arguments) + ") (";
  for (size_t i = 0; i < parts.size(); ++i) sql += (i ? ",\n    " : "\n    ") + parts[i];
  sql += "\n);\n";
  const std::string signature =
      "AGGREGATE " + name + "(" + (o.id.args.empty() ? "*" : o.id.args) + ")";
  sql += owner_statement(signature, o.owner);
  sql += comment_statement(signature, o.comment);
  sql += render_grants("FUNCTION " + name + "(" + d.input_types + ")", o.acl,
                       default_privileges(ObjectKind::kAggregate, o.owner.value_or(""),
                                          ctx.catalog.server_version_num),
                       o.owner.value_or(""));
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

// Entries of foreign-data wrappers, foreign servers and user mappings (foreign tables
// are tables: build_relations.cpp).
#include "render/acl.h"
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

void build_foreign_data_wrapper(BuildContext& ctx, const model::Object& o,
                                const model::ForeignDataWrapperDef& d) {
  const std::string target = "FOREIGN DATA WRAPPER " + quote_ident(o.id.name);
  std::string sql = "CREATE " + target;
  if (d.handler) sql += " HANDLER " + *d.handler;
  if (d.validator) sql += " VALIDATOR " + *d.validator;
  if (!d.options.empty()) sql += " " + options_clause(d.options);
  sql += ";\n";
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  const std::string owner = o.owner.value_or("");
  sql += render_grants(target, o.acl,
                       default_privileges(model::ObjectKind::kForeignDataWrapper, owner,
                                          ctx.catalog.server_version_num),
                       owner);
  ctx.main_entry(o, std::move(sql));
}

void build_foreign_server(BuildContext& ctx, const model::Object& o,
                          const model::ForeignServerDef& d) {
  const std::string name = quote_ident(o.id.name);
  std::string sql = "CREATE SERVER " + name;
  if (d.type) sql += " TYPE " + quote_literal(*d.type);
  if (d.version) sql += " VERSION " + quote_literal(*d.version);
  sql += " FOREIGN DATA WRAPPER " + quote_ident(d.wrapper);
  if (!d.options.empty()) sql += " " + options_clause(d.options);
  sql += ";\n";
  sql += owner_statement("SERVER " + name, o.owner);
  sql += comment_statement("SERVER " + name, o.comment);
  const std::string owner = o.owner.value_or("");
  sql += render_grants(
      "FOREIGN SERVER " + name, o.acl,
      default_privileges(model::ObjectKind::kForeignServer, owner, ctx.catalog.server_version_num),
      owner);
  ctx.main_entry(o, std::move(sql));
}

void build_user_mapping(BuildContext& ctx, const model::Object& o, const model::UserMappingDef& d) {
  std::string sql = "CREATE USER MAPPING FOR " +
                    (o.id.name == "PUBLIC" ? std::string("PUBLIC") : quote_ident(o.id.name)) +
                    " SERVER " + quote_ident(o.id.args);
  if (!d.options.empty()) sql += " " + options_clause(d.options);
  sql += ";\n";
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

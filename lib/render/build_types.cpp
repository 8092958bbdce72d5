// Entries of schemas, extensions, collations, types and domains.
#include "render/acl.h"
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

using model::ObjectKind;

namespace {

// GRANT/REVOKE for an extension's object whose privileges were changed after CREATE
// EXTENSION, relative to what the extension's script left (or the built-in default).
std::string render_member_privileges(const model::ExtensionMemberPrivileges& m, int version_num) {
  std::string keyword;
  ObjectKind kind = ObjectKind::kTable;
  if (m.object_type == "function" || m.object_type == "aggregate") {
    keyword = "FUNCTION";
    kind = ObjectKind::kFunction;
  } else if (m.object_type == "procedure") {
    keyword = "PROCEDURE";
    kind = ObjectKind::kFunction;
  } else if (m.object_type == "sequence") {
    keyword = "SEQUENCE";
    kind = ObjectKind::kSequence;
  } else if (m.object_type == "type" || m.object_type == "domain") {
    keyword = m.object_type == "type" ? "TYPE" : "DOMAIN";
    kind = ObjectKind::kType;
  } else if (m.object_type == "schema") {
    keyword = "SCHEMA";
    kind = ObjectKind::kSchema;
  } else {
    keyword = "TABLE";  // tables, views, materialized views, foreign tables
  }
  const model::Acl defaults =
      m.initial_acl ? *m.initial_acl : default_privileges(kind, m.owner, version_num);
  // An ACL back at the built-in default after a change is written as that default.
  const std::optional<model::Acl> acl =
      m.acl ? m.acl : std::optional<model::Acl>(default_privileges(kind, m.owner, version_num));
  return render_grants(keyword + " " + m.identity, acl, defaults, m.owner);
}

// The settings of CREATE TYPE for a base type, one per line, in pg_dump's order.
std::string base_type_settings(const model::BaseTypeDef& b) {
  std::vector<std::string> settings;
  settings.push_back("INTERNALLENGTH = " + (b.internal_length < 0
                                                ? std::string("variable")
                                                : std::to_string(b.internal_length)));
  settings.push_back("INPUT = " + b.input);
  settings.push_back("OUTPUT = " + b.output);
  if (b.receive) settings.push_back("RECEIVE = " + *b.receive);
  if (b.send) settings.push_back("SEND = " + *b.send);
  if (b.typmod_in) settings.push_back("TYPMOD_IN = " + *b.typmod_in);
  if (b.typmod_out) settings.push_back("TYPMOD_OUT = " + *b.typmod_out);
  if (b.analyze) settings.push_back("ANALYZE = " + *b.analyze);
  if (b.subscript) settings.push_back("SUBSCRIPT = " + *b.subscript);
  if (b.passed_by_value) settings.push_back("PASSEDBYVALUE");
  settings.push_back("ALIGNMENT = " + b.alignment);
  settings.push_back("STORAGE = " + b.storage);
  settings.push_back("CATEGORY = " + quote_literal(b.category));
  if (b.preferred) settings.push_back("PREFERRED = true");
  if (b.default_value) settings.push_back("DEFAULT = " + quote_literal(*b.default_value));
  if (b.element) settings.push_back("ELEMENT = " + *b.element);
  settings.push_back("DELIMITER = " + quote_literal(b.delimiter));
  if (b.collatable) settings.push_back("COLLATABLE = true");
  std::string out;
  for (size_t i = 0; i < settings.size(); ++i) out += (i ? ",\n    " : "") + settings[i];
  return out;
}

}  // namespace

void build_schema(BuildContext& ctx, const model::Object& o, const model::SchemaDef&) {
  const std::string name = quote_ident(o.id.name);
  std::string sql;
  // Every database starts with a public schema; only its changes are written.
  if (o.id.name != "public") sql += "CREATE SCHEMA " + name + ";\n";
  sql += owner_statement("SCHEMA " + name, o.owner);
  sql += comment_statement("SCHEMA " + name, o.comment);
  if (o.id.name == "public" && o.acl) {
    // The public schema starts with initdb's privileges, not the owner's defaults:
    // clear them all, then grant what the original has.
    sql += "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n";
    if (o.owner || ctx.catalog.server_version_num >= 150000) {
      sql += "REVOKE ALL ON SCHEMA public FROM " +
             quote_ident(o.owner.value_or("pg_database_owner")) + ";\n";
    } else {
      // Before PostgreSQL 15 the default owner is the bootstrap superuser, whose name
      // the replaying server knows and the snapshot does not.
      sql +=
          "DO $$BEGIN EXECUTE 'REVOKE ALL ON SCHEMA public FROM ' || (SELECT nspowner::regrole "
          "FROM pg_catalog.pg_namespace WHERE nspname = 'public'); END$$;\n";
    }
    sql += render_grants("SCHEMA " + name, o.acl, {}, o.owner.value_or(""));
  } else {
    sql += render_grants("SCHEMA " + name, o.acl,
                         default_privileges(ObjectKind::kSchema, o.owner.value_or(""),
                                            ctx.catalog.server_version_num),
                         o.owner.value_or(""));
  }
  ctx.main_entry(o, std::move(sql));
}

void build_extension(BuildContext& ctx, const model::Object& o, const model::ExtensionDef& d) {
  const std::string name = quote_ident(o.id.name);
  std::string sql = "CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA " +
                    quote_ident(d.schema) + " VERSION " + quote_literal(d.version) + ";\n";
  sql += comment_statement("EXTENSION " + name, o.comment);
  for (const auto& member : d.member_privileges) {
    sql += render_member_privileges(member, ctx.catalog.server_version_num);
  }
  ctx.main_entry(o, std::move(sql));
}

void build_collation(BuildContext& ctx, const model::Object& o, const model::CollationDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql = "CREATE COLLATION " + name + " (provider = " + d.provider;
  if (d.provider == "libc") {
    sql += ", lc_collate = " + quote_literal(d.lc_collate) +
           ", lc_ctype = " + quote_literal(d.lc_ctype);
  } else {
    sql += ", locale = " + quote_literal(d.locale);
  }
  if (!d.icu_rules.empty()) sql += ", rules = " + quote_literal(d.icu_rules);
  if (!d.deterministic) sql += ", deterministic = false";
  sql += ");\n";
  sql += owner_statement("COLLATION " + name, o.owner);
  sql += comment_statement("COLLATION " + name, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_type(BuildContext& ctx, const model::Object& o, const model::TypeDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql = "CREATE TYPE " + name;
  if (d.type_kind == "shell") {
    sql += ";\n";
  } else if (d.type_kind == "base" && d.base) {
    // The support functions take or return the type: they are created between the
    // shell (an entry of its own, first) and this full definition.
    ctx.before_main_entry(o, Part::kShellType, "shell of type " + o.id.schema + "." + o.id.name,
                          "CREATE TYPE " + name + ";\n",
                          {EntryKey{{ObjectKind::kSchema, "", "", o.id.schema, ""}, Part::kMain}});
    sql += " (\n    " + base_type_settings(*d.base) + "\n);\n";
  } else if (d.type_kind == "enum") {
    sql += " AS ENUM (";
    for (size_t i = 0; i < d.labels.size(); ++i)
      sql += (i ? ",\n    " : "\n    ") + quote_literal(d.labels[i]);
    sql += "\n);\n";
  } else if (d.type_kind == "composite") {
    sql += " AS (";
    for (size_t i = 0; i < d.attributes.size(); ++i) {
      const auto& a = d.attributes[i];
      sql += (i ? ",\n    " : "\n    ") + quote_ident(a.name) + " " + a.type;
      if (a.collation) sql += " COLLATE " + qualified(*a.collation);
    }
    sql += "\n);\n";
  } else {
    sql += " AS RANGE (\n    subtype = " + d.range_subtype;
    if (d.range_opclass) sql += ",\n    subtype_opclass = " + qualified(*d.range_opclass);
    if (d.range_collation) sql += ",\n    collation = " + qualified(*d.range_collation);
    if (d.range_canonical) sql += ",\n    canonical = " + *d.range_canonical;
    if (d.range_subtype_diff) sql += ",\n    subtype_diff = " + *d.range_subtype_diff;
    if (d.multirange) sql += ",\n    multirange_type_name = " + qualified(*d.multirange);
    sql += "\n);\n";
  }
  sql += owner_statement("TYPE " + name, o.owner);
  sql += comment_statement("TYPE " + name, o.comment);
  for (const auto& a : d.attributes) {
    sql += comment_statement("COLUMN " + name + "." + quote_ident(a.name), a.comment);
  }
  sql += render_grants(
      "TYPE " + name, o.acl,
      default_privileges(ObjectKind::kType, o.owner.value_or(""), ctx.catalog.server_version_num),
      o.owner.value_or(""));
  ctx.main_entry(o, std::move(sql));
}

void build_domain(BuildContext& ctx, const model::Object& o, const model::DomainDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql = "CREATE DOMAIN " + name + " AS " + d.base_type;
  if (d.collation) sql += " COLLATE " + qualified(*d.collation);
  if (d.default_expr) sql += " DEFAULT " + *d.default_expr;
  if (d.not_null) sql += " NOT NULL";
  std::string later;
  for (const auto& c : d.constraints) {
    if (c.validated) {
      sql += "\n    CONSTRAINT " + quote_ident(c.name) + " " + c.definition;
    } else {
      // NOT VALID constraints can only be added by ALTER DOMAIN.
      later += "ALTER DOMAIN " + name + " ADD CONSTRAINT " + quote_ident(c.name) + " " +
               c.definition + ";\n";
    }
  }
  sql += ";\n" + later;
  sql += owner_statement("DOMAIN " + name, o.owner);
  sql += comment_statement("DOMAIN " + name, o.comment);
  for (const auto& c : d.constraints) {
    sql += comment_statement("CONSTRAINT " + quote_ident(c.name) + " ON DOMAIN " + name, c.comment);
  }
  sql += render_grants(
      "DOMAIN " + name, o.acl,
      default_privileges(ObjectKind::kDomain, o.owner.value_or(""), ctx.catalog.server_version_num),
      o.owner.value_or(""));
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

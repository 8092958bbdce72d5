// Entries of triggers, rules, policies, statistics objects, event triggers,
// publications and default privileges.
#include "render/acl.h"
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

using model::ObjectKind;

namespace {

// ALTER TABLE ... ENABLE/DISABLE for a trigger or rule whose state is not the default.
std::string enabled_statement(const std::string& table, const std::string& what,
                              const std::string& name, const std::string& state) {
  std::string action;
  if (state == "disabled") action = "DISABLE ";
  if (state == "replica") action = "ENABLE REPLICA ";
  if (state == "always") action = "ENABLE ALWAYS ";
  if (action.empty()) return "";
  return "ALTER TABLE " + table + " " + action + what + " " + quote_ident(name) + ";\n";
}

}  // namespace

void build_trigger(BuildContext& ctx, const model::Object& o, const model::TriggerDef& d) {
  const std::string table = qualified_name(o.id.schema, o.id.table);
  std::string sql = d.definition + ";\n";
  sql += enabled_statement(table, "TRIGGER", o.id.name, d.enabled);
  sql += comment_statement("TRIGGER " + quote_ident(o.id.name) + " ON " + table, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_rule(BuildContext& ctx, const model::Object& o, const model::RuleDef& d) {
  const std::string table = qualified_name(o.id.schema, o.id.table);
  std::string sql = d.definition + ";\n";
  sql += enabled_statement(table, "RULE", o.id.name, d.enabled);
  sql += comment_statement("RULE " + quote_ident(o.id.name) + " ON " + table, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_policy(BuildContext& ctx, const model::Object& o, const model::PolicyDef& d) {
  const std::string table = qualified_name(o.id.schema, o.id.table);
  std::string sql = "CREATE POLICY " + quote_ident(o.id.name) + " ON " + table;
  if (!d.permissive) sql += " AS RESTRICTIVE";
  sql += " FOR " + d.command;
  if (!d.roles.empty()) {
    sql += " TO ";
    for (size_t i = 0; i < d.roles.size(); ++i) {
      sql +=
          (i ? ", " : "") + (d.roles[i].empty() ? std::string("PUBLIC") : quote_ident(d.roles[i]));
    }
  }
  if (d.using_expr) sql += "\n  USING (" + *d.using_expr + ")";
  if (d.check_expr) sql += "\n  WITH CHECK (" + *d.check_expr + ")";
  sql += ";\n";
  sql += comment_statement("POLICY " + quote_ident(o.id.name) + " ON " + table, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_statistics(BuildContext& ctx, const model::Object& o, const model::StatisticsDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql = d.definition + ";\n";
  if (d.statistics_target) {
    sql += "ALTER STATISTICS " + name + " SET STATISTICS " + std::to_string(*d.statistics_target) +
           ";\n";
  }
  sql += owner_statement("STATISTICS " + name, o.owner);
  sql += comment_statement("STATISTICS " + name, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_event_trigger(BuildContext& ctx, const model::Object& o,
                         const model::EventTriggerDef& d) {
  const std::string name = quote_ident(o.id.name);
  std::string sql = "CREATE EVENT TRIGGER " + name + " ON " + quote_ident(d.event);
  if (!d.tags.empty()) {
    sql += "\n  WHEN TAG IN (";
    for (size_t i = 0; i < d.tags.size(); ++i) sql += (i ? ", " : "") + quote_literal(d.tags[i]);
    sql += ")";
  }
  sql += "\n  EXECUTE FUNCTION " + d.function + "();\n";
  if (d.enabled == "disabled") sql += "ALTER EVENT TRIGGER " + name + " DISABLE;\n";
  if (d.enabled == "replica") sql += "ALTER EVENT TRIGGER " + name + " ENABLE REPLICA;\n";
  if (d.enabled == "always") sql += "ALTER EVENT TRIGGER " + name + " ENABLE ALWAYS;\n";
  sql += owner_statement("EVENT TRIGGER " + name, o.owner);
  sql += comment_statement("EVENT TRIGGER " + name, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_publication(BuildContext& ctx, const model::Object& o, const model::PublicationDef& d) {
  const std::string name = quote_ident(o.id.name);
  std::string sql = "CREATE PUBLICATION " + name;
  if (d.all_tables) sql += " FOR ALL TABLES";
  std::string publish;
  for (const auto& action : d.publish) publish += (publish.empty() ? "" : ", ") + action;
  sql += " WITH (publish = " + quote_literal(publish);
  if (d.via_root) sql += ", publish_via_partition_root = true";
  sql += ");\n";
  std::vector<EntryKey> tables;
  for (const auto& t : d.tables) {
    sql += "ALTER PUBLICATION " + name + " ADD TABLE ONLY " + qualified(t.table);
    if (!t.columns.empty()) {
      sql += " (";
      for (size_t i = 0; i < t.columns.size(); ++i)
        sql += (i ? ", " : "") + quote_ident(t.columns[i]);
      sql += ")";
    }
    if (t.where) sql += " WHERE (" + *t.where + ")";
    sql += ";\n";
    tables.push_back(
        EntryKey{{ObjectKind::kTable, t.table.schema, "", t.table.name, ""}, Part::kMain});
  }
  for (const auto& s : d.schemas) {
    sql += "ALTER PUBLICATION " + name + " ADD TABLES IN SCHEMA " + quote_ident(s) + ";\n";
    tables.push_back(EntryKey{{ObjectKind::kSchema, "", "", s, ""}, Part::kMain});
  }
  sql += owner_statement("PUBLICATION " + name, o.owner);
  sql += comment_statement("PUBLICATION " + name, o.comment);
  Entry& entry = ctx.main_entry(o, std::move(sql));
  entry.after.insert(entry.after.end(), tables.begin(), tables.end());
}

void build_default_privileges(BuildContext& ctx, const model::Object& o,
                              const model::DefaultPrivilegesDef& d) {
  ctx.main_entry(o, render_default_privileges(o.id, d, ctx.catalog.server_version_num));
}

}  // namespace pgdrift::render

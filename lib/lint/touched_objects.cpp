#include "lint/touched_objects.h"

#include <algorithm>

#include "history/migration_sections.h"
#include "history/sql_statements.h"
#include "lint/parsed_sql.h"
#include "util/error.h"

namespace pgdrift::lint {

std::vector<TouchedObject> touched_objects(const std::string& text) {
  std::vector<TouchedObject> out;
  history::MigrationSections sections;
  try {
    sections = history::parse_migration_sections(text);
  } catch (const Error&) {
    return out;
  }
  const auto parsed = parse_sql(sections.up.sql);
  if (parsed.error) return out;
  std::vector<std::string> created;
  for (const auto& s : parsed.statements) {
    const auto& n = s.node;
    auto add = [&](const nlohmann::json& relation, const std::string& column, bool breaking) {
      const std::string table = relation.value("relname", "");
      if (table.empty() || std::find(created.begin(), created.end(), table) != created.end()) {
        return;
      }
      out.push_back({relation.value("schemaname", ""), table, column, breaking,
                     history::line_at(sections.up.sql, s.offset, sections.up.first_line),
                     history::excerpt(s.text)});
    };
    if (s.type == "CreateStmt") {
      created.push_back(n["relation"].value("relname", ""));
    } else if (s.type == "AlterTableStmt" && n.value("objtype", "OBJECT_TABLE") == "OBJECT_TABLE") {
      bool whole_table = false;
      for (const auto& item : n["cmds"]) {
        const auto& cmd = item["AlterTableCmd"];
        const std::string subtype = cmd.value("subtype", "");
        if (subtype == "AT_DropColumn" || subtype == "AT_AlterColumnType") {
          add(n["relation"], cmd.value("name", ""), true);
        } else {
          whole_table = true;
        }
      }
      if (whole_table) add(n["relation"], "", false);
    } else if (s.type == "RenameStmt") {
      const std::string kind = n.value("renameType", "");
      if (kind == "OBJECT_COLUMN") add(n["relation"], n.value("subname", ""), true);
      if (kind == "OBJECT_TABLE") add(n["relation"], "", true);
    } else if (s.type == "DropStmt" && n.value("removeType", "") == "OBJECT_TABLE") {
      for (const auto& object : n["objects"]) {
        const auto parts = names(object.contains("List") ? object["List"]["items"] : object);
        if (parts.empty()) continue;
        nlohmann::json relation{{"relname", parts.back()}};
        if (parts.size() > 1) relation["schemaname"] = parts[parts.size() - 2];
        add(relation, "", true);
      }
    } else if (s.type == "TruncateStmt") {
      for (const auto& r : n["relations"]) add(r["RangeVar"], "", false);
    } else if (s.type == "IndexStmt" && !n.value("concurrent", false)) {
      add(n["relation"], "", false);
    }
  }
  return out;
}

}  // namespace pgdrift::lint

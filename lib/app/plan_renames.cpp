#include "app/plan_renames.h"

#include <algorithm>
#include <map>

#include "pg/session.h"
#include "plan/planner.h"
#include "render/sql.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

using model::ObjectKind;

const model::TableDef* table_of(const model::Catalog& catalog, const std::string& schema,
                                const std::string& name) {
  for (const auto& o : catalog.objects) {
    if (o.id.kind == ObjectKind::kTable && o.id.schema == schema && o.id.name == name)
      return &model::def_as<model::TableDef>(o);
  }
  return nullptr;
}

bool has_column(const model::TableDef& table, const std::string& name) {
  return std::any_of(table.columns.begin(), table.columns.end(),
                     [&](const model::Column& c) { return c.name == name; });
}

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == by) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string spec_of(const Rename& r) {
  return r.schema + "." + r.table + (r.column.empty() ? "" : "." + r.column) + "=" + r.to;
}

}  // namespace

std::vector<Rename> parse_renames(const std::vector<std::string>& specs) {
  std::vector<Rename> tables, columns;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    const auto path = split(spec.substr(0, eq == std::string::npos ? 0 : eq), '.');
    const std::string to = eq == std::string::npos ? "" : spec.substr(eq + 1);
    const bool named = std::all_of(path.begin(), path.end(),
                                   [](const std::string& part) { return !part.empty(); });
    if (eq == std::string::npos || to.empty() || !named || path.size() < 2 || path.size() > 3) {
      throw Error(ErrorCategory::kUsage, "--rename " + spec +
                                             ": write schema.table=new_name for a table, "
                                             "schema.table.column=new_name for a column");
    }
    if (path.size() == 2) {
      tables.push_back({path[0], path[1], "", to});
    } else {
      columns.push_back({path[0], path[1], path[2], to});
    }
  }
  // Column renames run on the table's name after its own rename.
  for (auto& c : columns) {
    for (const auto& t : tables) {
      if (t.schema == c.schema && t.table == c.table) c.table = t.to;
    }
  }
  tables.insert(tables.end(), columns.begin(), columns.end());
  return tables;
}

void check_renames(const std::vector<Rename>& renames, const model::Catalog& from,
                   const model::Catalog& to) {
  std::map<std::string, std::string> old_name;  // table's new name -> name in FROM
  for (const auto& r : renames) {
    const std::string spec = "--rename " + spec_of(r);
    if (r.column.empty()) {
      if (!table_of(from, r.schema, r.table)) {
        throw Error(ErrorCategory::kInput,
                    spec + ": FROM has no table " + r.schema + "." + r.table);
      }
      if (table_of(from, r.schema, r.to)) {
        throw Error(ErrorCategory::kInput,
                    spec + ": FROM has a table " + r.schema + "." + r.to + " already");
      }
      if (!table_of(to, r.schema, r.to)) {
        throw Error(ErrorCategory::kInput, spec + ": TO has no table " + r.schema + "." + r.to);
      }
      old_name[r.schema + "." + r.to] = r.table;
      continue;
    }
    const auto renamed = old_name.find(r.schema + "." + r.table);
    const std::string in_from = renamed == old_name.end() ? r.table : renamed->second;
    const auto* before = table_of(from, r.schema, in_from);
    const auto* after = table_of(to, r.schema, r.table);
    if (!before || !has_column(*before, r.column)) {
      throw Error(ErrorCategory::kInput, spec + ": FROM's table " + r.schema + "." + in_from +
                                             " has no column " + r.column);
    }
    if (has_column(*before, r.to)) {
      throw Error(ErrorCategory::kInput, spec + ": FROM's table " + r.schema + "." + in_from +
                                             " has a column " + r.to + " already");
    }
    if (!after || !has_column(*after, r.to)) {
      throw Error(ErrorCategory::kInput,
                  spec + ": TO has no column " + r.to + " in table " + r.schema + "." + r.table);
    }
  }
}

std::vector<Rename> reverse_renames(const std::vector<Rename>& renames) {
  std::vector<Rename> out;
  for (auto it = renames.rbegin(); it != renames.rend(); ++it) {
    if (it->column.empty()) {
      out.push_back({it->schema, it->to, "", it->table});
    } else {
      out.push_back({it->schema, it->table, it->to, it->column});
    }
  }
  return out;
}

std::vector<plan::Statement> rename_statements(const std::vector<Rename>& renames) {
  std::vector<plan::Statement> out;
  for (const auto& r : renames) {
    plan::Statement s;
    s.object = model::ObjectId{ObjectKind::kTable, r.schema, "", r.table, ""};
    s.action = plan::Action::kAlter;
    s.sql = "ALTER TABLE " + qualified_name(r.schema, r.table) +
            (r.column.empty()
                 ? " RENAME TO " + quote_ident(r.to)
                 : " RENAME COLUMN " + quote_ident(r.column) + " TO " + quote_ident(r.to)) +
            ";\n";
    out.push_back(std::move(s));
  }
  return out;
}

model::Catalog renamed_catalog(shadow::Shadow& shadow, const model::Catalog& catalog,
                               const std::vector<Rename>& renames, const LiveSource& reading,
                               Log& log) {
  const auto where = shadow.create_database(shadow::DatabaseSpec{}, log);
  auto conn = pg::Connection::open(where);
  with_context("replaying FROM in the shadow for --rename",
               [&] { conn.run_script(render::render_sql(catalog)); });
  std::string sql;
  for (const auto& s : rename_statements(renames)) sql += s.sql;
  with_context("renaming in the shadow", [&] { conn.run_script(sql); });
  return read_database_catalog(where, reading, log);
}

plan::Plan renames_first(const std::vector<Rename>& renames, plan::Plan plan) {
  return plan::run_first(rename_statements(renames), std::move(plan));
}

}  // namespace pgdrift::app

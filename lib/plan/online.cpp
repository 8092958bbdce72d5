#include "plan/online.h"

#include "lint/parsed_sql.h"
#include "util/quote.h"

namespace pgdrift::plan {
namespace {

using nlohmann::json;

constexpr size_t kMaxNameBytes = 63;  // NAMEDATALEN - 1

std::string comment_on(const std::string& target, const std::optional<std::string>& comment) {
  if (!comment) return "";
  return "COMMENT ON " + target + " IS " + quote_literal(*comment) + ";\n";
}

// The length of \a text without a UTF-8 sequence cut short at its end.
size_t utf8_prefix(const std::string& text) {
  size_t lead = text.size();
  while (lead > 0 && (static_cast<unsigned char>(text[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead == 0) return text.size();
  const auto byte = static_cast<unsigned char>(text[lead - 1]);
  const size_t length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
  return text.size() - (lead - 1) >= length ? text.size() : lead - 1;
}

// The smallest "location" in a parse tree: where the expression's text starts.
void min_location(const json& node, size_t& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "location" && value.is_number_integer() && value.get<long long>() >= 0) {
        out = std::min(out, static_cast<size_t>(value.get<long long>()));
      } else {
        min_location(value, out);
      }
    }
  } else if (node.is_array()) {
    for (const auto& item : node) min_location(item, out);
  }
}

// \a definition with TABLESPACE \a tablespace where the grammar wants it: before WHERE.
std::optional<std::string> with_tablespace(const std::string& definition,
                                           const std::string& tablespace) {
  const std::string clause = " TABLESPACE " + quote_ident(tablespace);
  const auto parsed = lint::parse_sql(definition);
  if (parsed.error || parsed.statements.size() != 1) return std::nullopt;
  const json& node = parsed.statements.front().node;
  if (!node.contains("whereClause")) return definition + clause;
  size_t where = definition.size();
  min_location(node["whereClause"], where);
  const auto keyword = definition.rfind(" WHERE ", where);
  if (keyword == std::string::npos) return std::nullopt;
  return definition.substr(0, keyword) + clause + definition.substr(keyword);
}

std::string quoted_list(const json& list) {
  std::string out;
  for (const auto& name : lint::names(list)) out += (out.empty() ? "" : ", ") + quote_ident(name);
  return out;
}

}  // namespace

std::optional<std::string> concurrent_index_build(const model::Object& o, const model::IndexDef& d,
                                                  const std::string& name) {
  std::string definition = d.definition;
  if (d.tablespace) {
    auto placed = with_tablespace(definition, *d.tablespace);
    if (!placed) return std::nullopt;
    definition = std::move(*placed);
  }
  std::string head;
  for (const char* prefix : {"CREATE INDEX ", "CREATE UNIQUE INDEX "}) {
    if (definition.rfind(prefix, 0) == 0) head = prefix;
  }
  const std::string own_name = quote_ident(o.id.name) + " ON ";
  if (head.empty() || definition.compare(head.size(), own_name.size(), own_name) != 0) {
    return std::nullopt;
  }
  const std::string rest = definition.substr(head.size() + own_name.size());
  if (rest.rfind("ONLY ", 0) == 0) return std::nullopt;  // a partitioned table's
  return head + "CONCURRENTLY " + quote_ident(name) + " ON " + rest + ";\n";
}

std::string index_settings(const model::Object& o, const model::IndexDef& d) {
  const std::string name = qualified_name(o.id.schema, o.id.name);
  std::string sql;
  if (d.clustered) {
    sql += "ALTER TABLE " + qualified_name(o.id.schema, o.id.table) + " CLUSTER ON " +
           quote_ident(o.id.name) + ";\n";
  }
  for (const auto& [column, target] : d.column_statistics) {
    sql += "ALTER INDEX " + name + " ALTER COLUMN " + std::to_string(column) + " SET STATISTICS " +
           std::to_string(target) + ";\n";
  }
  return sql + comment_on("INDEX " + name, o.comment);
}

std::string concurrent_index_drop(const model::Object& o) {
  return "DROP INDEX CONCURRENTLY " + qualified_name(o.id.schema, o.id.name) + ";\n";
}

std::optional<OnlineKey> online_key(const model::Object& o, const model::ConstraintDef& d) {
  const bool primary = d.constraint_type == "primary_key";
  if (!primary && d.constraint_type != "unique") return std::nullopt;
  // USING INDEX renames the index after the constraint: it must already be so named.
  if (d.index_name != o.id.name) return std::nullopt;
  const std::string table = qualified_name(o.id.schema, o.id.table);
  const auto parsed = lint::parse_sql("ALTER TABLE t ADD CONSTRAINT c " + d.definition);
  if (parsed.error || parsed.statements.size() != 1) return std::nullopt;
  const json& node = parsed.statements.front().node;
  if (!node.contains("cmds") || node["cmds"].size() != 1) return std::nullopt;
  const json& c = node["cmds"][0]["AlterTableCmd"]["def"]["Constraint"];
  if (c.contains("options") || !c.contains("keys")) return std::nullopt;
  std::string build = "CREATE UNIQUE INDEX CONCURRENTLY " + quote_ident(d.index_name) + " ON " +
                      table + " USING btree (" + quoted_list(c["keys"]) + ")";
  if (c.contains("including")) build += " INCLUDE (" + quoted_list(c["including"]) + ")";
  if (c.value("nulls_not_distinct", false)) build += " NULLS NOT DISTINCT";
  std::optional<std::string> tablespace = d.index_tablespace;
  if (c.contains("indexspace")) tablespace = c["indexspace"].get<std::string>();
  if (tablespace) build += " TABLESPACE " + quote_ident(*tablespace);
  build += ";\n";
  std::string add = "ALTER TABLE " + std::string(d.only ? "ONLY " : "") + table +
                    " ADD CONSTRAINT " + quote_ident(o.id.name) +
                    (primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " +
                    quote_ident(d.index_name);
  if (c.value("deferrable", false)) add += " DEFERRABLE";
  if (c.value("initdeferred", false)) add += " INITIALLY DEFERRED";
  add += ";\n";
  if (d.index_clustered) {
    add += "ALTER TABLE " + table + " CLUSTER ON " + quote_ident(d.index_name) + ";\n";
  }
  add += comment_on("CONSTRAINT " + quote_ident(o.id.name) + " ON " + table, o.comment);
  add += comment_on("INDEX " + qualified_name(o.id.schema, d.index_name), d.index_comment);
  return OnlineKey{std::move(build), std::move(add)};
}

NotValidConstraint not_valid_constraint(const model::Object& o, const model::ConstraintDef& d) {
  const std::string table =
      std::string(d.only ? "ONLY " : "") + qualified_name(o.id.schema, o.id.table);
  const std::string name = quote_ident(o.id.name);
  return {"ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + d.definition +
              " NOT VALID;\n" +
              comment_on("CONSTRAINT " + name + " ON " + qualified_name(o.id.schema, o.id.table),
                         o.comment),
          "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name + ";\n"};
}

std::string unused_name(const std::string& base, const std::string& suffix,
                        const std::function<bool(const std::string&)>& taken) {
  for (int n = 1;; ++n) {
    const std::string tail = suffix + (n == 1 ? "" : std::to_string(n));
    std::string head = base;
    if (head.size() + tail.size() > kMaxNameBytes) {
      head.resize(kMaxNameBytes - std::min(kMaxNameBytes, tail.size()));
      head.resize(utf8_prefix(head));
    }
    if (!taken(head + tail)) return head + tail;
  }
}

}  // namespace pgdrift::plan

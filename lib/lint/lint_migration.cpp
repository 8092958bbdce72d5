#include "lint/lint_migration.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "history/migration_sections.h"
#include "history/sql_statements.h"
#include "lint/parsed_sql.h"
#include "util/error.h"

namespace pgdrift::lint {
namespace {

using nlohmann::json;

// Functions whose results change per row, when no live catalog says otherwise.
const std::set<std::string> kVolatileBuiltins = {
    "random",           "clock_timestamp",    "timeofday",          "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",   "nextval",
    "setseed",          "txid_current",       "statement_timestamp"};

const std::set<std::string> kSerialTypes = {"serial",  "serial2",   "serial4",
                                            "serial8", "bigserial", "smallserial"};

struct Table {
  std::string schema;  ///< "" when the statement did not qualify it
  std::string name;
  std::string display() const { return schema.empty() ? name : schema + "." + name; }
  bool matches(const Table& other) const {
    return name == other.name && (schema.empty() || other.schema.empty() || schema == other.schema);
  }
};

Table table_of(const json& range_var) {
  return {range_var.value("schemaname", ""), range_var.value("relname", "")};
}

struct FunctionCall {
  std::vector<std::string> name;  ///< as written: [schema,] name
  size_t arguments = 0;
};

// Collects every FuncCall below \a node.
void function_calls(const json& node, std::vector<FunctionCall>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "FuncCall") {
        out.push_back(
            {names(it.value()["funcname"]), it.value().value("args", json::array()).size()});
      }
      function_calls(it.value(), out);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) function_calls(item, out);
  }
}

// The words of an ALTER TABLE command that rewrites the table, for messages.
std::string table_rewrite_words(const std::string& subtype) {
  if (subtype == "AT_SetTableSpace") return "SET TABLESPACE";
  if (subtype == "AT_SetLogged") return "SET LOGGED";
  if (subtype == "AT_SetUnLogged") return "SET UNLOGGED";
  return "SET ACCESS METHOD";
}

std::string type_name(const json& type) {
  // The grammar turns SQL's type names into catalog names (bigint -> pg_catalog.int8):
  // show the SQL ones.
  static const std::map<std::string, std::string> kSqlNames = {{"int2", "smallint"},
                                                               {"int4", "integer"},
                                                               {"int8", "bigint"},
                                                               {"float4", "real"},
                                                               {"float8", "double precision"},
                                                               {"bool", "boolean"},
                                                               {"bpchar", "character"}};
  const auto parts = names(type["names"]);
  std::string out = parts.empty() ? "" : parts.back();
  if (parts.size() == 2 && parts[0] == "pg_catalog" && kSqlNames.count(out)) {
    out = kSqlNames.at(out);
  }
  std::vector<std::string> mods;
  if (type.contains("typmods")) {
    for (const auto& m : type["typmods"]) {
      if (m.contains("A_Const") && m["A_Const"].contains("ival")) {
        mods.push_back(std::to_string(m["A_Const"]["ival"].value("ival", 0)));
      }
    }
  }
  if (!mods.empty()) {
    out += "(";
    for (size_t i = 0; i < mods.size(); ++i) out += (i ? "," : "") + mods[i];
    out += ")";
  }
  return out;
}

// The numbers in "name(a,b)"; empty when none.
std::vector<int> modifiers(const std::string& type) {
  std::vector<int> out;
  const auto open = type.find('(');
  if (open == std::string::npos) return out;
  size_t pos = open + 1;
  while (pos < type.size()) {
    size_t used = 0;
    try {
      out.push_back(std::stoi(type.substr(pos), &used));
    } catch (...) {
      break;
    }
    pos += used;
    if (pos < type.size() && type[pos] == ',')
      ++pos;
    else
      break;
  }
  return out;
}

}  // namespace

// Type changes PostgreSQL makes without rewriting the table: varchar(n) to a wider or
// unbounded varchar or text, numeric(p,s) to a higher precision with the same scale or
// to unconstrained numeric.
bool safe_widening(const std::string& old_type, const std::string& new_type) {
  const bool old_varchar = old_type.rfind("character varying", 0) == 0;
  const std::string new_base = new_type.substr(0, new_type.find('('));
  if ((old_varchar || old_type == "text") && new_base == "text") return true;
  if (old_varchar && (new_base == "varchar" || new_base == "character varying")) {
    const auto from = modifiers(old_type);
    const auto to = modifiers(new_type);
    return to.empty() || (!from.empty() && to[0] >= from[0]);
  }
  if (old_type.rfind("numeric", 0) == 0 && new_base == "numeric") {
    const auto from = modifiers(old_type);
    const auto to = modifiers(new_type);
    if (to.empty()) return true;
    if (from.empty()) return false;
    const int from_scale = from.size() > 1 ? from[1] : 0;
    const int to_scale = to.size() > 1 ? to[1] : 0;
    return to[0] >= from[0] && to_scale == from_scale;
  }
  return false;
}

namespace {

// Whether \a call may call \a function: the same name, the same schema when both say
// one, and a number of arguments the function takes.
bool same_function(const FunctionCall& call, const CreatedFunction& function) {
  const auto& a = call.name;
  const auto& b = function.name;
  if (a.empty() || b.empty() || a.back() != b.back()) return false;
  if (a.size() > 1 && b.size() > 1 && a[a.size() - 2] != b[b.size() - 2]) return false;
  return call.arguments >= function.min_arguments && call.arguments <= function.max_arguments;
}

bool volatile_call(const LintContext& context, const LintMemory* memory, const FunctionCall& call) {
  const auto& name = call.name;
  if (memory) {
    // The latest definition counts (CREATE OR REPLACE may change the volatility).
    for (auto it = memory->created_functions.rbegin(); it != memory->created_functions.rend();
         ++it) {
      if (same_function(call, *it)) return it->volatility == 'v';
    }
  }
  if (context.volatility) {
    if (auto v = context.volatility(name)) return *v == 'v';
  }
  return !name.empty() && kVolatileBuiltins.count(name.back());
}

// The rule an added column breaks on a table with rows, from its ColumnDef node; "" if none.
std::string column_rule(const json& def, const LintContext& context, const LintMemory* memory) {
  bool not_null = false;
  bool has_default = false;
  bool rewrites = kSerialTypes.count(type_name(def["typeName"])) > 0;
  for (const auto& item : def.value("constraints", json::array())) {
    const json& c = item["Constraint"];
    const std::string type = c.value("contype", "");
    if (type == "CONSTR_NOTNULL") not_null = true;
    if (type == "CONSTR_IDENTITY" || (type == "CONSTR_GENERATED")) rewrites = true;
    if (type == "CONSTR_DEFAULT") {
      has_default = true;
      std::vector<FunctionCall> calls;
      function_calls(c["raw_expr"], calls);
      for (const auto& call : calls) {
        if (volatile_call(context, memory, call)) rewrites = true;
      }
    }
  }
  if (rewrites) return "add-column-volatile-default";
  if (not_null && !has_default) return "add-column-not-null-without-default";
  return "";
}

// The column a check tests for NOT NULL ("CHECK (column IS NOT NULL)"), or "".
std::string not_null_check_column(const json& constraint) {
  if (!constraint.contains("raw_expr") || !constraint["raw_expr"].contains("NullTest")) return "";
  const json& test = constraint["raw_expr"]["NullTest"];
  if (test.value("nulltesttype", "") != "IS_NOT_NULL" || !test.contains("arg") ||
      !test["arg"].contains("ColumnRef"))
    return "";
  const auto parts = names(test["arg"]["ColumnRef"]["fields"]);
  return parts.size() == 1 ? parts[0] : "";
}

class Linter {
 public:
  Linter(const std::string& path, const history::MigrationSection& up, const LintContext& context,
         LintMemory& memory)
      : path_(path), up_(up), context_(context), memory_(memory) {}

  void run(const std::vector<ParsedStatement>& statements) {
    for (const auto& s : statements) {
      current_ = &s;
      if (concurrent(s)) {
        if (up_.transaction()) {
          add("concurrently-in-transaction",
              statement_kind(s) + " CONCURRENTLY in a section without transaction:false");
        }
        if (statements.size() > 1) {
          add("concurrently-not-alone",
              statement_kind(s) + " CONCURRENTLY shares its section with " +
                  std::to_string(statements.size() - 1) + " other statement(s)");
        }
      }
      statement(s);
    }
  }

  std::vector<LintFinding> findings;
  std::vector<Table> created;  // tables created in this migration, in order

 private:
  static bool concurrent(const ParsedStatement& s) {
    return (s.type == "IndexStmt" || s.type == "DropStmt" || s.type == "ReindexStmt") &&
           s.node.value("concurrent", false);
  }

  static std::string statement_kind(const ParsedStatement& s) {
    if (s.type == "IndexStmt") return "CREATE INDEX";
    if (s.type == "DropStmt") return "DROP INDEX";
    return "REINDEX";
  }

  bool is_new(const Table& table) const {
    return std::any_of(created.begin(), created.end(),
                       [&](const Table& t) { return t.matches(table); }) ||
           std::any_of(memory_.created_tables.begin(), memory_.created_tables.end(),
                       [&](const auto& t) {
                         return t == std::pair{table.schema, table.name};
                       });
  }

  void add(const std::string& rule, const std::string& message) {
    const RuleInfo* info = find_rule(rule);
    LintFinding f;
    f.rule = rule;
    f.severity = info ? info->severity : Severity::kError;
    f.file = path_;
    f.line = history::line_at(up_.sql, current_->offset, up_.first_line);
    f.statement = history::excerpt(current_->text);
    f.message = message + " (line " + std::to_string(f.line) + ": " + f.statement + ")";
    findings.push_back(std::move(f));
  }

  // A statement that takes ACCESS EXCLUSIVE on an existing table: lock_timeout first.
  void exclusive_lock(const Table& table) {
    if (lock_timeout_set_ || lock_timeout_reported_ || is_new(table)) return;
    lock_timeout_reported_ = true;
    add("missing-lock-timeout",
        "ACCESS EXCLUSIVE lock on " + table.display() + " with no SET lock_timeout before it");
  }

  void statement(const ParsedStatement& s) {
    const json& n = s.node;
    if (s.type == "VariableSetStmt" && n.value("name", "") == "lock_timeout") {
      lock_timeout_set_ = n.value("kind", "") != "VAR_RESET";
    } else if (s.type == "CreateFunctionStmt") {
      // VOLATILE unless it says otherwise, as PostgreSQL assumes.
      char volatility = 'v';
      for (const auto& option : n.value("options", json::array())) {
        const json& d = option["DefElem"];
        if (d.value("defname", "") != "volatility") continue;
        const std::string v = d["arg"]["String"].value("sval", "");
        volatility = v == "immutable" ? 'i' : v == "stable" ? 's' : 'v';
      }
      CreatedFunction created_function{names(n["funcname"]), volatility, 0, 0};
      for (const auto& item : n.value("parameters", json::array())) {
        const json& p = item["FunctionParameter"];
        const std::string mode = p.value("mode", "FUNC_PARAM_DEFAULT");
        if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_TABLE") continue;
        if (mode == "FUNC_PARAM_VARIADIC") {
          created_function.max_arguments = SIZE_MAX;
          continue;
        }
        if (created_function.max_arguments != SIZE_MAX) ++created_function.max_arguments;
        if (!p.contains("defexpr")) ++created_function.min_arguments;
      }
      memory_.created_functions.push_back(std::move(created_function));
    } else if (s.type == "CreateStmt" && !n.value("if_not_exists", false)) {
      // (IF NOT EXISTS may find the table there, with its rows.)
      created.push_back(table_of(n["relation"]));
    } else if (s.type == "CreateTableAsStmt" && n.contains("into")) {
      created.push_back(table_of(n["into"]["rel"]));
    } else if (s.type == "IndexStmt") {
      const Table table = table_of(n["relation"]);
      if (!n.value("concurrent", false) && !is_new(table)) {
        add("create-index-not-concurrently",
            "CREATE INDEX on " + table.display() + " without CONCURRENTLY");
      }
    } else if (s.type == "DropStmt") {
      drop(s);
    } else if (s.type == "AlterTableStmt" && n.value("objtype", "OBJECT_TABLE") == "OBJECT_TABLE") {
      alter_table(n);
    } else if (s.type == "RenameStmt") {
      const std::string kind = n.value("renameType", "");
      const Table table = table_of(n.value("relation", json::object()));
      if (kind == "OBJECT_COLUMN" && !is_new(table)) {
        add("rename-column", "RENAME COLUMN " + n.value("subname", "") + " of " + table.display() +
                                 " to " + n.value("newname", ""));
        exclusive_lock(table);
      } else if (kind == "OBJECT_TABLE" && !is_new(table)) {
        add("rename-table", "RENAME of table " + table.display() + " to " + n.value("newname", ""));
        exclusive_lock(table);
      }
    } else if (s.type == "TruncateStmt") {
      for (const auto& r : n["relations"]) {
        const Table table = table_of(r["RangeVar"]);
        if (is_new(table)) continue;
        add("truncate", "TRUNCATE of " + table.display());
        exclusive_lock(table);
      }
    } else if (s.type == "UpdateStmt" || s.type == "DeleteStmt") {
      const Table table = table_of(n["relation"]);
      if (!n.contains("whereClause") && !is_new(table)) {
        const bool update = s.type == "UpdateStmt";
        add(update ? "update-without-where" : "delete-without-where",
            std::string(update ? "UPDATE" : "DELETE") + " of every row of " + table.display());
      }
    }
  }

  void drop(const ParsedStatement& s) {
    const json& n = s.node;
    const std::string kind = n.value("removeType", "");
    for (const auto& object : n["objects"]) {
      const auto parts = object.contains("List") ? names(object["List"]["items"]) : names(object);
      if (parts.empty()) continue;
      const Table named{parts.size() > 1 ? parts[parts.size() - 2] : "", parts.back()};
      if (kind == "OBJECT_INDEX" && !n.value("concurrent", false)) {
        add("drop-index-not-concurrently",
            "DROP INDEX " + named.display() + " without CONCURRENTLY");
      } else if (kind == "OBJECT_TABLE" && !is_new(named)) {
        add("drop-table", "DROP TABLE " + named.display());
        exclusive_lock(named);
      }
      // A table made again after this is another, which may be filled before the next file.
      if (kind == "OBJECT_TABLE") {
        auto& tables = memory_.created_tables;
        tables.erase(std::remove(tables.begin(), tables.end(), std::pair{named.schema, named.name}),
                     tables.end());
      }
    }
  }

  void alter_table(const json& n) {
    const Table table = table_of(n["relation"]);
    const bool fresh = is_new(table);
    bool strong_lock = false;
    for (const auto& item : n["cmds"]) {
      const json& cmd = item["AlterTableCmd"];
      const std::string subtype = cmd.value("subtype", "");
      const std::string column = cmd.value("name", "");
      if (subtype != "AT_ValidateConstraint") strong_lock = true;
      if (subtype == "AT_DropColumn") {
        if (!fresh) add("drop-column", "DROP COLUMN " + column + " of " + table.display());
        continue;
      }
      if (fresh) continue;
      if (subtype == "AT_AddColumn") {
        add_column(table, cmd["def"]["ColumnDef"]);
      } else if (subtype == "AT_AlterColumnType") {
        const std::string new_type = type_name(cmd["def"]["ColumnDef"]["typeName"]);
        std::optional<std::string> old_type;
        if (context_.column_type) old_type = context_.column_type(table.schema, table.name, column);
        if (!old_type || !safe_widening(*old_type, new_type)) {
          add("alter-column-type", "ALTER COLUMN " + column + " of " + table.display() + " TYPE " +
                                       new_type + (old_type ? " (from " + *old_type + ")" : ""));
        }
      } else if (subtype == "AT_SetTableSpace" || subtype == "AT_SetLogged" ||
                 subtype == "AT_SetUnLogged" || subtype == "AT_SetAccessMethod") {
        add("rewrite-table", table_rewrite_words(subtype) + " of " + table.display());
      } else if (subtype == "AT_SetNotNull") {
        const bool checked = (context_.has_not_null_check &&
                              context_.has_not_null_check(table.schema, table.name, column)) ||
                             memory_.validated_not_null.count({table.display(), column}) > 0;
        if (!checked) {
          add("set-not-null", "SET NOT NULL on " + table.display() + "." + column +
                                  " without a validated CHECK (" + column + " IS NOT NULL)");
        }
      } else if (subtype == "AT_AddConstraint") {
        add_constraint(table, cmd["def"]["Constraint"]);
      } else if (subtype == "AT_ValidateConstraint") {
        const auto check = memory_.not_null_checks.find(table.display() + " " + column);
        if (check != memory_.not_null_checks.end()) {
          memory_.validated_not_null.insert({table.display(), check->second});
        }
        if (up_.transaction() && not_valid_added_.count(column)) {
          add("validate-in-same-transaction",
              "VALIDATE CONSTRAINT " + column + " in the transaction that added it NOT VALID");
        }
      }
    }
    if (strong_lock) exclusive_lock(table);
  }

  void add_column(const Table& table, const json& def) {
    const std::string column = def.value("colname", "");
    const std::string rule = column_rule(def, context_, &memory_);
    if (rule == "add-column-volatile-default") {
      add(rule, "ADD COLUMN " + column + " to " + table.display() +
                    " with a volatile default (the table is rewritten)");
    } else if (!rule.empty()) {
      add(rule, "ADD COLUMN " + column + " NOT NULL without a default to " + table.display());
    }
  }

  void add_constraint(const Table& table, const json& c) {
    const std::string type = c.value("contype", "");
    const std::string name = c.value("conname", "");
    const bool not_valid = c.value("skip_validation", false);
    if (not_valid) not_valid_added_.insert(name);
    if (not_valid && type == "CONSTR_CHECK") {
      if (const std::string column = not_null_check_column(c); !column.empty()) {
        memory_.not_null_checks[table.display() + " " + name] = column;
      }
    }
    if ((type == "CONSTR_FOREIGN" || type == "CONSTR_CHECK") && !not_valid) {
      add("constraint-without-not-valid",
          std::string(type == "CONSTR_FOREIGN" ? "ADD FOREIGN KEY" : "ADD CHECK") +
              (name.empty() ? "" : " " + name) + " on " + table.display() + " without NOT VALID");
    }
    if (type == "CONSTR_EXCLUSION") {
      add("add-exclusion-constraint",
          "ADD EXCLUDE" + (name.empty() ? std::string() : " " + name) + " on " + table.display());
    }
    if ((type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") && !c.contains("indexname")) {
      add("unique-without-using-index",
          std::string(type == "CONSTR_PRIMARY" ? "ADD PRIMARY KEY" : "ADD UNIQUE") + " on " +
              table.display() + " not USING INDEX");
    }
  }

  const std::string& path_;
  const history::MigrationSection& up_;
  const LintContext& context_;
  LintMemory& memory_;
  const ParsedStatement* current_ = nullptr;
  bool lock_timeout_set_ = false;
  bool lock_timeout_reported_ = false;
  std::set<std::string> not_valid_added_;
};

std::set<std::string> dropped_objects(const std::vector<ParsedStatement>& statements,
                                      std::set<std::string>& dropped_tables);

// Objects an up section leaves behind (created, not dropped again), as "kind name".
std::set<std::string> created_objects(const std::vector<ParsedStatement>& statements) {
  std::set<std::string> out;
  for (const auto& s : statements) {
    const json& n = s.node;
    if (s.type == "DropStmt") {
      std::set<std::string> tables;
      for (const auto& object : dropped_objects({s}, tables)) out.erase(object);
    }
    if (s.type == "RenameStmt" && n.value("renameType", "") == "OBJECT_TABLE" &&
        out.erase("table " + n["relation"].value("relname", ""))) {
      out.insert("table " + n.value("newname", ""));
    }
    if (s.type == "CreateStmt") out.insert("table " + n["relation"].value("relname", ""));
    if (s.type == "IndexStmt" && n.contains("idxname"))
      out.insert("index " + n.value("idxname", ""));
    if (s.type == "ViewStmt") out.insert("view " + n["view"].value("relname", ""));
    if (s.type == "CreateSeqStmt") out.insert("sequence " + n["sequence"].value("relname", ""));
    if (s.type == "CreateFunctionStmt") {
      const auto parts = names(n["funcname"]);
      if (!parts.empty()) out.insert("function " + parts.back());
    }
    if (s.type == "AlterTableStmt") {
      for (const auto& item : n["cmds"]) {
        const json& cmd = item["AlterTableCmd"];
        if (cmd.value("subtype", "") == "AT_AddColumn") {
          out.insert("column " + n["relation"].value("relname", "") + "." +
                     cmd["def"]["ColumnDef"].value("colname", ""));
        }
      }
    }
  }
  return out;
}

std::set<std::string> dropped_objects(const std::vector<ParsedStatement>& statements,
                                      std::set<std::string>& dropped_tables) {
  std::set<std::string> out;
  static const std::map<std::string, std::string> kinds = {{"OBJECT_TABLE", "table"},
                                                           {"OBJECT_INDEX", "index"},
                                                           {"OBJECT_VIEW", "view"},
                                                           {"OBJECT_SEQUENCE", "sequence"},
                                                           {"OBJECT_FUNCTION", "function"}};
  for (const auto& s : statements) {
    const json& n = s.node;
    if (s.type == "DropStmt") {
      const auto kind = kinds.find(n.value("removeType", ""));
      if (kind == kinds.end()) continue;
      for (const auto& object : n["objects"]) {
        std::vector<std::string> parts;
        if (object.contains("List"))
          parts = names(object["List"]["items"]);
        else if (object.contains("ObjectWithArgs"))
          parts = names(object["ObjectWithArgs"]["objname"]);
        if (parts.empty()) continue;
        out.insert(kind->second + " " + parts.back());
        if (kind->second == "table") dropped_tables.insert(parts.back());
      }
    }
    if (s.type == "AlterTableStmt") {
      for (const auto& item : n["cmds"]) {
        const json& cmd = item["AlterTableCmd"];
        if (cmd.value("subtype", "") == "AT_DropColumn") {
          out.insert("column " + n["relation"].value("relname", "") + "." + cmd.value("name", ""));
        }
      }
    }
  }
  return out;
}

// `-- pgdrift:allow RULE reason` lines: rule -> reason ("" when missing).
std::vector<std::tuple<int, std::string, std::string>> allow_comments(const std::string& text) {
  std::vector<std::tuple<int, std::string, std::string>> out;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string line = text.substr(start, end - start);
    const auto first = line.find_first_not_of(" \t");
    static const std::string kDirective = "-- pgdrift:allow";
    if (first != std::string::npos && line.compare(first, kDirective.size(), kDirective) == 0) {
      std::string rest = line.substr(first + kDirective.size());
      const auto rule_begin = rest.find_first_not_of(" \t");
      std::string rule, reason;
      if (rule_begin != std::string::npos) {
        const auto rule_end = rest.find_first_of(" \t\r", rule_begin);
        rule = rest.substr(
            rule_begin, rule_end == std::string::npos ? std::string::npos : rule_end - rule_begin);
        if (rule_end != std::string::npos) {
          reason = rest.substr(rule_end);
          const auto b = reason.find_first_not_of(" \t\r");
          const auto e = reason.find_last_not_of(" \t\r");
          reason = b == std::string::npos ? "" : reason.substr(b, e - b + 1);
        }
      }
      out.emplace_back(line_number, rule, reason);
    }
    start = end + 1;
  }
  return out;
}

// Byte offset of the first byte that breaks UTF-8 (overlong forms and surrogates
// included), or npos when \a text is valid.
size_t invalid_utf8_at(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    unsigned min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4, min = 0x10000;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    unsigned code = c & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string::npos;
}

LintFinding file_finding(const std::string& rule, const std::string& path, int line,
                         const std::string& message) {
  LintFinding f;
  f.rule = rule;
  const RuleInfo* info = find_rule(rule);
  f.severity = info ? info->severity : Severity::kError;
  f.file = path;
  f.line = line;
  f.message = message;
  return f;
}

}  // namespace

std::string add_column_rule(const std::string& column_definition, const LintContext& context) {
  const auto parsed = parse_sql("ALTER TABLE t ADD COLUMN " + column_definition);
  if (parsed.error || parsed.statements.size() != 1) return "";
  const json& cmds = parsed.statements.front().node["cmds"];
  if (cmds.size() != 1) return "";
  return column_rule(cmds[0]["AlterTableCmd"]["def"]["ColumnDef"], context, context.memory.get());
}

std::vector<LintFinding> lint_migration(const std::string& path, const std::string& text,
                                        const LintContext& context) {
  std::vector<LintFinding> findings;
  if (const size_t bad = invalid_utf8_at(text); bad != std::string::npos) {
    const int line = history::line_at(text, bad);
    findings.push_back(file_finding("invalid-utf8", path, line,
                                    "the file is not valid UTF-8 (line " + std::to_string(line) +
                                        "); PostgreSQL would reject it"));
    return findings;
  }
  history::MigrationSections sections;
  try {
    sections = history::parse_migration_sections(text);
  } catch (const Error& e) {
    findings.push_back(file_finding("missing-up", path, 0, path + " " + e.what()));
    return findings;
  }
  const auto up = parse_sql(sections.up.sql);
  if (up.error) {
    const int line = history::line_at(sections.up.sql, up.error_offset, sections.up.first_line);
    findings.push_back(file_finding(
        "parse-error", path, line,
        "the up section does not parse at line " + std::to_string(line) + ": " + *up.error));
  }
  for (const size_t offset : up.unread_blocks) {
    const int line = history::line_at(sections.up.sql, offset, sections.up.first_line);
    findings.push_back(file_finding("unread-do-block", path, line,
                                    "the DO block at line " + std::to_string(line) +
                                        " could not be read as PL/pgSQL: the statements in it "
                                        "are not linted; review them by hand"));
  }
  const auto memory = context.memory ? context.memory : std::make_shared<LintMemory>();
  Linter linter(path, sections.up, context, *memory);
  linter.run(up.statements);
  for (auto& f : linter.findings) findings.push_back(std::move(f));
  for (const auto& t : linter.created) memory->created_tables.emplace_back(t.schema, t.name);

  if (!sections.down.present) {
    findings.push_back(file_finding("missing-down", path, 0,
                                    "no '-- migrate:down' section: the migration cannot be "
                                    "rolled back"));
  } else {
    const auto down = parse_sql(sections.down.sql);
    if (!down.error && down.statements.empty()) {
      findings.push_back(file_finding("empty-down", path, sections.down.first_line - 1,
                                      "the '-- migrate:down' section has no statement"));
    } else if (!down.error && !up.error) {
      std::set<std::string> dropped_tables;
      const auto dropped = dropped_objects(down.statements, dropped_tables);
      std::vector<std::string> left;
      for (const auto& object : created_objects(up.statements)) {
        if (dropped.count(object)) continue;
        // Dropping a table undoes its columns and indexes too.
        if (object.rfind("column ", 0) == 0 &&
            dropped_tables.count(object.substr(7, object.find('.') - 7))) {
          continue;
        }
        left.push_back(object);
      }
      if (!left.empty()) {
        std::string list;
        for (const auto& o : left) list += (list.empty() ? "" : ", ") + o;
        findings.push_back(file_finding("down-does-not-undo", path, sections.down.first_line - 1,
                                        "the down section does not drop: " + list));
      }
    }
  }

  // Accepted findings: --allow, and `-- pgdrift:allow RULE reason` in the file.
  std::map<std::string, std::string> allowed;
  for (const auto& rule : context.allowed_rules) allowed[rule] = "--allow " + rule;
  for (const auto& [line, rule, reason] : allow_comments(text)) {
    if (!find_rule(rule) || reason.empty()) {
      findings.push_back(file_finding(
          "invalid-allow", path, line,
          "'-- pgdrift:allow' at line " + std::to_string(line) +
              (find_rule(rule) ? " gives no reason" : " names no known rule (\"" + rule + "\")")));
      continue;
    }
    allowed[rule] = reason;
  }
  for (auto& f : findings) {
    const auto it = allowed.find(f.rule);
    if (it != allowed.end() && f.rule != "invalid-allow") {
      f.allowed = true;
      f.allow_reason = it->second;
    }
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const LintFinding& a, const LintFinding& b) { return a.line < b.line; });
  return findings;
}

}  // namespace pgdrift::lint

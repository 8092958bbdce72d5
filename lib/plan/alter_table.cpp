// ALTER TABLE for a table whose columns or settings differ.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "lint/lint_migration.h"
#include "plan/alteration.h"
#include "plan/lint_context.h"
#include "plan/online.h"
#include "render/acl.h"
#include "render/column_sql.h"
#include "util/quote.h"

namespace pgdrift::plan {

namespace {

using model::Column;
using model::TableDef;

// The model's options are "name=value" each.
std::string option_name(const std::string& option) {
  return option.substr(0, option.find('='));
}
std::string option_value(const std::string& option) {
  const auto eq = option.find('=');
  return eq == std::string::npos ? std::string() : option.substr(eq + 1);
}

std::string options_names(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& option : options) out += (out.empty() ? "" : ", ") + option_name(option);
  return out;
}

std::string with_list(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& option : options) {
    out +=
        (out.empty() ? "" : ", ") + option_name(option) + "=" + quote_literal(option_value(option));
  }
  return out;
}

// Options in \a from that \a to no longer has: RESET them; then SET what \a to has.
std::string options_change(const std::string& prefix, const std::vector<std::string>& from,
                           const std::vector<std::string>& to) {
  std::vector<std::string> gone;
  for (const auto& option : from) {
    bool kept = false;
    for (const auto& other : to) kept = kept || option_name(other) == option_name(option);
    if (!kept) gone.push_back(option);
  }
  std::string out;
  if (!gone.empty()) out += prefix + " RESET (" + options_names(gone) + ");\n";
  if (!to.empty() && to != from) out += prefix + " SET (" + with_list(to) + ");\n";
  return out;
}

// OPTIONS (SET ..., ADD ..., DROP ...) that turn a foreign-data object's options \a from
// into \a to ("name=value" each), after \a prefix; "" when they are the same.
std::string generic_options_change(const std::string& prefix, const std::vector<std::string>& from,
                                   const std::vector<std::string>& to) {
  std::vector<std::string> changes;
  for (const auto& option : from) {
    bool kept = false;
    for (const auto& other : to) kept = kept || option_name(other) == option_name(option);
    if (!kept) changes.push_back("DROP " + quote_ident(option_name(option)));
  }
  for (const auto& option : to) {
    const auto old = std::find_if(from.begin(), from.end(), [&](const std::string& other) {
      return option_name(other) == option_name(option);
    });
    if (old == from.end()) {
      changes.push_back("ADD " + quote_ident(option_name(option)) + " " +
                        quote_literal(option_value(option)));
    } else if (*old != option) {
      changes.push_back("SET " + quote_ident(option_name(option)) + " " +
                        quote_literal(option_value(option)));
    }
  }
  if (changes.empty()) return "";
  std::string out = prefix + " OPTIONS (";
  for (size_t i = 0; i < changes.size(); ++i) out += (i ? ", " : "") + changes[i];
  return out + ");\n";
}

std::string identity_options(const model::IdentityDef& id) {
  return " START WITH " + std::to_string(id.start) + " INCREMENT BY " +
         std::to_string(id.increment) + " MINVALUE " + std::to_string(id.min_value) + " MAXVALUE " +
         std::to_string(id.max_value) + " CACHE " + std::to_string(id.cache) +
         (id.cycle ? " CYCLE" : " NO CYCLE");
}

struct TableChange {
  const Sides& sides;
  const model::Object& from;
  const model::Object& to;
  const TableDef& before;
  const TableDef& after;
  std::string name;  ///< qualified table name
  Alteration result;
  std::vector<Statement> statements;
  std::optional<AlterStep> replica_identity_step;
  std::vector<Statement> validations;  ///< run in a later transaction (AlterStep::validates)
  std::set<std::string> chosen_names;  ///< constraint names this change has taken

  void add(std::string sql, std::vector<Hazard> hazards = {}) {
    statements.push_back(statement(to.id, Action::kAlter, std::move(sql), std::move(hazards)));
  }
  /// "ALTER TABLE name", or ALTER FOREIGN TABLE, which a foreign table's columns need.
  std::string alter() const {
    return (after.table_kind == "foreign" ? "ALTER FOREIGN TABLE " : "ALTER TABLE ") + name;
  }
  /// A partition in both schemas, of the same parent: its columns are the parent's.
  bool partition() const {
    return before.partition_of && after.partition_of && before.partition_of == after.partition_of;
  }
  void unsupported(const std::string& what) {
    if (result.unsupported.empty()) {
      result.unsupported = "changing " + what + " of table " + to.id.schema + "." + to.id.name +
                           " cannot be planned yet";
    }
  }
};

// The object that makes index \a name of \a schema: the index, or its constraint.
model::ObjectId index_creator(const model::Catalog& catalog, const std::string& schema,
                              const std::string& name) {
  for (const auto& o : catalog.objects) {
    if (o.id.schema != schema) continue;
    if (o.id.kind == model::ObjectKind::kIndex && o.id.name == name) return o.id;
    const auto* c = model::def_if<model::ConstraintDef>(o);
    if (c && c->index_name == name) return o.id;
  }
  return {model::ObjectKind::kIndex, schema, "", name, ""};
}

// SET NOT NULL without the long lock: a check (column IS NOT NULL) added NOT VALID now,
// validated in a later transaction (which scans the table without blocking its writers),
// and then SET NOT NULL, which finds the validated check and skips its own scan. Only on
// an ordinary table without parents or children (a check would reach them too) whose
// column does not become an identity in the same plan (that needs NOT NULL first).
bool not_null_online(const TableChange& t, const Column& a, const Column& b) {
  if (!t.sides.online || t.after.table_kind != "table" || b.inherited) return false;
  if (b.identity && !a.identity) return false;
  return !has_relatives(t.from, t.sides) && !has_relatives(t.to, t.sides);
}

void set_not_null_online(TableChange& t, const Column& c) {
  auto taken = [&](const std::string& name) {
    if (t.chosen_names.count(name)) return true;
    for (const auto* side : {&t.sides.from, &t.sides.to}) {
      for (const auto& o : side->objects) {
        if (o.id.kind == model::ObjectKind::kConstraint && o.id.schema == t.to.id.schema &&
            o.id.table == t.to.id.name && o.id.name == name)
          return true;
      }
    }
    return false;
  };
  const std::string name = unused_name(c.name, "_not_null_pgdrift", taken);
  t.chosen_names.insert(name);
  const std::string check = quote_ident(name);
  const std::string table = "ALTER TABLE " + t.name;
  t.add(table + " ADD CONSTRAINT " + check + " CHECK (" + quote_ident(c.name) +
        " IS NOT NULL) NOT VALID;\n");
  t.validations.push_back(statement(
      t.to.id, Action::kAlter,
      table + " VALIDATE CONSTRAINT " + check + ";\n" + table + " ALTER COLUMN " +
          quote_ident(c.name) + " SET NOT NULL;\n" + table + " DROP CONSTRAINT " + check + ";\n"));
}

// Whether \a type (format_type() text) names an enum type of \a catalog.
bool is_enum(const model::Catalog& catalog, const std::string& type) {
  for (const auto& o : catalog.objects) {
    const auto* d = model::def_if<model::TypeDef>(o);
    if (d && d->type_kind == "enum" && qualified_name(o.id.schema, o.id.name) == type) return true;
  }
  return false;
}

void change_column(TableChange& t, const Column& a, const Column& b) {
  const std::string column = t.alter() + " ALTER COLUMN " + quote_ident(b.name);
  const std::string display = t.to.id.schema + "." + t.to.id.name + "." + b.name;
  if (a.inherited != b.inherited)
    return t.unsupported("whether column " + b.name + " is inherited");
  if (a.not_null_constraint != b.not_null_constraint) {
    return t.unsupported("the NOT NULL constraint of column " + b.name);
  }
  if (a.generated_expr != b.generated_expr) {
    if (a.generated_expr && !b.generated_expr && a.type == b.type) {
      t.add(column + " DROP EXPRESSION;\n");
    } else {
      // ALTER COLUMN ... SET EXPRESSION (PostgreSQL 17) is newer than the grammar gate
      // parses plans with (libpg_query 15).
      return t.unsupported("the generation of column " + b.name);
    }
  }
  if (a.fdw_options != b.fdw_options) {
    t.add(generic_options_change(column,
                                 a.fdw_options.to_optional().value_or(std::vector<std::string>{}),
                                 b.fdw_options.to_optional().value_or(std::vector<std::string>{})));
  }
  // An inherited column's type follows its parent's ALTER (which recurses).
  // A partition's column follows its parent's ALTER (which recurses), as an inherited
  // column does.
  const bool retyped =
      !b.inherited && !t.partition() && (a.type != b.type || a.collation != b.collation);
  const bool default_changes = a.default_expr != b.default_expr;
  // An identity goes before anything else: a column that is one takes no default.
  if (a.identity && !b.identity) t.add(column + " DROP IDENTITY;\n");
  // The old default may not cast to the new type: it goes first, the new one comes after.
  if (a.default_expr && (default_changes || retyped)) t.add(column + " DROP DEFAULT;\n");
  if (retyped) {
    std::string sql = column + " TYPE " + b.type;
    if (b.collation) sql += " COLLATE " + qualified_name(b.collation->schema, b.collation->name);
    // An enum has no cast to another type but through text.
    const bool via_text = is_enum(t.sides.from, a.type) || is_enum(t.sides.to, b.type);
    // A foreign table stores nothing to convert, and takes no USING.
    if (t.after.table_kind != "foreign") {
      sql += " USING " + quote_ident(b.name) + (via_text ? "::text::" : "::") + b.type;
    }
    sql += ";\n";
    // gate's judgement: widening a varchar or a numeric keeps the table as it is.
    std::vector<Hazard> hazards;
    if (!lint::safe_widening(a.type, b.type)) {
      hazards.push_back({"alter-column-type", "changing the type of column " + display +
                                                  " rewrites the table under an ACCESS "
                                                  "EXCLUSIVE lock"});
    }
    t.add(std::move(sql), std::move(hazards));
    t.result.rebuilds_dependents = true;
  }
  if (b.default_expr && (default_changes || retyped)) {
    t.add(column + " SET DEFAULT " + *b.default_expr + ";\n");
  }
  // An identity needs NOT NULL first; NOT NULL goes only after the identity has gone.
  if (!a.not_null && b.not_null && not_null_online(t, a, b)) {
    set_not_null_online(t, b);
  } else if (!a.not_null && b.not_null) {
    t.add(column + " SET NOT NULL;\n",
          {{"set-not-null",
            "SET NOT NULL on " + display + " scans the table under an ACCESS EXCLUSIVE lock"}});
  }
  if (a.identity != b.identity) {
    if (!a.identity && b.identity) {
      t.add(column + " ADD GENERATED " +
            (b.identity->generation == "always" ? "ALWAYS" : "BY DEFAULT") +
            " AS IDENTITY (SEQUENCE NAME " +
            qualified_name(b.identity->sequence.schema, b.identity->sequence.name) +
            identity_options(*b.identity) + ");\n");
    } else if (a.identity && !b.identity) {
      // Dropped above.
    } else if (a.identity->sequence != b.identity->sequence) {
      return t.unsupported("the identity sequence of column " + b.name);
    } else {
      std::string sql;
      if (a.identity->generation != b.identity->generation) {
        sql += std::string(" SET GENERATED ") +
               (b.identity->generation == "always" ? "ALWAYS" : "BY DEFAULT");
      }
      const auto& i = *b.identity;
      sql += " SET START WITH " + std::to_string(i.start) + " SET INCREMENT BY " +
             std::to_string(i.increment) + " SET MINVALUE " + std::to_string(i.min_value) +
             " SET MAXVALUE " + std::to_string(i.max_value) + " SET CACHE " +
             std::to_string(i.cache) + (i.cycle ? " SET CYCLE" : " SET NO CYCLE");
      t.add(column + sql + ";\n");
    }
    if (b.identity && (!a.identity || a.identity->acl != b.identity->acl)) {
      const std::string sequence =
          "SEQUENCE " + qualified_name(b.identity->sequence.schema, b.identity->sequence.name);
      const std::string owner = t.to.owner.value_or("");
      const auto defaults = render::default_privileges(model::ObjectKind::kSequence, owner,
                                                       0 /* any: sequences have no PUBLIC */);
      const model::Acl before = a.identity && a.identity->acl ? *a.identity->acl : defaults;
      const model::Acl after = b.identity->acl ? *b.identity->acl : defaults;
      if (before != after) t.add(render::render_grants(sequence, after, before, owner));
    }
  }
  if (a.not_null && !b.not_null) t.add(column + " DROP NOT NULL;\n");
  if (a.storage != b.storage) {
    // Back to the type's own storage: the catalog does not hold it for the column, and
    // SET STORAGE DEFAULT (PostgreSQL 16) is newer than gate's grammar (libpg_query 15).
    if (!b.storage)
      return t.unsupported("the storage of column " + b.name + " back to its default");
    t.add(column + " SET STORAGE " + *b.storage + ";\n");
  }
  if (a.compression != b.compression) {
    t.add(column + " SET COMPRESSION " + (b.compression ? *b.compression : "default") + ";\n");
  }
  if (a.statistics != b.statistics) {
    t.add(column + " SET STATISTICS " + std::to_string(b.statistics.value_or(-1)) + ";\n");
  }
  if (a.options != b.options) t.add(options_change(column, a.options, b.options));
  if (a.comment != b.comment) {
    t.add("COMMENT ON COLUMN " + t.name + "." + quote_ident(b.name) + " IS " +
          (b.comment ? quote_literal(*b.comment) : "NULL") + ";\n");
  }
  // An owner change (run before this) has given the old owner's column grants to the new.
  const std::string owner = t.to.owner.value_or("");
  const model::Acl old_acl = acl_after_owner_change(a.acl.to_optional().value_or(model::Acl{}),
                                                    t.from.owner.value_or(""), owner);
  const model::Acl new_acl = b.acl.to_optional().value_or(model::Acl{});
  if (old_acl != new_acl) {
    const std::string sql =
        render::render_grants("TABLE " + t.name, new_acl, old_acl, owner, b.name);
    if (!sql.empty()) t.add(sql);
  }
}

void add_column(TableChange& t, const Column& c) {
  // A column a parent gains reaches its children through the parent's ALTER.
  if (c.inherited || t.partition()) return;
  std::string sql = t.alter() + " ADD COLUMN " + render::column_definition(c) + ";\n";
  sql += render::column_settings(t.sides.to, t.after, t.name, c);
  sql += render::column_comments_and_grants(t.name, t.to.owner.value_or(""), c.name,
                                            c.comment.to_optional(), c.acl.to_optional());
  // gate's judgement of the same text, with the target's functions' volatility.
  std::vector<Hazard> hazards;
  const std::string display = t.to.id.schema + "." + t.to.id.name + "." + c.name;
  const std::string rule =
      lint::add_column_rule(render::column_definition(c), catalog_lint_context(t.sides.to));
  if (rule == "add-column-not-null-without-default") {
    hazards.push_back({rule, "column " + display +
                                 " is NOT NULL without a default: the ALTER fails on a table "
                                 "with rows"});
  } else if (!rule.empty()) {
    hazards.push_back({rule, "column " + display +
                                 " has a default that is computed per row (or is an identity "
                                 "or generated): adding it rewrites the table under an ACCESS "
                                 "EXCLUSIVE lock"});
  }
  t.add(std::move(sql), std::move(hazards));
}

void drop_column(TableChange& t, const Column& c) {
  if (c.inherited || t.partition()) return;
  t.add(t.alter() + " DROP COLUMN " + quote_ident(c.name) + ";\n",
        {{"drop-column", "dropping column " + t.to.id.schema + "." + t.to.id.name + "." + c.name +
                             " loses its data"}});
  t.result.rebuilds_dependents = true;
}

void change_settings(TableChange& t) {
  const auto& a = t.before;
  const auto& b = t.after;
  if (a.table_kind != b.table_kind) return t.unsupported("the kind");
  if (a.partition_key != b.partition_key) return t.unsupported("the partition key");
  if (a.inherits != b.inherits) return t.unsupported("the parents");
  if (a.foreign_server != b.foreign_server) return t.unsupported("the server");
  const std::string table = "ALTER TABLE " + t.name;
  const std::string display = t.to.id.schema + "." + t.to.id.name;
  auto rewrite = [&](const std::string& what) {
    return std::vector<Hazard>{
        {"rewrite-table",
         what + " of table " + display + " rewrites it under an ACCESS EXCLUSIVE lock"}};
  };
  // A typed table takes no column of its own: it stops being one before its columns
  // change (and becomes one after them, in alter_table).
  if (a.of_type && a.of_type != b.of_type) t.add(table + " NOT OF;\n");
  if (a.access_method != b.access_method) {
    // PostgreSQL 15 and later; unset is heap.
    if (t.sides.to.server_version_num < 150000) return t.unsupported("the access method");
    t.add(table + " SET ACCESS METHOD " + quote_ident(b.access_method.value_or("heap")) + ";\n",
          rewrite("SET ACCESS METHOD"));
  }
  if (a.foreign_options != b.foreign_options) {
    t.add(generic_options_change("ALTER FOREIGN TABLE " + t.name, a.foreign_options,
                                 b.foreign_options));
  }
  if (a.partition_of != b.partition_of || a.partition_bound != b.partition_bound) {
    if (a.partition_of) {
      t.add("ALTER TABLE " + qualified_name(a.partition_of->schema, a.partition_of->name) +
            " DETACH PARTITION " + t.name + ";\n");
    }
    if (b.partition_of && b.partition_bound) {
      t.add("ALTER TABLE " + qualified_name(b.partition_of->schema, b.partition_of->name) +
            " ATTACH PARTITION " + t.name + " " + *b.partition_bound + ";\n");
    }
  }
  if (a.unlogged != b.unlogged) {
    t.add(table + (b.unlogged ? " SET UNLOGGED;\n" : " SET LOGGED;\n"),
          rewrite(b.unlogged ? "SET UNLOGGED" : "SET LOGGED"));
  }
  if (a.tablespace != b.tablespace) {
    t.add(table + " SET TABLESPACE " + quote_ident(b.tablespace.value_or("pg_default")) + ";\n",
          rewrite("SET TABLESPACE"));
  }
  if (a.options != b.options) t.add(options_change(table, a.options, b.options));
  if (a.replica_identity != b.replica_identity ||
      a.replica_identity_index != b.replica_identity_index) {
    if (b.replica_identity == "index" && b.replica_identity_index) {
      // After the index exists, which the plan may build: a step of its own.
      t.replica_identity_step = {
          {statement(t.to.id, Action::kAlter,
                     table + " REPLICA IDENTITY USING INDEX " +
                         quote_ident(*b.replica_identity_index) + ";\n")},
          {index_creator(t.sides.to, t.to.id.schema, *b.replica_identity_index)}};
    } else {
      std::string mode = b.replica_identity;
      for (auto& ch : mode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      t.add(table + " REPLICA IDENTITY " + mode + ";\n");
    }
  }
  if (a.row_security != b.row_security) {
    t.add(table + (b.row_security ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;\n");
  }
  if (a.force_row_security != b.force_row_security) {
    t.add(table + (b.force_row_security ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;\n");
  }
}

}  // namespace

bool has_relatives(const model::Object& table, const Sides& sides) {
  const auto& def = model::def_as<TableDef>(table);
  if (!def.inherits.empty() || def.partition_of) return true;
  const model::QualifiedName name{table.id.schema, table.id.name};
  for (const auto* side : {&sides.from, &sides.to}) {
    for (const auto& o : side->objects) {
      const auto* t = model::def_if<TableDef>(o);
      if (!t) continue;
      if (t->partition_of == name) return true;
      if (std::find(t->inherits.begin(), t->inherits.end(), name) != t->inherits.end()) return true;
    }
  }
  return false;
}

Alteration alter_table(const model::Object& from, const model::Object& to, const Sides& sides) {
  const auto& before = model::def_as<TableDef>(from);
  const auto& after = model::def_as<TableDef>(to);
  TableChange t{sides, from, to, before, after, qualified_name(to.id.schema, to.id.name),
                {},    {},   {}, {},     {}};
  change_settings(t);
  std::map<std::string, const Column*> old_columns;
  for (const auto& c : before.columns) old_columns[c.name] = &c;
  std::map<std::string, const Column*> new_columns;
  for (const auto& c : after.columns) new_columns[c.name] = &c;
  for (const auto& c : before.columns) {
    if (!new_columns.count(c.name)) drop_column(t, c);
  }
  for (const auto& c : after.columns) {
    const auto it = old_columns.find(c.name);
    if (it == old_columns.end()) {
      add_column(t, c);
    } else if (!(*it->second == c)) {
      change_column(t, *it->second, c);
    }
  }
  // OF requires the columns to be the type's already.
  if (after.of_type && before.of_type != after.of_type) {
    t.add("ALTER TABLE " + t.name + " OF " + *after.of_type + ";\n");
  }
  if (!t.statements.empty()) t.result.steps.push_back({std::move(t.statements), {}});
  // Validations before a replica identity: its index's columns must be NOT NULL by then.
  if (!t.validations.empty()) t.result.steps.push_back({std::move(t.validations), {}, true});
  if (t.replica_identity_step) t.result.steps.push_back(std::move(*t.replica_identity_step));
  return std::move(t.result);
}

}  // namespace pgdrift::plan

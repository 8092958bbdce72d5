// Readers of tables, views and the objects that live on a table (constraints, indexes,
// triggers, policies, rules).
#include "catalog/read_context.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

namespace {

std::string enabled_state(const std::string& code, const ObjectId& id) {
  if (code == "O") return "origin";
  if (code == "D") return "disabled";
  if (code == "R") return "replica";
  if (code == "A") return "always";
  throw Error(ErrorCategory::kInternal,
              "unrecognised enabled state \"" + code + "\" of " + model::describe(id));
}

// Splits reloptions into check_option (views render it as a clause) and the rest.
std::optional<std::string> take_check_option(std::vector<std::string>& options) {
  std::optional<std::string> check_option;
  std::erase_if(options, [&](const std::string& option) {
    if (option.rfind("check_option=", 0) != 0) return false;
    check_option = option.substr(13);
    return true;
  });
  return check_option;
}

void strip_final_semicolon(std::string& text) {
  while (!text.empty() && (text.back() == ';' || text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
}

std::optional<std::string> storage_name(const std::optional<std::string>& code) {
  if (!code) return std::nullopt;
  if (*code == "p") return "PLAIN";
  if (*code == "e") return "EXTERNAL";
  if (*code == "m") return "MAIN";
  if (*code == "x") return "EXTENDED";
  throw Error(ErrorCategory::kInternal, "unrecognised column storage \"" + *code + "\"");
}

std::optional<std::string> compression_name(const std::optional<std::string>& code) {
  if (!code) return std::nullopt;
  if (*code == "p") return "pglz";
  if (*code == "l") return "lz4";
  throw Error(ErrorCategory::kInternal, "unrecognised column compression \"" + *code + "\"");
}

// Every table's columns by table OID, in attnum order (columns.sql sorts them).
std::unordered_map<Oid, std::vector<model::Column>> read_columns(ReadContext& ctx) {
  auto rows = ctx.query("columns");
  std::unordered_map<Oid, std::vector<model::Column>> out;
  out.reserve(static_cast<size_t>(rows.size() / 4));
  std::vector<model::Column>* current = nullptr;
  Oid current_oid = 0;
  for (int r = 0; r < rows.size(); ++r) {
    const Oid table = rows.oid(r, "table_oid");
    if (!current || table != current_oid) {
      current = &out[table];
      current_oid = table;
      // Rows come grouped by table: size the vector once (90,000 columns at 10,000
      // tables; growth by doubling kept a third more in memory).
      int end = r + 1;
      while (end < rows.size() && rows.oid(end, "table_oid") == table) ++end;
      current->reserve(static_cast<size_t>(end - r));
    }
    model::Column column;
    column.name = rows.text(r, "name");
    column.type = rows.text(r, "type");
    if (auto schema = rows.opt(r, "collation_schema")) {
      column.collation = model::QualifiedName{*schema, rows.text(r, "collation_name")};
    }
    column.not_null = rows.boolean(r, "not_null");
    column.default_expr = rows.opt(r, "default_expr");
    column.generated_expr = rows.opt(r, "generated_expr");
    const std::string identity = rows.text(r, "identity");
    // From 17 a partition's identity column has no sequence of its own: it takes its
    // parent's, and attaching the partition makes the column an identity column again.
    const bool own_identity = !identity.empty() && rows.opt(r, "identity_sequence_name");
    if (own_identity) {
      if (identity != "a" && identity != "d") {
        throw Error(ErrorCategory::kInternal,
                    "unrecognised identity kind \"" + identity + "\" of column " + column.name);
      }
      model::IdentityDef def;
      def.generation = identity == "a" ? "always" : "by_default";
      def.sequence = {rows.text(r, "identity_sequence_schema"),
                      rows.text(r, "identity_sequence_name")};
      def.start = rows.integer(r, "identity_start");
      def.increment = rows.integer(r, "identity_increment");
      def.min_value = rows.integer(r, "identity_min_value");
      def.max_value = rows.integer(r, "identity_max_value");
      def.cache = rows.integer(r, "identity_cache");
      def.cycle = rows.boolean(r, "identity_cycle");
      def.acl = rows.json<std::optional<model::Acl>>(r, "identity_acl");
      column.identity = std::move(def);
    }
    column.inherited = rows.boolean(r, "inherited");
    column.storage = storage_name(rows.opt(r, "storage"));
    column.compression = compression_name(rows.opt(r, "compression"));
    if (auto statistics = rows.opt(r, "statistics")) column.statistics = std::stoi(*statistics);
    column.options = rows.json<std::vector<std::string>>(r, "options");
    column.comment = rows.opt(r, "comment");
    column.acl = rows.json<std::optional<model::Acl>>(r, "acl");
    if (auto name = rows.opt(r, "not_null_name")) {
      column.not_null_constraint = model::NotNullConstraint{
          *name, rows.boolean(r, "not_null_no_inherit"), rows.boolean(r, "not_null_validated"),
          rows.opt(r, "not_null_comment")};
    }
    if (auto options = rows.json<std::optional<std::vector<std::string>>>(r, "fdw_options")) {
      column.fdw_options = std::move(*options);
    }
    current->push_back(std::move(column));
  }
  return out;
}

}  // namespace

void read_tables(ReadContext& ctx) {
  auto rows = ctx.query("tables");
  ctx.expect(rows.size());
  auto columns = read_columns(ctx);
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kTable, rows.text(r, "schema"), "", rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.owner = rows.opt(r, "owner");
    object.comment = rows.opt(r, "comment");
    object.acl = rows.json<std::optional<model::Acl>>(r, "acl");
    model::TableDef def;
    const std::string relkind = rows.text(r, "relkind");
    def.table_kind = relkind == "p" ? "partitioned" : relkind == "f" ? "foreign" : "table";
    def.unlogged = rows.boolean(r, "unlogged");
    def.partition_key = rows.opt(r, "partition_key");
    def.partition_of = rows.json<std::optional<model::QualifiedName>>(r, "partition_of");
    def.partition_bound = rows.opt(r, "partition_bound");
    def.inherits = rows.json<std::vector<model::QualifiedName>>(r, "inherits");
    def.of_type = rows.opt(r, "of_type");
    def.access_method = rows.opt(r, "access_method");
    def.tablespace = rows.opt(r, "tablespace");
    def.options = rows.json<std::vector<std::string>>(r, "options");
    const std::string ident = rows.text(r, "replica_identity");
    if (ident == "d" || relkind == "f") {  // a foreign table has none (its code is 'n')
      def.replica_identity = "default";
    } else if (ident == "n") {
      def.replica_identity = "nothing";
    } else if (ident == "f") {
      def.replica_identity = "full";
    } else if (ident == "i") {
      def.replica_identity = "index";
      def.replica_identity_index = rows.opt(r, "replica_identity_index");
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised replica identity \"" + ident + "\" of " + model::describe(id));
    }
    def.row_security = rows.boolean(r, "row_security");
    def.force_row_security = rows.boolean(r, "force_row_security");
    def.foreign_server = rows.opt(r, "foreign_server");
    def.foreign_options = rows.json<std::vector<std::string>>(r, "foreign_options");
    const Oid oid = rows.oid(r, "oid");
    if (auto found = columns.find(oid); found != columns.end()) {
      def.columns = std::move(found->second);
    }
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), oid, std::move(object));
  }
}

void read_views(ReadContext& ctx) {
  auto rows = ctx.query("views");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    const bool materialized = rows.text(r, "relkind") == "m";
    ObjectId id{materialized ? ObjectKind::kMaterializedView : ObjectKind::kView,
                rows.text(r, "schema"), "", rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.owner = rows.opt(r, "owner");
    object.comment = rows.opt(r, "comment");
    object.acl = rows.json<std::optional<model::Acl>>(r, "acl");
    std::string definition = rows.text(r, "definition");
    strip_final_semicolon(definition);
    auto options = rows.json<std::vector<std::string>>(r, "options");
    auto columns = rows.json<std::vector<model::ViewColumn>>(r, "columns");
    if (materialized) {
      model::MaterializedViewDef def;
      def.definition = std::move(definition);
      def.options = std::move(options);
      def.access_method = rows.opt(r, "access_method");
      def.tablespace = rows.opt(r, "tablespace");
      def.columns = std::move(columns);
      object.definition = std::move(def);
    } else {
      model::ViewDef def;
      def.definition = std::move(definition);
      def.check_option = take_check_option(options);
      def.options = std::move(options);
      def.columns = std::move(columns);
      def.placeholder = rows.opt(r, "placeholder");
      object.definition = std::move(def);
    }
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_constraints(ReadContext& ctx) {
  auto rows = ctx.query("constraints");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    const std::string contype = rows.text(r, "contype");
    const bool has_parent = rows.boolean(r, "has_parent");
    const bool is_local = rows.boolean(r, "is_local");
    const bool partitioned = rows.text(r, "relkind") == "p";
    // Inherited check constraints and a partition's clones of its parent's foreign keys
    // are created by the parent's constraint; only keys (which need their own index on
    // each partition) are rendered per partition.
    const auto validated_copy_of =
        rows.json<std::optional<model::QualifiedName>>(r, "validated_copy_of");
    if (contype == "c" && !is_local && !validated_copy_of) continue;
    if (contype == "f" && has_parent) continue;
    ObjectId id{ObjectKind::kConstraint, rows.text(r, "schema"), rows.text(r, "table_name"),
                rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.comment = rows.opt(r, "comment");
    model::ConstraintDef def;
    if (contype == "p") {
      def.constraint_type = "primary_key";
    } else if (contype == "u") {
      def.constraint_type = "unique";
    } else if (contype == "c") {
      def.constraint_type = "check";
    } else if (contype == "f") {
      def.constraint_type = "foreign_key";
    } else if (contype == "x") {
      def.constraint_type = "exclusion";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised constraint type \"" + contype + "\" of " + model::describe(id));
    }
    def.definition = rows.text(r, "definition");
    def.validated = rows.boolean(r, "validated");
    // A check constraint is added to the parent and recurses into children unless it is
    // NO INHERIT; a foreign key recurses into partitions; keys never recurse.
    if (contype == "c") {
      def.only = rows.boolean(r, "no_inherit");
    } else if (contype == "f") {
      def.only = !partitioned;
    } else {
      def.only = true;
    }
    def.attach_to = rows.json<std::optional<model::QualifiedName>>(r, "attach_to");
    if (!is_local) def.validated_copy_of = validated_copy_of;
    if (contype == "p" || contype == "u" || contype == "x") {
      def.index_name = rows.opt(r, "index_name").value_or("");
      def.index_comment = rows.opt(r, "index_comment");
      def.index_clustered = rows.boolean(r, "index_clustered");
      def.index_tablespace = rows.opt(r, "index_tablespace");
    }
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_indexes(ReadContext& ctx) {
  auto rows = ctx.query("indexes");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kIndex, rows.text(r, "schema"), rows.text(r, "table_name"),
                rows.text(r, "name"), ""};
    // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: modelled (so
    // check and diff report it) but never rendered, as pg_dump skips it too. A
    // partitioned table's index is "invalid" only until every partition has its copy,
    // and is an ordinary index.
    const bool valid = rows.boolean(r, "valid") || rows.text(r, "table_relkind") == "p";
    if (!valid) {
      ctx.log.warn("invalid " + model::describe(id) +
                   " left out of the SQL (left by a failed CREATE INDEX CONCURRENTLY; drop or "
                   "REINDEX it)");
    }
    Object object;
    object.id = id;
    object.comment = rows.opt(r, "comment");
    model::IndexDef def;
    def.definition = rows.text(r, "definition");
    def.clustered = rows.boolean(r, "clustered");
    def.tablespace = rows.opt(r, "tablespace");
    def.attach_to = rows.json<std::optional<model::QualifiedName>>(r, "attach_to");
    def.column_statistics = rows.json<std::vector<std::pair<int, int>>>(r, "column_statistics");
    def.valid = valid;
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_triggers(ReadContext& ctx) {
  auto rows = ctx.query("triggers");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kTrigger, rows.text(r, "schema"), rows.text(r, "table_name"),
                rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.comment = rows.opt(r, "comment");
    object.definition =
        model::TriggerDef{rows.text(r, "definition"), enabled_state(rows.text(r, "enabled"), id)};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_policies(ReadContext& ctx) {
  auto rows = ctx.query("policies");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kPolicy, rows.text(r, "schema"), rows.text(r, "table_name"),
                rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.comment = rows.opt(r, "comment");
    model::PolicyDef def;
    const std::string cmd = rows.text(r, "command");
    if (cmd == "*") {
      def.command = "ALL";
    } else if (cmd == "r") {
      def.command = "SELECT";
    } else if (cmd == "a") {
      def.command = "INSERT";
    } else if (cmd == "w") {
      def.command = "UPDATE";
    } else if (cmd == "d") {
      def.command = "DELETE";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised policy command \"" + cmd + "\" of " + model::describe(id));
    }
    def.permissive = rows.boolean(r, "permissive");
    def.roles = rows.json<std::vector<std::string>>(r, "roles");
    def.using_expr = rows.opt(r, "using_expr");
    def.check_expr = rows.opt(r, "check_expr");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_rules(ReadContext& ctx) {
  auto rows = ctx.query("rules");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kRule, rows.text(r, "schema"), rows.text(r, "table_name"),
                rows.text(r, "name"), ""};
    Object object;
    object.id = id;
    object.comment = rows.opt(r, "comment");
    std::string definition = rows.text(r, "definition");
    strip_final_semicolon(definition);
    object.definition = model::RuleDef{definition, enabled_state(rows.text(r, "enabled"), id)};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

}  // namespace pgdrift::catalog

// Readers of objects that do not live on a table: schemas, extensions, collations,
// types, routines, sequences and the database-wide kinds.
#include "catalog/read_context.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

Object make_object(Rows& rows, int row, ObjectId id, bool has_owner, bool has_acl) {
  Object object;
  object.id = std::move(id);
  if (has_owner) object.owner = rows.opt(row, "owner");
  object.comment = rows.opt(row, "comment");
  if (has_acl) object.acl = rows.json<std::optional<model::Acl>>(row, "acl");
  return object;
}

namespace {

std::string enabled_state(const std::string& code, const std::string& what) {
  if (code == "O") return "origin";
  if (code == "D") return "disabled";
  if (code == "R") return "replica";
  if (code == "A") return "always";
  throw Error(ErrorCategory::kInternal, "unrecognised enabled state \"" + code + "\" of " + what);
}

}  // namespace

void read_schemas(ReadContext& ctx) {
  auto rows = ctx.query("schemas");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string name = rows.text(r, "name");
    Object object =
        make_object(rows, r, ObjectId{ObjectKind::kSchema, "", "", name, ""}, true, true);
    // Every new database has a public schema. Its initdb state (owner, comment
    // "standard public schema", privileges from pg_init_privs) is the default and is
    // left out; what differs is kept. For this schema an empty comment means "no
    // comment" (COMMENT ... IS '' removes one), and an ACL is always explicit.
    if (name == "public") {
      if (object.owner == rows.opt(r, "public_default_owner")) object.owner.reset();
      if (!object.comment) {
        object.comment = "";
      } else if (object.comment == "standard public schema") {
        object.comment.reset();
      }
      if (!object.acl && object.owner) {
        // A re-created public schema has the owner's default privileges only.
        object.acl = model::Acl{{*object.owner, *object.owner, "USAGE", false},
                                {*object.owner, *object.owner, "CREATE", false}};
      }
      if (object.acl == rows.json<std::optional<model::Acl>>(r, "initial_acl")) object.acl.reset();
    }
    object.definition = model::SchemaDef{};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_extensions(ReadContext& ctx) {
  auto rows = ctx.query("extensions");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r, ObjectId{ObjectKind::kExtension, "", "", rows.text(r, "name"), ""}, false, false);
    object.definition = model::ExtensionDef{rows.text(r, "schema"), rows.text(r, "version"), {}};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
  // Privileges changed on the extensions' own objects belong to the extension's entry.
  auto privileges = ctx.query("extension_privileges");
  for (int r = 0; r < privileges.size(); ++r) {
    const model::ObjectId id{ObjectKind::kExtension, "", "", privileges.text(r, "extension"), ""};
    for (auto& object : ctx.catalog.objects) {
      if (object.id != id) continue;
      auto& def = std::get<model::ExtensionDef>(object.definition);
      def.member_privileges.push_back(model::ExtensionMemberPrivileges{
          privileges.text(r, "object_type"), privileges.text(r, "identity"),
          privileges.text(r, "owner"), privileges.json<std::optional<model::Acl>>(r, "acl"),
          privileges.json<std::optional<model::Acl>>(r, "initial_acl")});
    }
  }
}

void read_collations(ReadContext& ctx) {
  auto rows = ctx.query("collations");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kCollation, rows.text(r, "schema"), "", rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, false);
    model::CollationDef def;
    const std::string provider = rows.text(r, "provider");
    if (provider == "c") {
      def.provider = "libc";
    } else if (provider == "i") {
      def.provider = "icu";
    } else if (provider == "b") {
      def.provider = "builtin";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised collation provider \"" + provider + "\" of " + model::describe(id));
    }
    def.lc_collate = rows.opt(r, "lc_collate").value_or("");
    def.lc_ctype = rows.opt(r, "lc_ctype").value_or("");
    def.locale = rows.opt(r, "locale").value_or("");
    def.icu_rules = rows.opt(r, "icu_rules").value_or("");
    // Before PostgreSQL 15 an ICU collation kept its locale in collcollate.
    if (def.provider == "icu" && def.locale.empty()) def.locale = def.lc_collate;
    if (def.provider == "icu") def.lc_collate = def.lc_ctype = "";
    def.deterministic = rows.boolean(r, "deterministic");
    object.definition = def;
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_types(ReadContext& ctx) {
  auto rows = ctx.query("types");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    const std::string typtype = rows.text(r, "typtype");
    const bool is_domain = typtype == "d";
    ObjectId id{is_domain ? ObjectKind::kDomain : ObjectKind::kType, rows.text(r, "schema"), "",
                rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, true);
    if (is_domain) {
      model::DomainDef def;
      def.base_type = rows.text(r, "base_type");
      def.collation = rows.json<std::optional<model::QualifiedName>>(r, "collation");
      def.default_expr = rows.opt(r, "default_expr");
      def.not_null = rows.boolean(r, "not_null");
      def.constraints = rows.json<std::vector<model::DomainConstraint>>(r, "constraints");
      object.definition = std::move(def);
    } else {
      model::TypeDef def;
      if (typtype == "e") {
        def.type_kind = "enum";
        def.labels = rows.json<std::vector<std::string>>(r, "labels");
      } else if (typtype == "c") {
        def.type_kind = "composite";
        def.attributes = rows.json<std::vector<model::CompositeAttribute>>(r, "attributes");
      } else if (typtype == "r") {
        def.type_kind = "range";
        def.range_subtype = rows.text(r, "range_subtype");
        def.range_opclass = rows.json<std::optional<model::QualifiedName>>(r, "range_opclass");
        def.range_collation = rows.json<std::optional<model::QualifiedName>>(r, "range_collation");
        def.range_canonical = rows.opt(r, "range_canonical");
        def.range_subtype_diff = rows.opt(r, "range_subtype_diff");
        def.multirange = rows.json<std::optional<model::QualifiedName>>(r, "multirange");
      } else if (typtype == "b") {
        def.type_kind = "base";
        def.base = rows.json<std::optional<model::BaseTypeDef>>(r, "base");
      } else if (typtype == "p") {
        def.type_kind = "shell";
      } else {
        throw Error(ErrorCategory::kInternal,
                    "unrecognised type kind \"" + typtype + "\" of " + model::describe(id));
      }
      object.definition = std::move(def);
    }
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_functions(ReadContext& ctx) {
  auto rows = ctx.query("functions");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kFunction, rows.text(r, "schema"), "", rows.text(r, "name"),
                rows.text(r, "args")};
    Object object = make_object(rows, r, id, true, true);
    model::FunctionDef def;
    const std::string kind = rows.text(r, "prokind");
    if (kind == "f") {
      def.routine_kind = "function";
    } else if (kind == "p") {
      def.routine_kind = "procedure";
    } else if (kind == "w") {
      def.routine_kind = "window";
    } else {
      throw Error(ErrorCategory::kInternal,
                  "unrecognised routine kind \"" + kind + "\" of " + model::describe(id));
    }
    def.language = rows.text(r, "language");
    def.definition = rows.text(r, "definition");
    while (!def.definition.empty() && def.definition.back() == '\n') def.definition.pop_back();
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_aggregates(ReadContext& ctx) {
  auto rows = ctx.query("aggregates");
  auto modify = [](const std::string& code) {
    if (code == "r") return "read_only";
    if (code == "s") return "shareable";
    return "read_write";
  };
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kAggregate, rows.text(r, "schema"), "", rows.text(r, "name"),
                rows.text(r, "args")};
    Object object = make_object(rows, r, id, true, true);
    model::AggregateDef def;
    const std::string kind = rows.text(r, "aggkind");
    def.aggregate_kind = kind == "o" ? "ordered_set" : kind == "h" ? "hypothetical" : "normal";
    def.arguments = rows.text(r, "arguments");
    def.input_types = rows.text(r, "input_types");
    def.sfunc = rows.text(r, "sfunc");
    def.stype = rows.text(r, "stype");
    def.sspace = static_cast<int>(rows.integer(r, "sspace"));
    def.finalfunc = rows.opt(r, "finalfunc");
    def.finalfunc_extra = rows.boolean(r, "finalfunc_extra");
    def.finalfunc_modify = modify(rows.text(r, "finalfunc_modify"));
    def.combinefunc = rows.opt(r, "combinefunc");
    def.serialfunc = rows.opt(r, "serialfunc");
    def.deserialfunc = rows.opt(r, "deserialfunc");
    def.initcond = rows.opt(r, "initcond");
    def.msfunc = rows.opt(r, "msfunc");
    def.minvfunc = rows.opt(r, "minvfunc");
    def.mstype = rows.opt(r, "mstype");
    def.msspace = static_cast<int>(rows.integer(r, "msspace"));
    def.mfinalfunc = rows.opt(r, "mfinalfunc");
    def.mfinalfunc_extra = rows.boolean(r, "mfinalfunc_extra");
    def.mfinalfunc_modify = modify(rows.text(r, "mfinalfunc_modify"));
    def.minitcond = rows.opt(r, "minitcond");
    def.sortop = rows.opt(r, "sortop");
    const std::string parallel = rows.text(r, "parallel");
    def.parallel = parallel == "s" ? "safe" : parallel == "r" ? "restricted" : "unsafe";
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_sequences(ReadContext& ctx) {
  auto rows = ctx.query("sequences");
  ctx.expect(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kSequence, rows.text(r, "schema"), "", rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, true);
    model::SequenceDef def;
    def.data_type = rows.text(r, "data_type");
    def.start = rows.integer(r, "start");
    def.increment = rows.integer(r, "increment");
    def.min_value = rows.integer(r, "min_value");
    def.max_value = rows.integer(r, "max_value");
    def.cache = rows.integer(r, "cache");
    def.cycle = rows.boolean(r, "cycle");
    def.unlogged = rows.boolean(r, "unlogged");
    def.owned_by = rows.json<std::optional<model::SequenceOwner>>(r, "owned_by");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_event_triggers(ReadContext& ctx) {
  auto rows = ctx.query("event_triggers");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kEventTrigger, "", "", rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, false);
    model::EventTriggerDef def;
    def.event = rows.text(r, "event");
    def.tags = rows.json<std::vector<std::string>>(r, "tags");
    def.function = rows.text(r, "function");
    def.enabled = enabled_state(rows.text(r, "enabled"), model::describe(id));
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_statistics(ReadContext& ctx) {
  auto rows = ctx.query("statistics");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kStatistics, rows.text(r, "schema"), "", rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, false);
    model::StatisticsDef def;
    def.definition = rows.text(r, "definition");
    if (auto target = rows.opt(r, "statistics_target")) def.statistics_target = std::stoi(*target);
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_publications(ReadContext& ctx) {
  auto rows = ctx.query("publications");
  for (int r = 0; r < rows.size(); ++r) {
    ObjectId id{ObjectKind::kPublication, "", "", rows.text(r, "name"), ""};
    Object object = make_object(rows, r, id, true, false);
    model::PublicationDef def;
    def.all_tables = rows.boolean(r, "all_tables");
    if (rows.boolean(r, "pub_insert")) def.publish.emplace_back("insert");
    if (rows.boolean(r, "pub_update")) def.publish.emplace_back("update");
    if (rows.boolean(r, "pub_delete")) def.publish.emplace_back("delete");
    if (rows.boolean(r, "pub_truncate")) def.publish.emplace_back("truncate");
    def.via_root = rows.boolean(r, "via_root");
    def.tables = rows.json<std::vector<model::PublicationTable>>(r, "tables");
    def.schemas = rows.json<std::vector<std::string>>(r, "schemas");
    object.definition = std::move(def);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_default_privileges(ReadContext& ctx) {
  auto rows = ctx.query("default_privileges");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string code = rows.text(r, "objtype");
    std::string objtype;
    if (code == "r") {
      objtype = "tables";
    } else if (code == "S") {
      objtype = "sequences";
    } else if (code == "f") {
      objtype = "functions";
    } else if (code == "T") {
      objtype = "types";
    } else if (code == "n") {
      objtype = "schemas";
    } else if (code == "L") {
      objtype = "large objects";
    } else {
      throw Error(ErrorCategory::kInternal, "unrecognised default privileges object type \"" +
                                                code + "\" for role " + rows.text(r, "role"));
    }
    ObjectId id{ObjectKind::kDefaultPrivileges, rows.text(r, "schema"), "", rows.text(r, "role"),
                objtype};
    Object object;
    object.id = id;
    object.definition = model::DefaultPrivilegesDef{rows.json<model::Acl>(r, "acl")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_unsupported(ReadContext& ctx) {
  auto rows = ctx.query("unsupported");
  for (int r = 0; r < rows.size(); ++r) {
    ctx.catalog.unsupported.push_back({rows.text(r, "kind"), rows.text(r, "name")});
  }
}

}  // namespace pgdrift::catalog

#include "plan/drift_probe.h"

#include "util/quote.h"

namespace pgdrift::plan {
namespace {

using model::ObjectKind;

std::string lit(const std::string& text) {
  return quote_literal(text);
}

// The relation's OID, NULL when there is none of that name: to_regclass never raises.
std::string regclass(const std::string& schema, const std::string& name) {
  return "pg_catalog.to_regclass(" + lit(qualified_name(schema, name)) + ")";
}

// Privileges sorted: the order of an ACL follows the order of the GRANTs.
// Without the grantor, which is whoever granted it in that database.
std::string acl(const std::string& column) {
  return "(SELECT pg_catalog.array_agg(g ORDER BY g) FROM (SELECT "
         "pg_catalog.regexp_replace(a::text, '/[^/]*$', '') AS g FROM pg_catalog.unnest(o." +
         column + ") a) s)";
}

std::string owner(const std::string& column) {
  return "pg_catalog.pg_get_userbyid(o." + column + ")";
}

std::string comment(const std::string& catalog) {
  return "pg_catalog.obj_description(o.oid, " + lit(catalog) + ")";
}

// The relation kinds each of pgdrift's kinds reads from pg_class.
std::string relkinds(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kSequence:
      return "'S'";
    case ObjectKind::kView:
      return "'v'";
    case ObjectKind::kMaterializedView:
      return "'m'";
    case ObjectKind::kIndex:
      return "'i', 'I'";
    default:
      return "'r', 'p', 'f'";  // tables: ordinary, partitioned, foreign
  }
}

// Where each kind's row is (alias o), and what its state is made of.
struct Row {
  std::string from;
  std::vector<std::pair<std::string, std::string>> state;
};

Row column_row(const ProbeTarget& t) {
  return {"pg_catalog.pg_attribute o WHERE o.attrelid = " + regclass(t.id.schema, t.id.name) +
              " AND o.attname = " + lit(t.column) + " AND o.attnum > 0 AND NOT o.attisdropped",
          {{"type", "pg_catalog.format_type(o.atttypid, o.atttypmod)"},
           {"not null", "o.attnotnull"},
           {"default",
            "(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d "
            "WHERE d.adrelid = o.attrelid AND d.adnum = o.attnum)"},
           {"identity", "o.attidentity"},
           {"generated", "o.attgenerated"},
           {"collation",
            "(SELECT c.collname FROM pg_catalog.pg_collation c WHERE c.oid = o.attcollation)"},
           {"privileges", acl("attacl")},
           {"comment", "pg_catalog.col_description(o.attrelid, o.attnum)"}}};
}

Row relation_row(const model::ObjectId& id) {
  return {"pg_catalog.pg_class o WHERE o.oid = " + regclass(id.schema, id.name) +
              " AND o.relkind IN (" + relkinds(id.kind) + ")",
          {{"kind", "o.relkind"},
           {"persistence", "o.relpersistence"},
           {"owner", owner("relowner")},
           {"privileges", acl("relacl")},
           {"options",
            "(SELECT pg_catalog.array_agg(x ORDER BY x) FROM pg_catalog.unnest(o.reloptions) x)"},
           {"row security", "ROW(o.relrowsecurity, o.relforcerowsecurity)"},
           {"replica identity", "o.relreplident"},
           {"comment", comment("pg_class")},
           {"definition",
            "CASE WHEN o.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(o.oid) "
            "WHEN o.relkind IN ('i', 'I') THEN (SELECT pg_catalog.pg_get_indexdef(i.indexrelid) "
            "|| CASE WHEN i.indisvalid THEN '' ELSE ' (invalid)' END FROM pg_catalog.pg_index i "
            "WHERE i.indexrelid = o.oid) WHEN o.relkind = 'S' THEN (SELECT "
            "ROW(pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, "
            "s.seqmin, s.seqcache, s.seqcycle)::text FROM pg_catalog.pg_sequence s WHERE "
            "s.seqrelid = o.oid) END"}}};
}

// Objects that live on a table, found by the table and their name.
Row on_table(const model::ObjectId& id, const std::string& catalog, const std::string& prefix,
             const std::string& table_column,
             std::vector<std::pair<std::string, std::string>> state) {
  state.push_back({"comment", comment(catalog)});
  return {"pg_catalog." + catalog + " o WHERE o." + table_column + " = " +
              regclass(id.schema, id.table) + " AND o." + prefix + "name = " + lit(id.name),
          std::move(state)};
}

// Objects of a schema found by the schema's and their own name.
std::string in_schema(const std::string& catalog, const std::string& prefix,
                      const model::ObjectId& id) {
  return "pg_catalog." + catalog + " o JOIN pg_catalog.pg_namespace n ON n.oid = o." + prefix +
         "namespace WHERE n.nspname = " + lit(id.schema) + " AND o." + prefix +
         "name = " + lit(id.name);
}

std::optional<Row> row_of(const ProbeTarget& t) {
  const auto& id = t.id;
  if (!t.column.empty()) return column_row(t);
  switch (id.kind) {
    case ObjectKind::kSequence:
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
    case ObjectKind::kIndex:
      return relation_row(id);
    case ObjectKind::kConstraint:
      return on_table(id, "pg_constraint", "con", "conrelid",
                      {{"definition", "pg_catalog.pg_get_constraintdef(o.oid)"},
                       {"validated", "o.convalidated"},
                       {"deferrable", "ROW(o.condeferrable, o.condeferred)"}});
    case ObjectKind::kTrigger:
      return on_table(
          id, "pg_trigger", "tg", "tgrelid",
          {{"definition", "pg_catalog.pg_get_triggerdef(o.oid)"}, {"enabled", "o.tgenabled"}});
    case ObjectKind::kPolicy:
      return on_table(
          id, "pg_policy", "pol", "polrelid",
          {{"command", "o.polcmd"},
           {"permissive", "o.polpermissive"},
           {"roles",
            "(SELECT pg_catalog.array_agg(x ORDER BY x) FROM (SELECT CASE WHEN r = 0 THEN "
            "'public' ELSE pg_catalog.pg_get_userbyid(r) END AS x FROM "
            "pg_catalog.unnest(o.polroles) r) s)"},
           {"using", "pg_catalog.pg_get_expr(o.polqual, o.polrelid)"},
           {"with check", "pg_catalog.pg_get_expr(o.polwithcheck, o.polrelid)"}});
    case ObjectKind::kRule:
      return Row{"pg_catalog.pg_rewrite o WHERE o.ev_class = " + regclass(id.schema, id.table) +
                     " AND o.rulename = " + lit(id.name),
                 {{"definition", "pg_catalog.pg_get_ruledef(o.oid)"},
                  {"enabled", "o.ev_enabled"},
                  {"comment", comment("pg_rewrite")}}};
    case ObjectKind::kFunction:
      // By the reader's own argument list: to_regprocedure raises before PostgreSQL 16
      // when an argument's type does not exist.
      return Row{in_schema("pg_proc", "pro", id) +
                     " AND pg_catalog.oidvectortypes(o.proargtypes) = " + lit(id.args) +
                     " AND o.prokind <> 'a'",
                 {{"definition", "pg_catalog.pg_get_functiondef(o.oid)"},
                  {"owner", owner("proowner")},
                  {"privileges", acl("proacl")},
                  {"comment", comment("pg_proc")}}};
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      return Row{
          in_schema("pg_type", "typ", id) +
              (id.kind == ObjectKind::kDomain
                   ? " AND o.typtype = 'd'"
                   // Not a table's row type, which shares the table's name.
                   : " AND (o.typtype IN ('e', 'r', 'b') OR (o.typtype = 'c' AND (SELECT "
                     "c.relkind FROM pg_catalog.pg_class c WHERE c.oid = o.typrelid) = 'c'))"),
          {{"owner", owner("typowner")},
           {"privileges", acl("typacl")},
           {"comment", comment("pg_type")},
           {"base", "pg_catalog.format_type(o.typbasetype, o.typtypmod)"},
           {"not null", "o.typnotnull"},
           {"default", "o.typdefault"},
           {"labels",
            "(SELECT pg_catalog.array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM "
            "pg_catalog.pg_enum e WHERE e.enumtypid = o.oid)"},
           {"attributes",
            "(SELECT pg_catalog.array_agg(ROW(a.attname, pg_catalog.format_type(a.atttypid, "
            "a.atttypmod))::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE "
            "a.attrelid = o.typrelid AND a.attnum > 0 AND NOT a.attisdropped)"},
           {"constraints",
            "(SELECT pg_catalog.array_agg(ROW(c.conname, pg_catalog.pg_get_constraintdef(c.oid), "
            "c.convalidated)::text ORDER BY c.conname) FROM pg_catalog.pg_constraint c WHERE "
            "c.contypid = o.oid)"}}};
    case ObjectKind::kCollation:
      return Row{in_schema("pg_collation", "coll", id),
                 {{"definition", "ROW(o.collprovider, o.collisdeterministic)"},
                  {"owner", owner("collowner")},
                  {"comment", comment("pg_collation")}}};
    case ObjectKind::kSchema:
      return Row{"pg_catalog.pg_namespace o WHERE o.nspname = " + lit(id.name),
                 {{"owner", owner("nspowner")},
                  {"privileges", acl("nspacl")},
                  {"comment", comment("pg_namespace")}}};
    case ObjectKind::kExtension:
      return Row{"pg_catalog.pg_extension o WHERE o.extname = " + lit(id.name),
                 {{"version", "o.extversion"},
                  {"schema",
                   "(SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = "
                   "o.extnamespace)"}}};
    case ObjectKind::kEventTrigger:
      return Row{"pg_catalog.pg_event_trigger o WHERE o.evtname = " + lit(id.name),
                 {{"definition", "ROW(o.evtevent, o.evttags, o.evtfoid::regproc)"},
                  {"enabled", "o.evtenabled"},
                  {"owner", owner("evtowner")},
                  {"comment", comment("pg_event_trigger")}}};
    case ObjectKind::kPublication:
      return Row{"pg_catalog.pg_publication o WHERE o.pubname = " + lit(id.name),
                 {{"definition",
                   "ROW(o.puballtables, o.pubinsert, o.pubupdate, o.pubdelete, o.pubtruncate)"},
                  {"owner", owner("pubowner")},
                  {"comment", comment("pg_publication")}}};
    case ObjectKind::kStatistics:
      return Row{in_schema("pg_statistic_ext", "stx", id),
                 {{"definition", "pg_catalog.pg_get_statisticsobjdef(o.oid)"},
                  {"owner", owner("stxowner")},
                  {"comment", comment("pg_statistic_ext")}}};
    // No probe yet: a revert whose transaction changes only these is refused by name.
    case ObjectKind::kAggregate:
    case ObjectKind::kDefaultPrivileges:
    case ObjectKind::kOperator:
    case ObjectKind::kOperatorFamily:
    case ObjectKind::kOperatorClass:
    case ObjectKind::kTextSearchParser:
    case ObjectKind::kTextSearchTemplate:
    case ObjectKind::kTextSearchDictionary:
    case ObjectKind::kTextSearchConfiguration:
    case ObjectKind::kCast:
    case ObjectKind::kConversion:
    case ObjectKind::kLanguage:
    case ObjectKind::kAccessMethod:
    case ObjectKind::kTransform:
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping:
    case ObjectKind::kSubscription:
    case ObjectKind::kCount:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string describe(const ProbeTarget& target) {
  if (target.column.empty()) return model::describe(target.id);
  return "column " + target.id.schema + "." + target.id.name + "." + target.column;
}

std::optional<Probe> probe(const ProbeTarget& target) {
  const auto row = row_of(target);
  if (!row) return std::nullopt;
  Probe out;
  out.exists = "EXISTS (SELECT FROM " + row->from + ")";
  for (const auto& [name, expression] : row->state) {
    const bool deparsed = name == "definition" || name == "default" || name == "using" ||
                          name == "with check" || name == "constraints";
    out.state.push_back(
        {name, "(SELECT (" + expression + ")::text FROM " + row->from + ")", deparsed});
  }
  return out;
}

}  // namespace pgdrift::plan

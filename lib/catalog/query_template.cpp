#include "catalog/query_template.h"

#include <fmt/format.h>

#include <algorithm>

#include <string>
#include <utility>
#include <vector>

#include "model/objects.h"
#include "util/error.h"

namespace pgdrift::catalog {
namespace {

// Splits "a, b" at top-level commas (commas inside parentheses belong to the argument).
std::vector<std::string> split_arguments(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  std::string current;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(current);
  for (auto& arg : out) {
    const auto first = arg.find_first_not_of(" \n\t");
    const auto last = arg.find_last_not_of(" \n\t");
    arg = first == std::string::npos ? "" : arg.substr(first, last - first + 1);
  }
  return out;
}

// The ACL as a JSON array of {grantee, grantor, privilege, grantable} in aclitem order;
// NULL (the built-in default) stays NULL, an empty ACL is [].
std::string acl_json(const std::string& expr) {
  return "CASE WHEN (" + expr +
         ") IS NULL THEN NULL ELSE COALESCE((SELECT json_agg("
         "json_build_object('grantee', CASE WHEN acl.grantee = 0 THEN '' "
         "ELSE pg_get_userbyid(acl.grantee) END, 'grantor', pg_get_userbyid(acl.grantor), "
         "'privilege', acl.privilege_type, 'grantable', acl.is_grantable) ORDER BY acl.ord) "
         "FROM aclexplode(" +
         expr +
         ") WITH ORDINALITY "
         "AS acl(grantor, grantee, privilege_type, is_grantable, ord)), '[]'::json) END";
}

// Generic options (foreign-data wrappers, servers, user mappings, foreign tables and
// their columns) as a JSON array of "name=value" sorted by name, NULL as []. The value of
// an option whose name says it is a credential (password, passphrase, secret, token) is
// replaced in the query itself, so it never leaves the server.
std::string options_json(const std::string& expr) {
  return fmt::format(
      "COALESCE((SELECT json_agg(pgdrift_opt.option_name || '=' || CASE WHEN "
      "pgdrift_opt.option_name ~* '(password|passphrase|secret|token)' THEN '{}' ELSE "
      "pgdrift_opt.option_value END ORDER BY pgdrift_opt.option_name) FROM "
      "pg_options_to_table({}) pgdrift_opt), '[]'::json)",
      model::kRedactedCredential, expr);
}

// The operators (pg_amop rows "ao" for which COND holds) of an operator class or family
// as a JSON array, [] when none: strategy, operator, and the family of an ORDER BY
// operator.
std::string operator_members(const std::string& cond) {
  return "COALESCE((SELECT json_agg(json_build_object('strategy', ao.amopstrategy, 'name', "
         "ao.amopopr::regoperator::text, 'order_by_family', (SELECT json_build_object('schema', "
         "sn.nspname, 'name', sf.opfname) FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = "
         "sf.opfnamespace WHERE sf.oid = ao.amopsortfamily)) ORDER BY ao.amopstrategy, "
         "ao.amopopr::regoperator::text) FROM pg_amop ao WHERE " +
         cond + "), '[]'::json)";
}

// The support functions (pg_amproc rows "ap" for which COND holds) likewise: number,
// left and right types, function.
std::string function_members(const std::string& cond) {
  return "COALESCE((SELECT json_agg(json_build_object('number', ap.amprocnum, 'left_type', "
         "format_type(ap.amproclefttype, NULL), 'right_type', format_type(ap.amprocrighttype, "
         "NULL), 'function', ap.amproc::regprocedure::text) ORDER BY ap.amprocnum, "
         "format_type(ap.amproclefttype, NULL), format_type(ap.amprocrighttype, NULL)) FROM "
         "pg_amproc ap WHERE " +
         cond + "), '[]'::json)";
}

// The name of the tablespace EXPR (a pg_class.reltablespace), NULL for the database's
// default (0).
std::string tablespace(const std::string& expr) {
  return "(SELECT pgdrift_ts.spcname FROM pg_tablespace pgdrift_ts WHERE pgdrift_ts.oid = (" +
         expr + "))";
}

// $1 is the --schema list (empty: all), $2 the --exclude-schema list.
std::string schema_filter(const std::string& expr) {
  return "((" + expr + ") <> 'information_schema' AND (" + expr +
         ") !~ '^pg_' AND (cardinality($1::text[]) = 0 OR (" + expr +
         ") = ANY ($1::text[])) AND NOT ((" + expr + ") = ANY ($2::text[])))";
}

std::string not_extension_member(const std::string& catalog, const std::string& expr) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '" + catalog +
         "'::regclass AND ext.objid = (" + expr + ") AND ext.deptype = 'e')";
}

// obj_description() and col_description() are SQL functions that run a query per call
// (looking up the catalog's OID by name each time); this inline subquery reads the
// same row of pg_description through its index.
std::string comment(const std::string& catalog, const std::string& expr, const std::string& subid) {
  return "(SELECT pgdrift_dsc.description FROM pg_description pgdrift_dsc WHERE "
         "pgdrift_dsc.objoid = (" +
         expr + ") AND pgdrift_dsc.classoid = '" + catalog +
         "'::regclass AND pgdrift_dsc.objsubid = (" + subid + "))";
}

// The table, view, materialized view or sequence the object (CLASSID, OBJID) of a relation
// catalog belongs to, NULL for objects of other catalogs: an index stands for its table,
// a TOAST table or identity sequence (internal to a table in pg_depend) for that table.
std::string relation_of(const std::string& classid, const std::string& objid) {
  // The catalogs whose rows belong to one relation, and the column that names it. The
  // subqueries' aliases carry a prefix: OBJID refers to the caller's.
  constexpr std::pair<const char*, const char*> kRelationColumn[] = {
      {"pg_attrdef", "adrelid"}, {"pg_constraint", "conrelid"}, {"pg_trigger", "tgrelid"},
      {"pg_policy", "polrelid"}, {"pg_rewrite", "ev_class"},    {"pg_type", "typrelid"}};
  std::string relid = "CASE (" + classid + ") WHEN 'pg_class'::regclass THEN (" + objid + ")";
  for (const auto& [catalog, column] : kRelationColumn) {
    relid += fmt::format(
        " WHEN '{0}'::regclass THEN (SELECT NULLIF(pgdrift_x.{1}, 0) FROM {0} pgdrift_x WHERE "
        "pgdrift_x.oid = ({2}))",
        catalog, column, objid);
  }
  relid += " END";
  // An index stands for its table; a TOAST table or identity sequence (internal to a
  // table in pg_depend) for that table.
  return "(SELECT COALESCE((SELECT pgdrift_dep.refobjid FROM pg_depend pgdrift_dep WHERE "
         "pgdrift_dep.classid = 'pg_class'::regclass AND pgdrift_dep.objid = pgdrift_b.relid AND "
         "pgdrift_dep.refclassid = 'pg_class'::regclass AND pgdrift_dep.deptype = 'i' LIMIT 1), "
         "pgdrift_b.relid) FROM (SELECT COALESCE((SELECT pgdrift_i.indrelid FROM pg_index "
         "pgdrift_i WHERE pgdrift_i.indexrelid = pgdrift_r.relid), pgdrift_r.relid) AS relid "
         "FROM (SELECT " +
         relid + " AS relid) pgdrift_r) pgdrift_b)";
}

// Whether \a expr is one of the OIDs of the array literal \a oids ("{1,2}"). A few (a
// read of changes after a deploy): = ANY, which the planner turns into index scans from
// the few rows outward (IN (SELECT unnest(...)) was applied after a hash join of every
// table's columns: 345 ms against 3 ms at 10,000 tables, for one relation). Many:
// IN (SELECT unnest(...)), hashed on every major (a constant array's = ANY is hashed
// from PostgreSQL 14 on, searched row by row before).
std::string oid_in(const std::string& expr, const std::string& oids) {
  constexpr long kFew = 64;
  if (std::count(oids.begin(), oids.end(), ',') < kFew) {
    return "(" + expr + ") = ANY ('" + oids + "'::oid[])";
  }
  return "(" + expr + ") IN (SELECT unnest('" + oids + "'::oid[]))";
}

std::string expand_placeholder(std::string_view body, const ServerTraits& server) {
  // A fragment may hold placeholders of its own.
  if (body.rfind("v:", 0) == 0) {
    return expand_query(version_fragment(body.substr(2), server.version_num), server);
  }
  const auto open = body.find('(');
  if (open == std::string_view::npos || body.back() != ')') {
    throw Error(ErrorCategory::kInternal,
                "malformed query placeholder {{" + std::string(body) + "}}");
  }
  const std::string_view name = body.substr(0, open);
  const auto args = split_arguments(body.substr(open + 1, body.size() - open - 2));
  if (name == "acl" && args.size() == 1) return acl_json(args[0]);
  if (name == "acl_unless_default" && args.size() == 3) {
    // Granting an owner what it holds anyway writes the default ACL out: the same
    // privileges as none at all (pg_dump compares with acldefault() too).
    return acl_json("CASE WHEN (" + args[0] + ") = acldefault(" + args[1] + ", " + args[2] +
                    ") THEN NULL ELSE (" + args[0] + ") END");
  }
  if (name == "schema_filter" && args.size() == 1) return schema_filter(args[0]);
  if (name == "options" && args.size() == 1) return options_json(args[0]);
  if (name == "comment" && args.size() == 2) return comment(args[0], args[1], "0");
  if (name == "comment" && args.size() == 3) return comment(args[0], args[1], args[2]);
  if (name == "tablespace" && args.size() == 1) return tablespace(args[0]);
  if (name == "operator_members" && args.size() == 1) return operator_members(args[0]);
  if (name == "function_members" && args.size() == 1) return function_members(args[0]);
  if (name == "relation_of" && args.size() == 2) return relation_of(args[0], args[1]);
  if (name == "only_relations" && args.size() == 1) {
    if (server.only_relations.empty()) return "true";
    return oid_in(args[0], server.only_relations);
  }
  if (name == "only_relation_objects" && args.size() == 2) {
    if (server.only_relations.empty()) return "true";
    return "((" + args[0] +
           ") NOT IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_constraint'::regclass, "
           "'pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_rewrite'::regclass) OR (" +
           oid_in(args[1], server.only_relation_objects) + "))";
  }
  if (name == "superuser_only" && args.size() == 2) {
    return server.superuser ? args[0] : "NULL::" + args[1];
  }
  if (name == "not_extension_member" && args.size() == 2) {
    return not_extension_member(args[0], args[1]);
  }
  throw Error(ErrorCategory::kInternal, "unknown query placeholder {{" + std::string(body) + "}}");
}

}  // namespace

std::string expand_query(std::string_view text, const ServerTraits& server) {
  std::string out;
  out.reserve(text.size() * 2);
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    // Placeholders may contain parentheses but never other placeholders.
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw Error(ErrorCategory::kInternal, "unterminated query placeholder");
    }
    out.append(text.substr(pos, open - pos));
    out += expand_placeholder(text.substr(open + 2, close - open - 2), server);
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace pgdrift::catalog

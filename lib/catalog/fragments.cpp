// Version fragments of the catalog queries: for each name, variants ordered from the
// newest minimum server version to the oldest. Each variant yields the same columns
// with the same types, so the row conversion code never looks at the version.
#include <array>
#include <string>
#include <string_view>

#include "catalog/query_template.h"
#include "util/error.h"

namespace pgdrift::catalog {
namespace {

struct Variant {
  int min_version = -1;  // -1: an unused slot
  std::string_view sql = "";
};

struct Fragment {
  std::string_view name;
  std::array<Variant, 5> variants;
};

constexpr Variant kNone{-1, ""};

constexpr Fragment kFragments[] = {
    // PostgreSQL 15 gave the public schema to pg_database_owner; before, the bootstrap
    // superuser (OID 10) owned it.
    {"public_default_owner",
     {{{150000, "'pg_database_owner'"}, {0, "pg_get_userbyid(10)"}, kNone, kNone}}},
    // ICU locales: colllocale from 17, colliculocale in 15-16, collcollate before 15;
    // ICU rules from 16.
    {"collation_locale",
     {{{170000,
        "c.collcollate AS lc_collate, c.collctype AS lc_ctype, c.colllocale AS locale, "
        "c.collicurules AS icu_rules"},
       {160000,
        "c.collcollate AS lc_collate, c.collctype AS lc_ctype, c.colliculocale AS locale, "
        "c.collicurules AS icu_rules"},
       {150000,
        "c.collcollate AS lc_collate, c.collctype AS lc_ctype, c.colliculocale AS locale, "
        "NULL::text AS icu_rules"},
       {0,
        "c.collcollate AS lc_collate, c.collctype AS lc_ctype, NULL::text AS locale, "
        "NULL::text AS icu_rules"}}}},
    // pg_subscription's columns that PUBLIC may read: from 14 all but subconninfo;
    // before, not oid nor subsynccommit (nor those added later). subscriptions.sql asks
    // for the others only as a superuser, and names the fields another role cannot see.
    {"subscription_oid",
     {{{140000, "x.oid"}, {0, "{{superuser_only(x.oid, oid)}}"}, kNone, kNone}}},
    {"subscription_unreadable_by_others",
     {{{140000, "'[\"conninfo\"]'::json"},
       {0, "'[\"comment\", \"conninfo\", \"options\"]'::json"},
       kNone,
       kNone}}},
    // A subscription's WITH options as a JSON array of "name=value", sorted by name
    // (before 14 only a superuser may read subsynccommit):
    // binary and streaming from 14 (streaming a boolean until 16, then off / on /
    // parallel), two_phase and disable_on_error from 15, password_required,
    // run_as_owner and origin from 16, failover from 17. two_phase is whether it was
    // asked for (state 'p' pending or 'e' enabled), not its progress.
    {"subscription_options",
     {{{170000,
        "json_build_array('binary=' || x.subbinary, 'disable_on_error=' || x.subdisableonerr, "
        "'failover=' || x.subfailover, 'origin=' || x.suborigin, "
        "'password_required=' || x.subpasswordrequired, 'run_as_owner=' || x.subrunasowner, "
        "'streaming=' || CASE x.substream WHEN 'f' THEN 'off' WHEN 't' THEN 'on' "
        "ELSE 'parallel' END, 'synchronous_commit=' || x.subsynccommit, "
        "'two_phase=' || (x.subtwophasestate <> 'd'))"},
       {160000,
        "json_build_array('binary=' || x.subbinary, 'disable_on_error=' || x.subdisableonerr, "
        "'origin=' || x.suborigin, "
        "'password_required=' || x.subpasswordrequired, 'run_as_owner=' || x.subrunasowner, "
        "'streaming=' || CASE x.substream WHEN 'f' THEN 'off' WHEN 't' THEN 'on' "
        "ELSE 'parallel' END, 'synchronous_commit=' || x.subsynccommit, "
        "'two_phase=' || (x.subtwophasestate <> 'd'))"},
       {150000,
        "json_build_array('binary=' || x.subbinary, 'disable_on_error=' || x.subdisableonerr, "
        "'streaming=' || CASE WHEN x.substream THEN 'on' ELSE 'off' END, "
        "'synchronous_commit=' || x.subsynccommit, "
        "'two_phase=' || (x.subtwophasestate <> 'd'))"},
       {140000,
        "json_build_array('binary=' || x.subbinary, "
        "'streaming=' || CASE WHEN x.substream THEN 'on' ELSE 'off' END, "
        "'synchronous_commit=' || x.subsynccommit)"},
       {0,
        "COALESCE({{superuser_only(json_build_array('synchronous_commit=' || x.subsynccommit), "
        "json)}}, '[]'::json)"}}}},
    // NOT NULL constraints are catalog rows from 18 (contype 'n', one column each, named,
    // possibly NO INHERIT or NOT VALID, with a comment). The column reports one only
    // where it says more than NOT NULL: a name other than the one PostgreSQL chooses,
    // NO INHERIT, NOT VALID or a comment.
    {"not_null_constraint",
     {{{180000,
        "CASE WHEN nn.conname <> c.relname || '_' || a.attname || '_not_null' "
        "OR nn.connoinherit OR NOT nn.convalidated OR nnd.description IS NOT NULL "
        "THEN nn.conname END AS not_null_name, nn.connoinherit AS not_null_no_inherit, "
        "nn.convalidated AS not_null_validated, nnd.description AS not_null_comment"},
       {0,
        "NULL::name AS not_null_name, NULL::boolean AS not_null_no_inherit, "
        "NULL::boolean AS not_null_validated, NULL::text AS not_null_comment"},
       kNone,
       kNone}}},
    {"not_null_constraint_join",
     {{{180000,
        "LEFT JOIN pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' "
        "AND nn.conkey[1] = a.attnum "
        "LEFT JOIN pg_description nnd ON nnd.objoid = nn.oid "
        "AND nnd.classoid = 'pg_constraint'::regclass AND nnd.objsubid = 0"},
       {0, ""},
       kNone,
       kNone}}},
    // Multirange types exist from 14.
    {"multirange",
     {{{140000,
        "(SELECT json_build_object('schema', mn.nspname, 'name', mt.typname) FROM pg_type mt "
        "JOIN pg_namespace mn ON mn.oid = mt.typnamespace WHERE mt.oid = r.rngmultitypid)"},
       {0, "NULL::json"},
       kNone,
       kNone}}},
    {"multirange_alias",
     {{{140000,
        "UNION ALL SELECT 'pg_type'::regclass::oid, r.rngmultitypid, "
        "'pg_type'::regclass::oid, r.rngtypid FROM pg_range r WHERE r.rngmultitypid >= 16384"},
       {0, ""},
       kNone,
       kNone}}},
    // Base types name a subscripting handler from 14.
    {"typsubscript",
     {{{140000, "NULLIF(t.typsubscript::oid, 0)::regproc::text"},
       {0, "NULL::text"},
       kNone,
       kNone}}},
    // attcompression exists from 14 ('\0' = default).
    {"attcompression",
     {{{140000, "NULLIF(a.attcompression::text, '')"}, {0, "NULL::text"}, kNone, kNone}}},
    // attstattarget is NULL for "default" from 17, -1 before.
    {"attstattarget",
     {{{170000, "a.attstattarget"},
       {0, "CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END"},
       kNone,
       kNone}}},
    {"index_stattarget_set",
     {{{170000, "a.attstattarget IS NOT NULL"}, {0, "a.attstattarget >= 0"}, kNone, kNone}}},
    // stxstattarget exists from 13; NULL is "default" from 17, -1 before.
    {"stxstattarget",
     {{{170000, "s.stxstattarget"},
       {130000, "CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END"},
       {0, "NULL::integer"},
       kNone}}},
    // A partition's clones of its parent's triggers have tgparentid from 13; in 12 they
    // are marked tgisinternal, which the query already excludes.
    {"trigger_not_cloned", {{{130000, "t.tgparentid = 0"}, {0, "true"}, kNone, kNone}}},
    // publish_via_partition_root exists from 13.
    {"pubviaroot", {{{130000, "p.pubviaroot"}, {0, "false"}, kNone, kNone}}},
    // Row filters, column lists and TABLES IN SCHEMA exist from 15.
    {"publication_rel_extras",
     {{{150000,
        "'where', pg_get_expr(pr.prqual, pr.prrelid), 'columns', COALESCE((SELECT "
        "json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = "
        "pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])), '[]'::json)"},
       {0, "'where', NULL::text, 'columns', '[]'::json"},
       kNone,
       kNone}}},
    {"publication_schemas",
     {{{150000,
        "COALESCE((SELECT json_agg(n.nspname ORDER BY n.nspname) FROM "
        "pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid WHERE "
        "pn.pnpubid = p.oid), '[]'::json)"},
       {0, "'[]'::json"},
       kNone,
       kNone}}},
};

}  // namespace

std::string_view version_fragment(std::string_view name, int version_num) {
  for (const auto& fragment : kFragments) {
    if (fragment.name != name) continue;
    for (const auto& variant : fragment.variants) {
      if (variant.min_version >= 0 && version_num >= variant.min_version) return variant.sql;
    }
    break;
  }
  throw Error(ErrorCategory::kInternal, "no query fragment " + std::string(name) +
                                            " for server version " + std::to_string(version_num));
}

}  // namespace pgdrift::catalog

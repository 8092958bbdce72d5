// Readers of text search parsers, templates, dictionaries and configurations.
#include "catalog/read_context.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

namespace {

// Parsers and templates have no owner; dictionaries and configurations do.
Object text_search_object(Rows& rows, int row, ObjectKind kind, bool has_owner) {
  return make_object(rows, row,
                     ObjectId{kind, rows.text(row, "schema"), "", rows.text(row, "name"), ""},
                     has_owner, false);
}

}  // namespace

void read_text_search_parsers(ReadContext& ctx) {
  auto rows = ctx.query("text_search_parsers");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = text_search_object(rows, r, ObjectKind::kTextSearchParser, false);
    object.definition = model::TextSearchParserDef{rows.text(r, "start"), rows.text(r, "gettoken"),
                                                   rows.text(r, "end"), rows.text(r, "lextypes"),
                                                   rows.opt(r, "headline")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_text_search_templates(ReadContext& ctx) {
  auto rows = ctx.query("text_search_templates");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = text_search_object(rows, r, ObjectKind::kTextSearchTemplate, false);
    object.definition = model::TextSearchTemplateDef{rows.opt(r, "init"), rows.text(r, "lexize")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_text_search_dictionaries(ReadContext& ctx) {
  auto rows = ctx.query("text_search_dictionaries");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = text_search_object(rows, r, ObjectKind::kTextSearchDictionary, true);
    object.definition = model::TextSearchDictionaryDef{
        rows.json<model::QualifiedName>(r, "template_name"), rows.opt(r, "options")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_text_search_configurations(ReadContext& ctx) {
  auto rows = ctx.query("text_search_configurations");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = text_search_object(rows, r, ObjectKind::kTextSearchConfiguration, true);
    object.definition = model::TextSearchConfigurationDef{
        rows.json<model::QualifiedName>(r, "parser"),
        rows.json<std::vector<model::TextSearchMapping>>(r, "mappings")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

}  // namespace pgdrift::catalog

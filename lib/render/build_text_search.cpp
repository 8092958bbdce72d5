// Entries of text search parsers, templates, dictionaries and configurations.
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

namespace {

std::string name_of(const model::Object& o) {
  return qualified_name(o.id.schema, o.id.name);
}

// "CREATE TEXT SEARCH <what> name (\n    A = x,\n    B = y\n);\n"
std::string create(const std::string& what, const model::Object& o,
                   const std::vector<std::string>& settings) {
  std::string sql = "CREATE TEXT SEARCH " + what + " " + name_of(o) + " (";
  for (size_t i = 0; i < settings.size(); ++i) sql += (i ? ",\n    " : "\n    ") + settings[i];
  return sql + "\n);\n";
}

}  // namespace

void build_text_search_parser(BuildContext& ctx, const model::Object& o,
                              const model::TextSearchParserDef& d) {
  std::vector<std::string> settings{"START = " + d.start, "GETTOKEN = " + d.gettoken,
                                    "END = " + d.end, "LEXTYPES = " + d.lextypes};
  if (d.headline) settings.push_back("HEADLINE = " + *d.headline);
  std::string sql = create("PARSER", o, settings);
  sql += comment_statement("TEXT SEARCH PARSER " + name_of(o), o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_text_search_template(BuildContext& ctx, const model::Object& o,
                                const model::TextSearchTemplateDef& d) {
  std::vector<std::string> settings;
  if (d.init) settings.push_back("INIT = " + *d.init);
  settings.push_back("LEXIZE = " + d.lexize);
  std::string sql = create("TEMPLATE", o, settings);
  sql += comment_statement("TEXT SEARCH TEMPLATE " + name_of(o), o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_text_search_dictionary(BuildContext& ctx, const model::Object& o,
                                  const model::TextSearchDictionaryDef& d) {
  std::vector<std::string> settings{"TEMPLATE = " + qualified(d.template_name)};
  // dictinitoption is already "name = value, ..." as CREATE takes it.
  if (d.options) settings.push_back(*d.options);
  std::string sql = create("DICTIONARY", o, settings);
  const std::string target = "TEXT SEARCH DICTIONARY " + name_of(o);
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

void build_text_search_configuration(BuildContext& ctx, const model::Object& o,
                                     const model::TextSearchConfigurationDef& d) {
  std::string sql = create("CONFIGURATION", o, {"PARSER = " + qualified(d.parser)});
  const std::string target = "TEXT SEARCH CONFIGURATION " + name_of(o);
  for (const auto& mapping : d.mappings) {
    sql +=
        "ALTER " + target + "\n    ADD MAPPING FOR " + quote_ident(mapping.token_type) + " WITH ";
    for (size_t i = 0; i < mapping.dictionaries.size(); ++i)
      sql += (i ? ", " : "") + qualified(mapping.dictionaries[i]);
    sql += ";\n";
  }
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {

Entry& BuildContext::main_entry(const model::Object& object, std::string sql) {
  Entry entry;
  entry.key = EntryKey{object.id, Part::kMain};
  entry.priority = priority(entry.key);
  entry.header = model::describe(object.id);
  entry.sql = std::move(sql);
  entry.after_objects = &object.depends_on;
  entry.after = std::move(before_next_main);
  before_next_main.clear();
  out.push_back(std::move(entry));
  return out.back();
}

namespace {

Entry extra_entry(const model::Object& object, Part part, std::string header, std::string sql,
                  std::vector<EntryKey> after) {
  Entry entry;
  entry.key = EntryKey{object.id, part};
  entry.priority = priority(entry.key);
  entry.header = std::move(header);
  entry.sql = std::move(sql);
  entry.after = std::move(after);
  return entry;
}

}  // namespace

void BuildContext::before_main_entry(const model::Object& object, Part part, std::string header,
                                     std::string sql, std::vector<EntryKey> after) {
  before_next_main.push_back(EntryKey{object.id, part});
  out.push_back(extra_entry(object, part, std::move(header), std::move(sql), std::move(after)));
}

Entry& BuildContext::part_entry(const model::Object& object, Part part, std::string header,
                                std::string sql, std::vector<EntryKey> after) {
  after.push_back(EntryKey{object.id, Part::kMain});
  out.push_back(extra_entry(object, part, std::move(header), std::move(sql), std::move(after)));
  return out.back();
}

EntryKey BuildContext::index_creator(const std::string& schema, const std::string& name) const {
  const auto it = index_creators.find({schema, name});
  return it == index_creators.end() ? EntryKey{} : EntryKey{*it->second, Part::kMain};
}

std::string comment_statement(const std::string& target,
                              const std::optional<std::string>& comment) {
  if (!comment) return "";
  return "COMMENT ON " + target + " IS " + quote_literal(*comment) + ";\n";
}

std::string owner_statement(const std::string& target, const std::optional<std::string>& owner) {
  if (!owner) return "";
  return "ALTER " + target + " OWNER TO " + quote_ident(*owner) + ";\n";
}

std::string with_options(const std::vector<std::string>& options) {
  if (options.empty()) return "";
  std::string out = "WITH (";
  for (size_t i = 0; i < options.size(); ++i) {
    const auto eq = options[i].find('=');
    if (i) out += ", ";
    if (eq == std::string::npos) {
      out += options[i];
    } else {
      out += options[i].substr(0, eq) + "=" + quote_literal(options[i].substr(eq + 1));
    }
  }
  return out + ")";
}

std::string in_tablespace(const std::optional<std::string>& tablespace, std::string statements) {
  if (!tablespace) return statements;
  return "SET default_tablespace = " + quote_ident(*tablespace) + ";\n" + statements +
         "SET default_tablespace = '';\n";
}

std::string options_clause(const std::vector<std::string>& options) {
  std::string out = "OPTIONS (";
  for (size_t i = 0; i < options.size(); ++i) {
    const auto eq = options[i].find('=');
    if (i) out += ", ";
    out += quote_ident(options[i].substr(0, eq)) + " " +
           quote_literal(eq == std::string::npos ? "" : options[i].substr(eq + 1));
  }
  return out + ")";
}

std::string qualified(const model::QualifiedName& name) {
  return qualified_name(name.schema, name.name);
}

}  // namespace pgdrift::render

// catalog/read_context.h — shared state of one catalog read (internal to catalog/).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/reader.h"
#include "model/json_fields.h"
#include "pg/connection.h"
#include "util/error.h"

namespace pgdrift::catalog {

using Oid = std::uint32_t;
/// pg_class's own OID, fixed by PostgreSQL's bootstrap.
constexpr Oid kPgClass = 1259;

/// (catalog OID, object OID): how pg_depend names an object.
using CatalogRef = std::pair<Oid, Oid>;

struct CatalogRefHash {
  size_t operator()(const CatalogRef& ref) const {
    return std::hash<std::uint64_t>{}((std::uint64_t{ref.first} << 32) | ref.second);
  }
};

/// The rows of one catalog query, read by column name.
class Rows {
 public:
  explicit Rows(pg::Result result) : result_(std::move(result)) {}
  int size() const { return result_.rows(); }
  std::string text(int row, const char* name) { return result_.text(row, col(name)); }
  std::optional<std::string> opt(int row, const char* name) {
    return result_.optional_text(row, col(name));
  }
  bool boolean(int row, const char* name) { return result_.boolean(row, col(name)); }
  long long integer(int row, const char* name) { return result_.integer(row, col(name)); }
  Oid oid(int row, const char* name) { return static_cast<Oid>(integer(row, name)); }
  /// Parses a json column into \a T; SQL NULL gives T{}.
  template <typename T>
  T json(int row, const char* name) {
    const int c = col(name);
    if (result_.is_null(row, c)) return T{};
    try {
      return nlohmann::json::parse(result_.get(row, c)).get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorCategory::kInternal,
                  std::string("unexpected JSON in column ") + name + ": " + e.what());
    }
  }

 private:
  // Cached by the name's address (callers pass string literals, and a row loop asks for
  // the same few columns hundreds of thousands of times), checked against the name
  // itself in case a caller's buffer is reused for another name.
  int col(const char* name) {
    auto it = columns_.find(name);
    if (it != columns_.end() && it->second.first == name) return it->second.second;
    const int index = result_.column(name);
    columns_.insert_or_assign(name, std::pair<std::string, int>{name, index});
    return index;
  }
  pg::Result result_;
  std::unordered_map<const char*, std::pair<std::string, int>> columns_;
};

class QueryRunner;

struct ReadContext {
  QueryRunner& runner;
  int version_num;
  model::Catalog& catalog;
  Log& log;
  /// Index in catalog.objects of each object read, by its catalog reference.
  std::unordered_map<CatalogRef, size_t, CatalogRefHash> objects_by_oid;
  int queries_sent = 0;
  /// Objects [kept_begin, kept_end) were kept from an earlier read by a read of changes:
  /// nothing they depend on changed, so read_dependencies leaves their depends_on.
  size_t kept_begin = 0;
  size_t kept_end = 0;

  /// The rows of lib/catalog/sql/<name>.sql, expanded for this server; the query must
  /// be in its step's list in reader.cpp.
  Rows query(std::string_view name);
  /// Makes room for \a count more objects when that is a large step, so the catalog's
  /// vector grows to exact sizes instead of doubling (its old and new buffers were the
  /// peak of memory use at 10,000 tables).
  void expect(int count);
  /// Adds \a object to the catalog and remembers its catalog reference.
  void add(Oid classid, Oid oid, model::Object object);
};

/// An object with the parts most kinds have, from the row's "comment" column and, when
/// the kind has them, its "owner" and "acl" columns.
model::Object make_object(Rows& rows, int row, model::ObjectId id, bool has_owner, bool has_acl);

// One function per query; each adds its kind's objects to the context's catalog.
void read_schemas(ReadContext& ctx);
void read_extensions(ReadContext& ctx);
void read_collations(ReadContext& ctx);
void read_types(ReadContext& ctx);
void read_functions(ReadContext& ctx);
void read_aggregates(ReadContext& ctx);
void read_sequences(ReadContext& ctx);
void read_tables(ReadContext& ctx);
void read_views(ReadContext& ctx);
void read_constraints(ReadContext& ctx);
void read_indexes(ReadContext& ctx);
void read_triggers(ReadContext& ctx);
void read_policies(ReadContext& ctx);
void read_rules(ReadContext& ctx);
void read_event_triggers(ReadContext& ctx);
void read_statistics(ReadContext& ctx);
void read_publications(ReadContext& ctx);
void read_default_privileges(ReadContext& ctx);
void read_operators(ReadContext& ctx);
void read_operator_families(ReadContext& ctx);
void read_operator_classes(ReadContext& ctx);
void read_text_search_parsers(ReadContext& ctx);
void read_text_search_templates(ReadContext& ctx);
void read_text_search_dictionaries(ReadContext& ctx);
void read_text_search_configurations(ReadContext& ctx);
void read_casts(ReadContext& ctx);
void read_conversions(ReadContext& ctx);
void read_languages(ReadContext& ctx);
void read_access_methods(ReadContext& ctx);
void read_transforms(ReadContext& ctx);
void read_foreign_data_wrappers(ReadContext& ctx);
void read_foreign_servers(ReadContext& ctx);
void read_user_mappings(ReadContext& ctx);
void read_subscriptions(ReadContext& ctx);
void read_unsupported(ReadContext& ctx);
/// Runs last: turns pg_depend edges into Object::depends_on.
void read_dependencies(ReadContext& ctx);

}  // namespace pgdrift::catalog

#include "app/finding_statements.h"

#include <set>

#include "diff/change_set.h"
#include "plan/planner.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::app {
namespace {

std::string kind_and_display(const model::ObjectId& id) {
  return std::string(model::kind_name(id.kind)) + "|" + diff::object_display(id);
}

// The partitioned table or index that \a id, a partition or a partition's index, is part
// of, in \a catalog; nullopt for anything else.
std::optional<model::ObjectId> partition_parent(const model::ObjectId& id,
                                                const model::Catalog& catalog) {
  const model::Object* object = catalog.find(id);
  if (!object) return std::nullopt;
  std::optional<model::QualifiedName> parent;
  model::ObjectKind kind = id.kind;
  if (const auto* table = model::def_if<model::TableDef>(*object)) parent = table->partition_of;
  if (const auto* index = model::def_if<model::IndexDef>(*object)) parent = index->attach_to;
  if (!parent) return std::nullopt;
  if (kind == model::ObjectKind::kTable)
    return model::ObjectId{kind, parent->schema, "", parent->name, ""};
  // An index's identity holds its table: the parent index is found by its name.
  for (const auto& candidate : catalog.objects) {
    if (candidate.id.kind == kind && candidate.id.schema == parent->schema &&
        candidate.id.name == parent->name) {
      return candidate.id;
    }
  }
  return std::nullopt;
}

// "kind|object" of the finding \a id's statements reproduce: its own when it is one of
// \a findings, else that of the nearest partitioned parent that is.
std::string finding_object_of(const model::ObjectId& id, const model::Catalog& catalog,
                              const std::set<std::string>& findings) {
  std::optional<model::ObjectId> at = id;
  for (int level = 0; at && level < 64; ++level) {  // partitions nest, never in a cycle
    if (findings.count(kind_and_display(*at))) return kind_and_display(*at);
    at = partition_parent(*at, catalog);
  }
  return kind_and_display(id);
}

}  // namespace

std::map<std::string, std::string> reproducing_statements(const DriftScan& scan, Log& log) {
  std::map<std::string, std::string> out;
  if (scan.changes.empty()) return out;
  plan::Plan plan;
  try {
    plan = plan::plan_migration(scan.expected,
                                diff::apply_findings(scan.expected, *scan.actual, scan.changes));
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kUnsupported) throw;
    log.info("no statements in the report: " + std::string(e.what()));
    return out;
  }
  std::set<size_t> taken;  // statements given to a column's finding
  // A column's statements are its table's that name it.
  for (const auto& f : scan.changes.findings) {
    if (f.kind != "column") continue;
    for (size_t k = 0; k < plan.statements.size(); ++k) {
      const auto& s = plan.statements[k];
      const std::string table = diff::object_display(s.object) + ".";
      if (s.object.kind != model::ObjectKind::kTable || f.object.rfind(table, 0) != 0) continue;
      const std::string column = f.object.substr(table.size());
      if (s.sql.find(" " + quote_ident(column)) == std::string::npos) continue;
      out[diff::finding_key(f)] += s.sql;
      taken.insert(k);
    }
  }
  // Every other finding's are those of its object, and of the partitions (and partitions'
  // indexes) that came with it: an index added to a partitioned table is its CREATE INDEX
  // ON ONLY, each partition's index and their ATTACH PARTITION.
  std::set<std::string> finding_objects;
  for (const auto& f : scan.changes.findings) finding_objects.insert(f.kind + "|" + f.object);
  std::map<std::string, std::string> by_object;
  for (size_t k = 0; k < plan.statements.size(); ++k) {
    if (taken.count(k)) continue;
    const auto& s = plan.statements[k];
    by_object[finding_object_of(s.object, *scan.actual, finding_objects)] += s.sql;
  }
  for (const auto& f : scan.changes.findings) {
    if (f.kind == "column") continue;
    const auto it = by_object.find(f.kind + "|" + f.object);
    if (it != by_object.end()) out[diff::finding_key(f)] = it->second;
  }
  return out;
}

}  // namespace pgdrift::app

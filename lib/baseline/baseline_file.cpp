#include "baseline/baseline_file.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "history/dbmate_text.h"
#include "util/error.h"

namespace pgdrift::baseline {
namespace {

constexpr const char* kLeftOutPrefix = "-- migration tracking table, left out: ";

// Always quoted, so reading the name back needs no keyword list.
std::string quote_always(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Reads one double-quoted identifier at \a pos; advances \a pos past it.
std::optional<std::string> read_quoted(const std::string& text, size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  std::string name;
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] != '"') {
      name += text[pos];
    } else if (pos + 1 < text.size() && text[pos + 1] == '"') {
      name += '"';
      ++pos;
    } else {
      ++pos;
      return name;
    }
  }
  return std::nullopt;
}

}  // namespace

namespace {

// dbmate splits the file at every line that looks like a section marker, whatever it is
// part of: the file is read by dbmate's rule before anyone can record it (issue 17). Its
// markers must be exactly the two pgdrift wrote.
void require_dbmate_reads(const std::string& file, size_t up_marker, size_t down_marker) {
  const auto markers = history::dbmate_marker_offsets(file);
  if (markers != std::vector<size_t>{up_marker, down_marker}) {
    throw Error(ErrorCategory::kInternal,
                "the baseline as dbmate would read it does not split where pgdrift wrote its "
                "markers; please report this with the schema's names");
  }
}

}  // namespace

size_t baseline_lock_slots_needed(size_t relations) {
  // The lock table holds max_locks_per_transaction x (max_connections +
  // max_prepared_transactions) locks; keep a quarter for the catalogs' own and the rest.
  constexpr size_t kConnections = 100;
  constexpr size_t kDefaultSlots = 64;
  const size_t needed = (relations + relations / 4 + kConnections - 1) / kConnections;
  return needed > kDefaultSlots ? needed : 0;
}

std::string baseline_file_text(const BaselineHeader& header, const std::string& snapshot_sql) {
  const int major = header.server_version_num / 10000;
  const int minor = header.server_version_num % 10000;
  std::string out;
  out += kBaselineMarker + header.version + "\n";
  out += "--\n";
  out += "-- The schema of " + header.source + " (PostgreSQL " + std::to_string(major) + "." +
         std::to_string(minor) + ", " + std::to_string(header.object_count) + " objects) as its\n";
  out += "-- system catalogs described it when migration tracking began, written by\n";
  out += "-- `pgdrift baseline`. It is recorded as applied in that database; in an empty one it\n";
  out += "-- creates the same schema. It cannot be rolled back: change the schema with a new\n";
  out += "-- migration instead.\n";
  for (const auto& table : header.left_out_tables) {
    out += std::string(kLeftOutPrefix) + quote_always(table.schema) + "." +
           quote_always(table.name) + "\n";
  }
  if (!header.redacted_credentials.empty()) {
    out +=
        "--\n-- Credentials (passwords and other secrets in options and connection strings) are\n";
    out += std::string("-- not copied: they read '") + model::kRedactedCredential +
           "' below. Re-enter them, with ALTER ... OPTIONS (SET ...)\n"
           "-- or ALTER SUBSCRIPTION ... CONNECTION, in:\n";
    for (const auto& object : header.redacted_credentials) out += "--   " + object + "\n";
  }
  if (const size_t slots = baseline_lock_slots_needed(header.relations)) {
    out += "--\n-- It creates about " + std::to_string(header.relations) +
           " relations (tables, TOAST tables, indexes, sequences, views) in\n"
           "-- one transaction, which holds a lock on each until it commits: a server that\n"
           "-- replays it (dbmate up in a new environment) needs max_locks_per_transaction x\n"
           "-- (max_connections + max_prepared_transactions) above that, e.g.\n"
           "-- max_locks_per_transaction = " +
           std::to_string(slots) +
           " with max_connections = 100 (with the default, 64, it may\n"
           "-- fail with \"out of shared memory\").\n";
  }
  // Names in the header and text in the schema (function bodies, comments, defaults) may
  // hold lines that dbmate would take for its markers: written so that none does.
  out = history::without_dbmate_markers(out);
  const std::string up_sql = history::without_dbmate_markers(snapshot_sql);
  out += "\n";
  const size_t up_marker = out.size();
  out += "-- migrate:up\n";
  out += up_sql;
  // dbmate records the version in the same session: give it back its settings.
  out += "\n-- Restore the session settings changed above.\n";
  out += "RESET search_path;\nRESET check_function_bodies;\nRESET client_min_messages;\n";
  out += "RESET default_table_access_method;\nRESET default_tablespace;\nRESET xmloption;\n";
  out += "\n";
  const size_t down_marker = out.size();
  out += "-- migrate:down\n";
  out += "DO $pgdrift$\nBEGIN\n  RAISE EXCEPTION 'baseline " + header.version +
         " cannot be rolled back'\n"
         "    USING DETAIL = 'It records the schema as it was when migration tracking began; "
         "rolling it back would mean dropping the whole schema.',\n"
         "          HINT = 'Write a new migration to change the schema.';\nEND\n$pgdrift$;\n";
  require_dbmate_reads(out, up_marker, down_marker);
  return out;
}

bool is_pgdrift_baseline(const std::string& text) {
  return text.rfind(kBaselineMarker, 0) == 0;
}

std::vector<model::QualifiedName> baseline_left_out_tables(const std::string& text) {
  std::vector<model::QualifiedName> tables;
  if (!is_pgdrift_baseline(text)) return tables;
  // Only the header, before the up marker.
  const size_t header_end = text.find("\n-- migrate:up");
  for (size_t line = 0; line < header_end && line != std::string::npos;) {
    const size_t end = text.find('\n', line);
    if (text.compare(line, std::strlen(kLeftOutPrefix), kLeftOutPrefix) == 0) {
      size_t pos = line + std::strlen(kLeftOutPrefix);
      auto schema = read_quoted(text, pos);
      if (schema && pos < text.size() && text[pos] == '.') {
        ++pos;
        if (auto name = read_quoted(text, pos)) tables.push_back({*schema, *name});
      }
    }
    line = end == std::string::npos ? end : end + 1;
  }
  return tables;
}

model::Catalog without_tables(model::Catalog catalog,
                              const std::vector<model::QualifiedName>& tables) {
  auto listed = [&](const std::string& schema, const std::string& name) {
    return std::any_of(tables.begin(), tables.end(), [&](const model::QualifiedName& t) {
      return t.schema == schema && t.name == name;
    });
  };
  std::vector<model::ObjectId> removed;
  std::erase_if(catalog.objects, [&](const model::Object& object) {
    const auto& id = object.id;
    bool leave_out = (id.kind == model::ObjectKind::kTable && listed(id.schema, id.name)) ||
                     (!id.table.empty() && listed(id.schema, id.table));
    if (!leave_out && id.kind == model::ObjectKind::kSequence) {
      const auto& def = model::def_as<model::SequenceDef>(object);
      leave_out = def.owned_by && listed(id.schema, def.owned_by->table);
    }
    if (leave_out) removed.push_back(id);
    return leave_out;
  });
  // Erasing keeps the order; only dependencies on what was left out need to go (a full
  // normalize of 50,000 objects cost 0.1 s of every warm check).
  if (!removed.empty()) {
    std::sort(removed.begin(), removed.end());
    for (auto& object : catalog.objects) {
      std::erase_if(object.depends_on, [&](const model::ObjectId& dep) {
        return std::binary_search(removed.begin(), removed.end(), dep);
      });
    }
  }
  return catalog;
}

}  // namespace pgdrift::baseline

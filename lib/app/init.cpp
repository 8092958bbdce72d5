#include "app/init.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "app/dbmate_env.h"
#include "app/drift_scan.h"
#include "app/schema_source.h"
#include "baseline/baseline_file.h"
#include "history/tracking_table.h"
#include "render/schema_files.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

namespace fs = std::filesystem;

// The files under \a dir that init wrote (a layout path, and its kind of first line), relative,
// '/'-separated: what --force may replace. Throws Error(kIo) when \a dir cannot be listed.
std::set<std::string> layout_files_under(const std::string& dir) {
  std::set<std::string> files;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string path = fs::relative(it->path(), dir).generic_string();
    if (!render::is_layout_path(path)) continue;
    std::ifstream in(it->path());
    std::string first_line;
    std::getline(in, first_line);
    if (render::starts_like_schema_file(first_line + "\n")) files.insert(path);
  }
  if (ec) throw Error(ErrorCategory::kIo, "cannot list " + dir + ": " + ec.message());
  return files;
}

// A folder that is not there or holds nothing; with force, one that holds anything.
void require_writable_folder(const InitOptions& options) {
  std::error_code ec;
  const fs::path dir(options.schema_dir);
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kInput, options.schema_dir +
                                           " is a file, not a folder; name a folder for the "
                                           "schema files with --schema-dir");
  }
  const bool empty = fs::is_empty(dir, ec);
  if (ec)
    throw Error(ErrorCategory::kIo, "cannot list " + options.schema_dir + ": " + ec.message());
  if (!options.force && !empty) {
    throw Error(ErrorCategory::kInput,
                options.schema_dir +
                    " is not empty; name an empty folder with --schema-dir, or add --force to "
                    "replace the files init writes there (others are kept)");
  }
}

// The schema the files describe: the live one without the migration tool's tables, or
// the one the history builds.
model::Catalog schema_to_write(const InitOptions& options, Log& log) {
  if (options.from_history) {
    std::unique_ptr<shadow::Shadow> shadow;
    const ShadowProvider provider = [&]() -> shadow::Shadow& {
      if (!shadow) {
        shadow = shadow::start_shadow(options.shadow, default_shadow_major(options.shadow), log);
      }
      return *shadow;
    };
    LiveSource reading = options.source;
    reading.named_schemas_required = false;
    return load_schema_source(std::string(kDbmatePrefix) + options.migrations_dir, reading,
                              provider, log);
  }
  model::Catalog live = read_live_catalog(options.source, log);
  const auto table = history::TableName::parse(options.migrations_table);
  const auto tracking = tracking_tables_of(table, live, options.migrations_dir);
  return baseline::without_tables(std::move(live), tracking);
}

}  // namespace

std::string init_report(const InitOutcome& outcome, const std::string& schema_dir) {
  std::string text = "wrote " + std::to_string(outcome.files) + " file(s) (" +
                     std::to_string(outcome.objects) + " objects) under " + schema_dir + "\n";
  for (const auto& path : outcome.removed) {
    text += "removed " + path + " (no longer in the schema)\n";
  }
  return text;
}

InitOptions default_init_options() {
  InitOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

InitOutcome run_init(const InitOptions& options, Log& log) {
  // 1. A folder that is free to write (checked again after the read, which can be long),
  //    and that does not hold the migrations (they would be read as schema files).
  require_apart(options.schema_dir, options.migrations_dir);
  require_writable_folder(options);
  // 2. The schema, and its files.
  const model::Catalog catalog = schema_to_write(options, log);
  const auto files = render::schema_files(catalog);
  require_writable_folder(options);
  // 3. Written all or none; with --force, the .sql files the new tree lacks removed after.
  const auto before = layout_files_under(options.schema_dir);
  std::vector<std::pair<std::string, std::string>> contents;
  std::set<fs::path> folders;
  for (const auto& [path, text] : files) {
    const fs::path full = fs::path(options.schema_dir) / path;
    folders.insert(full.parent_path());
    contents.emplace_back(full.string(), text);
  }
  // Folders made for the files are taken away again when the files cannot be written.
  std::vector<fs::path> made;
  auto remove_made = [&] {
    std::error_code ec;
    for (auto it = made.rbegin(); it != made.rend(); ++it) fs::remove(*it, ec);  // if empty
  };
  try {
    for (const auto& folder : folders) {
      std::vector<fs::path> missing;
      std::error_code ec;
      for (fs::path p = folder; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        missing.push_back(p);
      }
      for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (!fs::create_directory(*it, ec) && ec) {
          throw Error(ErrorCategory::kIo, "cannot create " + it->string() + ": " + ec.message() +
                                              "; name another folder with --schema-dir");
        }
        made.push_back(*it);
      }
    }
    write_files_atomically(contents);
  } catch (...) {
    remove_made();
    throw;
  }
  InitOutcome outcome;
  outcome.files = files.size();
  outcome.objects = catalog.objects.size();
  for (const auto& stale : before) {
    if (files.count(stale)) continue;
    std::error_code ec;
    if (fs::remove(fs::path(options.schema_dir) / stale, ec)) outcome.removed.push_back(stale);
  }
  log.info("wrote " + std::to_string(outcome.files) + " file(s) under " + options.schema_dir);
  return outcome;
}

}  // namespace pgdrift::app

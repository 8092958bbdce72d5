#include "baseline/rescue.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "baseline/baseline_file.h"
#include "history/recorded_write.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::baseline {
namespace {

namespace fs = std::filesystem;

bool file_is_pgdrift_baseline(const std::string& path) {
  try {
    return is_pgdrift_baseline(read_file(path).substr(0, 64));
  } catch (const Error&) {
    return false;
  }
}

std::string join_names(const std::vector<history::MigrationFile>& files) {
  std::string out;
  for (size_t i = 0; i < files.size() && i < 10; ++i) out += (i ? ", " : "") + files[i].filename;
  if (files.size() > 10) out += ", ... (" + std::to_string(files.size()) + " in all)";
  return out;
}

}  // namespace

RescuePlan plan_rescue(pg::Connection& conn, const RescueOptions& options,
                       const std::string& version) {
  RescuePlan plan;
  plan.version = version;
  plan.file_path =
      (fs::path(options.migrations_dir) / (version + "_" + options.name + ".sql")).string();
  const auto& table = options.migrations_table;
  const history::TableState tracking = history::inspect_table(conn, table);
  const auto files =
      history::list_migration_files(options.migrations_dir, history::MissingDirectory::kHasNoFiles);

  std::vector<std::string> recorded;
  if (tracking.exists && tracking.dbmate_shape) recorded = history::recorded_versions(conn, table);
  if (!recorded.empty()) {
    // Already baselined by pgdrift: one of the recorded versions is one of our files
    // (dbmate may have applied more migrations on top since).
    for (const auto& file : files) {
      if (std::binary_search(recorded.begin(), recorded.end(), file.version) &&
          file_is_pgdrift_baseline(file.path)) {
        plan.already_baselined = file;
        return plan;
      }
    }
    throw Error(ErrorCategory::kInput,
                table.display() + " already records " + std::to_string(recorded.size()) +
                    " migration version(s), so this database is already tracked by dbmate; use "
                    "`pgdrift check` to compare it with its history instead of baselining it");
  }

  // The legacy table: named explicitly, or a tracking table that is not dbmate's.
  if (options.legacy_table) {
    const auto legacy = history::inspect_table(conn, *options.legacy_table);
    if (!legacy.exists) {
      throw Error(ErrorCategory::kInput, "the legacy table " + options.legacy_table->display() +
                                             " given with --legacy-table does not exist");
    }
    plan.legacy = options.legacy_table;
    plan.legacy_rows = legacy.rows;
  } else if (tracking.exists && !tracking.dbmate_shape) {
    plan.legacy = table;
    plan.legacy_rows = tracking.rows;
  }
  if (plan.legacy) {
    plan.legacy_new_name = plan.legacy->name + "_legacy";
    const history::TableName renamed{plan.legacy->schema, plan.legacy_new_name};
    if (history::inspect_table(conn, renamed).exists) {
      throw Error(
          ErrorCategory::kInput,
          renamed.display() + " already exists, so " + plan.legacy->display() +
              " cannot be kept under that name; rename or drop one of them first, or name the "
              "legacy table with --legacy-table");
    }
  }
  const bool legacy_is_tracking_table =
      plan.legacy && plan.legacy->schema == table.schema && plan.legacy->name == table.name;
  plan.create_tracking_table = !tracking.exists || legacy_is_tracking_table;

  // Files that would run on top of the baseline. Unapplied baselines of our own (left
  // by an interrupted run) are replaced instead.
  std::vector<history::MigrationFile> pending;
  for (const auto& file : files) {
    if (file_is_pgdrift_baseline(file.path)) {
      plan.leftover_baselines.push_back(file);
    } else {
      pending.push_back(file);
    }
  }
  if (!pending.empty()) {
    throw Error(ErrorCategory::kInput,
                options.migrations_dir +
                    " already holds migration files that are not applied and would run on top "
                    "of the baseline: " +
                    join_names(pending) + "; move them away or apply them first");
  }

  if (plan.legacy) {
    auto renames =
        history::rename_table(conn, *plan.legacy, plan.legacy_new_name, /*execute=*/false);
    plan.statements.insert(plan.statements.end(), renames.begin(), renames.end());
  }
  if (plan.create_tracking_table)
    plan.statements.push_back(history::create_dbmate_table_sql(table));
  plan.statements.push_back("INSERT INTO " + table.sql() + " (version) VALUES (" +
                            quote_literal(version) + ")");
  return plan;
}

bool execute_rescue(pg::Connection& conn, const RescueOptions& options, const RescuePlan& plan,
                    const std::string& file_text) {
  history::RecordedWrite write;
  write.command = "pgdrift baseline";
  write.what = "baseline";
  write.lock_timeout = options.lock_timeout;
  write.folder = options.migrations_dir;
  write.files = {{plan.file_path, file_text}};
  write.statements = [&](pg::Connection& locked) {
    // Re-plan under the lock: another run may have finished meanwhile.
    const RescuePlan current = plan_rescue(locked, options, plan.version);
    if (current.already_baselined || current.statements != plan.statements) {
      throw Error(ErrorCategory::kInput,
                  "the database changed while pgdrift baseline was preparing; run it again");
    }
    for (const auto& statement : plan.statements) {
      try {
        locked.exec(statement);
      } catch (const Error& e) {
        if (e.sqlstate() != "42501") throw;
        // A read-mostly role is enough to plan; the rescue itself writes.
        throw Error(ErrorCategory::kQuery,
                    "cannot record the baseline as role " + locked.identity().user + " (" +
                        e.what() + ")" + "; run pgdrift baseline as a role that owns the schema " +
                        options.migrations_table.schema +
                        " (or may create tables in it and owns the legacy table); nothing "
                        "was changed",
                    e.sqlstate());
      }
    }
  };
  write.after_commit = [&] {
    for (const auto& leftover : plan.leftover_baselines) {
      if (leftover.path != plan.file_path) std::remove(leftover.path.c_str());
    }
  };
  // An interrupt that came after the server had committed changes nothing: the rescue is
  // whole.
  return history::run_recorded_write(conn, write);
}

}  // namespace pgdrift::baseline

#include "app/plan.h"

#include <filesystem>
#include <future>
#include <optional>
#include <set>

#include "app/dbmate_env.h"
#include "app/dbmate_plan.h"
#include "app/diff.h"
#include "app/migration_naming.h"
#include "app/output_file.h"
#include "app/plan_proof.h"
#include "app/plan_renames.h"
#include "app/schema_source.h"
#include "history/migration_files.h"
#include "pg/conninfo.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "shadow/binaries.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

// The way back from \a after to \a before where the way there renamed: the renames undone
// first, the rest planned from what that leaves.
DownSection plan_down_renamed(shadow::Shadow& shadow, const model::Catalog& after,
                              const model::Catalog& before, const std::vector<Rename>& renames,
                              const LiveSource& reading, Log& log) {
  const auto back = reverse_renames(renames);
  DownSection down = plan_down_section(renamed_catalog(shadow, after, back, reading, log), before);
  if (down.plan) down.plan = renames_first(back, std::move(*down.plan));
  return down;
}

}  // namespace

PlanOptions default_plan_options() {
  PlanOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  return options;
}

PlanOutcome run_plan(const PlanOptions& options, Log& caller_log) {
  if (options.format != "sql" && options.format != "json" && options.format != "dbmate") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use sql, dbmate or json)");
  }
  const bool dbmate = options.format == "dbmate";
  if (dbmate) {
    require_file_name_part(options.name);
    std::error_code ec;
    if (!std::filesystem::is_directory(options.migrations_dir, ec)) {
      throw Error(ErrorCategory::kInput, "the migrations folder " + options.migrations_dir +
                                             " does not exist; create it or name another one "
                                             "with --migrations-dir (or DBMATE_MIGRATIONS_DIR)");
    }
  }
  const std::vector<Rename> renames = parse_renames(options.renames);
  SynchronizedLog log(caller_log);
  // 1. Both schemas, read with the same reader and settings: databases and snapshots side
  //    by side, then SQL in a shadow of their major.
  catalog::ReadOptions filter = options.filter;
  filter.connections = std::max(1, filter.connections / 2);
  LiveSource reading;
  reading.session = options.session;
  reading.filter = filter;
  reading.named_schemas_required = false;
  const bool from_sql = loads_in_shadow(source_kind(options.from));
  const bool to_sql = loads_in_shadow(source_kind(options.to));
  std::unique_ptr<shadow::Shadow> shadow;
  int major = 0;
  std::optional<model::Catalog> from_read;
  std::optional<model::Catalog> to_read;
  // Its lock table sized for the largest of the schemas it will hold: those already read,
  // and the SQL it will run (a history's baseline creates every relation in one
  // transaction).
  const ShadowProvider provider = [&]() -> shadow::Shadow& {
    if (!shadow) {
      shadow::ShadowOptions sized = options.shadow;
      for (const auto* read : {&from_read, &to_read}) {
        if (*read) sized.relations = std::max(sized.relations, model::relation_count(**read));
      }
      for (const auto* source : {&options.from, &options.to}) {
        try {
          sized.relations = std::max(sized.relations, relations_locked_estimate(*source));
        } catch (const Error&) {
          // A source that cannot be read is reported by its own load, under its name.
        }
      }
      shadow = shadow::start_shadow(sized, major, log);
    }
    return *shadow;
  };
  auto load = [&](const std::string& source, const char* side) {
    return with_context(side, [&] { return load_schema_source(source, reading, provider, log); });
  };
  std::future<model::Catalog> reading_from;
  if (!from_sql)
    reading_from = std::async(std::launch::async, [&] { return load(options.from, "FROM"); });
  if (!to_sql) to_read = load(options.to, "TO");
  if (!from_sql) from_read = reading_from.get();
  const auto& known = from_read ? from_read : to_read;
  major = known ? known->server_version_num / 10000 : default_shadow_major(options.shadow);
  if (from_sql) from_read = load(options.from, "FROM");
  if (to_sql) to_read = load(options.to, "TO");
  const model::Catalog& from = *from_read;
  const model::Catalog& to = *to_read;

  // 2. The statements, in order, cut into the parts that run one after the other; with
  //    --rename, the renames first and the rest planned from what they leave.
  check_renames(renames, from, to);
  std::optional<model::Catalog> renamed;
  if (!renames.empty()) {
    create_proof_roles(provider(), from, to, log);
    renamed = renamed_catalog(provider(), from, renames, reading, log);
  }
  plan::Plan plan =
      plan::plan_migration(renamed ? *renamed : from, to, plan::PlanOptions{options.online});
  if (!renames.empty()) plan = renames_first(renames, std::move(plan));
  for (const auto& rename : plan.possible_renames) {
    log.warn("possible rename, written as drop and add: " + rename);
  }
  const std::vector<plan::Plan> parts = plan::plan_parts(plan);
  if (dbmate && parts.size() > 1 && !options.verify) {
    throw Error(ErrorCategory::kUsage,
                "this plan runs in " + std::to_string(parts.size()) +
                    " parts, one dbmate file each, and the down section of each is planned "
                    "from what the shadow shows after it: drop --no-verify (or use --offline "
                    "for plain forms in fewer parts)");
  }
  PlanOutcome outcome;
  outcome.statement_count = plan.statements.size();
  for (const auto& s : plan.statements) outcome.hazard_count += s.hazards.size();

  // 3. Proven in a shadow before anyone sees it: the plan, and for dbmate each file's way
  //    back, planned between the states the shadow shows before and after the file.
  std::vector<DownSection> downs;
  if (options.verify && !plan.empty()) {
    if (shadow) {
      create_proof_roles(*shadow, from, to, log);
    } else {
      shadow = start_proof_shadow(from, to, options.shadow, log);
    }
    if (dbmate) {
      // The first part holds the renames: its way back renames back first.
      downs = prove_both_ways(
          *shadow, from, to, plan, reading, log,
          [&](size_t part, const model::Catalog& after, const model::Catalog& before) {
            return part == 0 && !renames.empty()
                       ? plan_down_renamed(*shadow, after, before, renames, reading, log)
                       : plan_down_section(after, before);
          });
    } else {
      prove_plan(*shadow, from, to, plan, {}, reading, log);
    }
    outcome.proven = true;
    log.info("proven: applied in the shadow, the plan turns FROM into TO" +
             std::string(dbmate ? ", and each file's down section goes back" : ""));
  } else if (dbmate && !plan.empty()) {
    downs.push_back(renames.empty()
                        ? plan_down_section(to, from)
                        : plan_down_renamed(provider(), to, from, renames, reading, log));
  }
  for (size_t k = 0; k < downs.size(); ++k) {
    if (!downs[k].refused.empty()) {
      log.warn("the down section of part " + std::to_string(k + 1) +
               " refuses to run: " + downs[k].refused);
    }
  }

  // 4. Written.
  const plan::PlanLabels labels{source_label(options.from), source_label(options.to)};
  if (dbmate) {
    if (plan.empty()) {
      log.info("the two schemas are the same: no migration written");
      return outcome;
    }
    const DbmateFiles files =
        dbmate_files(options.migrations_dir, options.name, parts, downs, outcome.proven, labels);
    write_all_or_none(files);
    outcome.written = files.paths;
    for (const auto& path : outcome.written) log.info("wrote " + path);
    if (parts.size() > 1) {
      log.info("the plan is " + std::to_string(parts.size()) +
               " files: dbmate runs a CONCURRENTLY statement only alone in a file, and a "
               "validation in a later transaction than what it validates");
    }
    return outcome;
  }
  const std::string text =
      options.format == "json" ? plan::plan_json(plan, labels) : plan::plan_script(plan, labels);
  if (options.output.empty() || options.output == "-") {
    outcome.stdout_text = text;
  } else {
    write_named_file(options.output, text, "-o");
    outcome.written = {options.output};
  }
  return outcome;
}

}  // namespace pgdrift::app

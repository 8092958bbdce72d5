#include "app/plan.h"

#include <filesystem>
#include <future>

#include "app/dbmate_env.h"
#include "app/diff.h"
#include "app/migration_naming.h"
#include "app/plan_proof.h"
#include "pg/conninfo.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

std::string label(const std::string& source) {
  std::error_code ec;
  return std::filesystem::is_regular_file(source, ec) ? source : pg::describe_target(source);
}

bool single_section(const plan::Plan& plan) {
  return plan.empty() || plan.statements.front().section == plan.statements.back().section;
}

// The way back, for a dbmate file's down section: a plan, or why there is none.
struct Down {
  plan::Plan plan;
  std::string refused;
};

Down plan_down(const model::Catalog& from, const model::Catalog& to) {
  try {
    Down down{plan::plan_migration(to, from), ""};
    if (!single_section(down.plan)) {
      down.refused = "it needs two transactions, which one dbmate file cannot hold";
    }
    return down;
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kUnsupported) throw;
    return {{}, e.what()};
  }
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
                                             "with --migrations-dir");
    }
  }
  SynchronizedLog log(caller_log);
  // 1. Both schemas, read side by side with the same reader and settings.
  catalog::ReadOptions filter = options.filter;
  filter.connections = std::max(1, filter.connections / 2);
  auto reading_from = std::async(std::launch::async, [&] {
    return with_context("FROM",
                        [&] { return load_source(options.from, options.session, filter, log); });
  });
  const model::Catalog to =
      with_context("TO", [&] { return load_source(options.to, options.session, filter, log); });
  const model::Catalog from = reading_from.get();

  // 2. The statements, in order (and for a dbmate file, the way back).
  const plan::Plan plan = plan::plan_migration(from, to);
  if (dbmate && !single_section(plan)) {
    throw Error(ErrorCategory::kUnsupported,
                "this plan runs in two transactions (a new enum label is committed before the "
                "rest), which one dbmate file cannot hold yet; use --format sql");
  }
  const Down down = dbmate ? plan_down(from, to) : Down{};
  PlanOutcome outcome;
  outcome.statement_count = plan.statements.size();
  for (const auto& s : plan.statements) outcome.hazard_count += s.hazards.size();

  // 3. Proven in a shadow before anyone sees it: the plan, and the way back.
  if (options.verify && (!plan.empty() || (dbmate && !down.plan.empty()))) {
    LiveSource reading;
    reading.session = options.session;
    reading.filter = filter;
    reading.named_schemas_required = false;
    const auto shadow = start_proof_shadow(from, to, options.shadow, log);
    prove_plan(*shadow, from, to, plan::plan_body(plan), {}, reading, log);
    if (dbmate && down.refused.empty()) {
      prove_plan(*shadow, to, from, plan::plan_body(down.plan), {"down section", "TO", "FROM"},
                 reading, log);
    }
    outcome.proven = true;
    log.info("proven: applied in the shadow, the plan turns FROM into TO" +
             std::string(dbmate && down.refused.empty() ? ", and its down section back" : ""));
  }
  if (!down.refused.empty()) {
    log.warn("the down section refuses to run: " + down.refused);
  }

  // 4. Written.
  const plan::PlanLabels labels{label(options.from), label(options.to)};
  if (dbmate) {
    if (plan.empty()) {
      log.info("the two schemas are the same: no migration written");
      return outcome;
    }
    const std::string path =
        options.migrations_dir + "/" + utc_version() + "_" + options.name + ".sql";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      throw Error(ErrorCategory::kIo, path +
                                          " exists already (a plan of the same name in the same "
                                          "second); run again, or give another --name");
    }
    write_file_atomically(
        path, plan::plan_dbmate_file(plan, down.plan, labels, down.refused, outcome.proven));
    outcome.written = path;
    log.info("wrote " + path);
    return outcome;
  }
  const std::string text =
      options.format == "json" ? plan::plan_json(plan, labels) : plan::plan_script(plan, labels);
  if (options.output.empty() || options.output == "-") {
    outcome.stdout_text = text;
  } else {
    write_file_atomically(options.output, text);
    outcome.written = options.output;
  }
  return outcome;
}

}  // namespace pgdrift::app

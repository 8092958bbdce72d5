#include "app/plan.h"

#include <filesystem>
#include <future>
#include <optional>

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

// The way back from one dbmate file: a plan in one transaction, or why there is none.
struct Down {
  std::optional<plan::Plan> plan;
  std::string refused;
};

// Plain forms (one transaction per file's down section): a way back is for an emergency,
// and dbmate runs a down section in one transaction.
Down plan_down(const model::Catalog& from, const model::Catalog& to) {
  try {
    plan::Plan down = plan::plan_migration(from, to, plan::PlanOptions{false});
    if (plan::plan_parts(down).size() > 1) {
      return {std::nullopt, "it needs two transactions, which one dbmate down section cannot hold"};
    }
    return {std::move(down), ""};
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kUnsupported) throw;
    return {std::nullopt, e.what()};
  }
}

// dbmate's files for the parts of \a plan: versions one second apart from now, so that
// dbmate runs them in order. Nothing is written when one exists already; a failure removes
// what was written.
std::vector<std::string> write_dbmate_files(const PlanOptions& options,
                                            const std::vector<plan::Plan>& parts,
                                            const std::vector<Down>& downs, bool proven,
                                            const plan::PlanLabels& labels) {
  std::vector<std::string> paths;
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string suffix = parts.size() > 1 ? "_" + std::to_string(k + 1) : "";
    paths.push_back(options.migrations_dir + "/" + utc_version(static_cast<long>(k)) + "_" +
                    options.name + suffix + ".sql");
    std::error_code ec;
    if (std::filesystem::exists(paths.back(), ec)) {
      throw Error(ErrorCategory::kIo,
                  paths.back() +
                      " exists already (a plan of the same name in the same second); run "
                      "again, or give another --name");
    }
  }
  const plan::Plan no_plan;
  try {
    for (size_t k = 0; k < parts.size(); ++k) {
      const plan::DbmateFile file{
          parts[k], downs[k].plan ? *downs[k].plan : no_plan, k + 1, parts.size(), downs[k].refused,
          proven};
      write_file_atomically(paths[k], plan::plan_dbmate_file(file, labels));
    }
  } catch (...) {
    for (const auto& path : paths) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
    throw;
  }
  return paths;
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

  // 2. The statements, in order, cut into the parts that run one after the other.
  const plan::Plan plan = plan::plan_migration(from, to, plan::PlanOptions{options.online});
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
  std::vector<Down> downs;
  if (options.verify && !plan.empty()) {
    LiveSource reading;
    reading.session = options.session;
    reading.filter = filter;
    reading.named_schemas_required = false;
    const auto shadow = start_proof_shadow(from, to, options.shadow, log);
    const auto database = prove_plan(*shadow, from, to, plan, {}, reading, log, dbmate);
    if (dbmate) {
      std::vector<std::optional<plan::Plan>> back;
      for (size_t k = 0; k < parts.size(); ++k) {
        downs.push_back(plan_down(database.states[k + 1], database.states[k]));
        back.push_back(downs.back().plan);
      }
      prove_downs(*shadow, database, back, reading, log);
    }
    outcome.proven = true;
    log.info("proven: applied in the shadow, the plan turns FROM into TO" +
             std::string(dbmate ? ", and each file's down section goes back" : ""));
  } else if (dbmate && !plan.empty()) {
    downs.push_back(plan_down(to, from));
  }
  for (size_t k = 0; k < downs.size(); ++k) {
    if (!downs[k].refused.empty()) {
      log.warn("the down section of part " + std::to_string(k + 1) +
               " refuses to run: " + downs[k].refused);
    }
  }

  // 4. Written.
  const plan::PlanLabels labels{label(options.from), label(options.to)};
  if (dbmate) {
    if (plan.empty()) {
      log.info("the two schemas are the same: no migration written");
      return outcome;
    }
    outcome.written = write_dbmate_files(options, parts, downs, outcome.proven, labels);
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
    write_file_atomically(options.output, text);
    outcome.written = {options.output};
  }
  return outcome;
}

}  // namespace pgdrift::app

#include "app/plan.h"

#include <filesystem>
#include <future>

#include "app/diff.h"
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

}  // namespace

PlanOutcome run_plan(const PlanOptions& options, Log& caller_log) {
  if (options.format != "sql" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use sql or json)");
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

  // 2. The statements, in order.
  const plan::Plan plan = plan::plan_migration(from, to);
  PlanOutcome outcome;
  outcome.statement_count = plan.statements.size();
  for (const auto& s : plan.statements) outcome.hazard_count += s.hazards.size();

  // 3. Proven in a shadow before anyone sees it.
  if (options.verify && !plan.empty()) {
    LiveSource reading;
    reading.session = options.session;
    reading.filter = filter;
    reading.named_schemas_required = false;
    prove_plan(from, to, plan::plan_body(plan), options.shadow, reading, log);
    outcome.proven = true;
    log.info("proven: applied in the shadow, the plan turns FROM into TO");
  }

  // 4. Written.
  const plan::PlanLabels labels{label(options.from), label(options.to)};
  const std::string text =
      options.format == "json" ? plan::plan_json(plan, labels) : plan::plan_script(plan, labels);
  if (options.output.empty() || options.output == "-") {
    outcome.stdout_text = text;
  } else {
    write_file_atomically(options.output, text);
  }
  return outcome;
}

}  // namespace pgdrift::app

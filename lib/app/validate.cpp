#include "app/validate.h"

#include "app/dbmate_env.h"
#include "app/schema_source.h"
#include "report/findings_report.h"
#include "util/error.h"

namespace pgdrift::app {

ValidateOptions default_validate_options() {
  ValidateOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  return options;
}

ValidateOutcome run_validate(const ValidateOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  const std::string history = std::string(kDbmatePrefix) + options.migrations_dir;
  // Named wrong, either fails here in one sentence before a shadow starts.
  (void)source_kind(history);
  require_schema_folder(options.schema_dir);
  require_apart(options.schema_dir, options.migrations_dir);
  // 1. Both in one shadow, read with the same reader and settings.
  std::unique_ptr<shadow::Shadow> shadow;
  const ShadowProvider provider = [&]() -> shadow::Shadow& {
    if (!shadow) {
      shadow::ShadowOptions sized = options.shadow;
      for (const auto* source : {&history, &options.schema_dir}) {
        sized.relations = std::max(sized.relations, relations_locked_estimate(*source));
      }
      shadow = shadow::start_shadow(sized, default_shadow_major(options.shadow), log);
    }
    return *shadow;
  };
  LiveSource reading;
  reading.filter = options.filter;
  reading.named_schemas_required = false;
  const model::Catalog built = with_context(
      "the migrations", [&] { return load_schema_source(history, reading, provider, log); });
  const model::Catalog declared = with_context("the schema files", [&] {
    return load_schema_source(options.schema_dir, reading, provider, log);
  });
  // 2. What the files have that the history does not build is "added".
  ValidateOutcome outcome;
  outcome.changes = diff::compare(built, declared);
  report::ReportContext context;
  context.before_label = "the migrations in " + options.migrations_dir;
  context.after_label = "the schema files in " + options.schema_dir;
  context.color = options.color;
  outcome.output = options.format == "json" ? report::json_report(outcome.changes, context)
                                            : report::text_report(outcome.changes, context);
  return outcome;
}

}  // namespace pgdrift::app

#include <memory>

#include "app/validate.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_validate_command(CLI::App& app) {
  auto options = std::make_shared<app::ValidateOptions>(app::default_validate_options());
  auto* cmd = app.add_subcommand(
      "validate",
      "For CI in schema-first work: replay every migration of --migrations-dir in a shadow, "
      "load the schema files of --schema-dir beside them, and compare. A schema file edited "
      "without its migration (`pgdrift new`), or a migration edited so that it no longer "
      "builds the files, is a difference.");
  cmd->add_option("--schema-dir", options->schema_dir,
                  "The schema files (as `pgdrift init` writes them, or any folder of .sql "
                  "files: loaded in any order, `-- requires: PATH` lines first).")
      ->option_text("DIR")
      ->required();
  cmd->add_option("--migrations-dir", options->migrations_dir,
                  "dbmate's migration files. Default: $DBMATE_MIGRATIONS_DIR or ./db/migrations.")
      ->option_text("DIR");
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  add_shadow_options(cmd, options->shadow, "Replay and load");
  cmd->footer(
      "Findings read as in `pgdrift diff`: added is in the files and not built by the "
      "migrations, removed the other way. Exit status: 0 the migrations build exactly the "
      "files, 1 they differ, 2 trouble (a migration that does not replay, a file that never "
      "loads: named with its line).");
  return [options](Log& log) {
    const auto outcome = app::run_validate(*options, log);
    write_stdout(outcome.output);
    return outcome.changes.empty() ? 0 : 1;
  };
}

}  // namespace pgdrift::cli

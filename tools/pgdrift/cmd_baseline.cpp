#include <cstdio>
#include <memory>

#include "app/baseline.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_baseline_command(CLI::App& app) {
  auto options = std::make_shared<app::BaselineOptions>(app::default_baseline_options());
  auto* cmd = app.add_subcommand(
      "baseline",
      "Rescue an untracked database: write its schema as a dbmate baseline migration, record it "
      "as applied, and keep the old tracking table as <name>_legacy, in one transaction.");
  add_migration_options(cmd, options->source.url, options->migrations_dir,
                        options->migrations_table, "Database to rescue.");
  cmd->add_option("--legacy-table", options->legacy_table,
                  "An older tracking table to keep as <name>_legacy (e.g. flyway_schema_history). "
                  "Default: the migrations table itself when its shape is not dbmate's.")
      ->option_text("NAME");
  cmd->add_option("--name", options->name,
                  "File name suffix: <version>_<name>.sql. Default: baseline.");
  cmd->add_option("--lock-timeout", options->lock_timeout,
                  "Give up when the transaction waits longer than this for a lock. Default: 5s.")
      ->option_text("DURATION");
  cmd->add_flag("--dry-run", options->dry_run,
                "Print the file and every statement it would run; write nothing at all.");
  cmd->footer(
      "Refuses (exit 2, nothing changed) when <name>_legacy exists, when dbmate's table already "
      "records versions, or when unapplied migration files exist. A second run after a success "
      "says so and changes nothing (exit 0).");
  return [options](Log& log) {
    const auto outcome = app::run_baseline(*options, log);
    std::string text;
    for (const auto& line : outcome.report) text += line + "\n";
    write_stdout(text);
    return 0;
  };
}

}  // namespace pgdrift::cli

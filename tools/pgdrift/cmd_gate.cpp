#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/gate.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_gate_command(CLI::App& app) {
  auto options = std::make_shared<app::GateOptions>(app::default_gate_options());
  auto* cmd = app.add_subcommand(
      "gate",
      "Before `dbmate up`: check tracking consistency, drift (as `check`) and lint every pending "
      "migration for lock hazards and missing rollbacks; fail on anything at error severity.");
  add_migration_options(cmd, options->check.source.url, options->check.migrations_dir,
                        options->check.migrations_table, "Database to deploy to.");
  cmd->add_option("--allow", options->allow,
                  "Accept findings of this lint rule in every pending migration (repeatable). "
                  "In a file, '-- pgdrift:allow RULE reason' accepts one with a reason.")
      ->option_text("RULE");
  cmd->add_option("--junit", options->junit,
                  "Also write JUnit XML (one test case per check and per pending migration).")
      ->option_text("FILE");
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option(
         "--migration-role", options->check.migration_role,
         "Replay migrations as this role (see `check`). Default: the tracking table's owner.")
      ->option_text("NAME");
  cmd->add_option("--shadow-url", options->check.shadow.shadow_url,
                  "Replay in temporary databases on this server (see `check`).")
      ->option_text("URL");
  cmd->add_option("--pg-bin", options->check.shadow.pg_bin,
                  "Server binaries for the throwaway shadow cluster (see `check`).")
      ->option_text("DIR");
  cmd->add_option("--ignore", options->check.ignore, "Drift findings to leave out (see `check`).")
      ->option_text("PATTERN");
  cmd->add_option("--store", options->check.store,
                  "History store (checksums, cache, runs). Default: reports/pgdrift.sqlite3.")
      ->option_text("FILE");
  add_read_options(cmd, options->check.source.filter, options->check.source.session);
  cmd->footer(
      "With GITHUB_ACTIONS=true it also prints workflow annotations (::error file=...). "
      "Exit status: 0 safe to deploy, 1 findings at error severity, 2 trouble.");
  return [options](Log& log) {
    const char* github = std::getenv("GITHUB_ACTIONS");
    options->github_annotations = github && std::string(github) == "true";
    const auto outcome = app::run_gate(*options, log);
    write_stdout(outcome.output);
    return outcome.passed ? 0 : 1;
  };
}

}  // namespace pgdrift::cli

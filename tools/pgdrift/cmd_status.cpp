#include <cstdio>
#include <memory>

#include "app/status.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_status_command(CLI::App& app) {
  auto options = std::make_shared<app::StatusOptions>(app::default_status_options());
  auto* cmd = app.add_subcommand(
      "status",
      "Like `dbmate status`, plus what dbmate cannot see: versions recorded without a file, "
      "pending files older than applied ones, applied files edited afterwards, the last check.");
  add_migration_options(cmd, options->source.url, options->migrations_dir,
                        options->migrations_table, "Database to inspect.");
  cmd->add_option("--store", options->store,
                  "Where checksums of applied files and the last check are kept; \"\" for none. "
                  "Default: reports/pgdrift.sqlite3.")
      ->option_text("FILE");
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--lock-timeout", options->source.session.lock_timeout,
                  "Give up when reading waits longer than this for a lock. Default: 5s.")
      ->option_text("DURATION");
  cmd->footer(
      "Checksums are SHA-256 of each applied file (CRLF read as LF), adopted quietly the first "
      "time pgdrift sees the file applied. Exit status: 0 consistent, 1 inconsistent, 2 trouble.");
  return [options](Log& log) {
    const auto outcome = app::run_status(*options, log);
    write_stdout(outcome.output);
    return outcome.consistent() ? 0 : 1;
  };
}

}  // namespace pgdrift::cli

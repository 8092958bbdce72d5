#include <cstdio>
#include <memory>

#include "app/snapshot.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_snapshot_command(CLI::App& app) {
  auto options = std::make_shared<app::SnapshotOptions>();
  auto* cmd = app.add_subcommand(
      "snapshot",
      "Write the schema of a database as canonical SQL (or JSON): deterministic, "
      "dependency-ordered, one commented block per object, replayable into an empty database.");
  auto* url = cmd->add_option("--url", options->source.url,
                              "Database to read (postgres:// URL or key=value string). Default: "
                              "$DATABASE_URL, else libpq's environment (PGHOST, PGPORT, PGUSER, "
                              "PGDATABASE, service file, .pgpass).");
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (atomically: a temporary file renamed into place) instead of "
                  "standard output.")
      ->option_text("FILE");
  cmd->add_option("--format", options->format, "Output format: sql (default) or json.")
      ->check(CLI::IsMember({"sql", "json"}));
  cmd->add_option("--from", options->from_json,
                  "Render a JSON snapshot saved earlier with --format json, without a server.")
      ->option_text("FILE.json")
      ->excludes(url);
  add_read_options(cmd, options->source.filter, options->source.session);
  cmd->footer(
      "The read runs in one REPEATABLE READ READ ONLY transaction with an empty search_path "
      "and holds no lock on user tables (deparsing locks a table only briefly, and never waits "
      "longer than --lock-timeout). Objects of kinds not modelled yet are named in "
      "warnings on standard error. Exit status: 0 written, 2 trouble (nothing written).");
  return [options](Log& log) {
    const auto outcome = app::run_snapshot(*options, log);
    if (!outcome.stdout_text.empty()) {
      write_stdout(outcome.stdout_text);
    }
    return 0;
  };
}

}  // namespace pgdrift::cli

#include <memory>

#include "app/adopt.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_adopt_command(CLI::App& app) {
  auto options = std::make_shared<app::AdoptOptions>(app::default_adopt_options());
  auto offline = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "adopt",
      "Make the drift part of the history: what `check` finds, planned from what the applied "
      "migrations build to the live schema, proven in a shadow both ways, written as a dbmate "
      "migration and recorded as applied in one transaction. Nothing else runs on the "
      "database; a new environment built with `dbmate up` gets the changes too.");
  add_scan_options(cmd, *options, "Database whose drift to adopt.");
  add_resolution_options(cmd, "adopt", "Adopt",
                         "Print the migration file(s) and the transaction that would record "
                         "them; write nothing anywhere (not even the history store or the "
                         "shadow image).",
                         options->name, options->only, options->dry_run, *offline);
  cmd->footer(
      "Only the findings are adopted: what --ignore or .pgdriftignore silences stays drift. "
      "The file's header lists each adopted finding with when it was first seen. A plan that "
      "needs a statement outside a transaction (CREATE INDEX CONCURRENTLY) is several files, "
      "all recorded. The transaction takes the advisory lock `baseline` takes, locks the "
      "tracking table against a concurrent dbmate, and waits at most --lock-timeout; an "
      "unrecorded file left by a killed run is replaced. Exit status: 0 adopted (or printed "
      "with --dry-run), 2 trouble, with no file and no version written: no drift, migration "
      "files not yet applied, applied versions without their file, drift the planner cannot "
      "write yet, a plan that does not prove, a role without INSERT and UPDATE on the "
      "tracking table.");
  return [options, offline](Log& log) {
    options->online = !*offline;
    const auto outcome = app::run_adopt(*options, log);
    write_stdout(outcome.printed);
    return 0;
  };
}

}  // namespace pgdrift::cli

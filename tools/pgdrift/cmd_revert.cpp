#include <memory>

#include "app/revert.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_revert_command(CLI::App& app) {
  auto options = std::make_shared<app::RevertOptions>(app::default_revert_options());
  auto offline = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "revert",
      "Take the drift back: what `check` finds, planned from the live schema back to what the "
      "applied migrations build, proven in a shadow, written as a PENDING dbmate migration "
      "(not recorded; nothing runs on the database). Review it, run `pgdrift gate`, then "
      "`dbmate up`; `check` is clean after. Where the drift is absent it does nothing.");
  add_scan_options(cmd, *options, "Database whose drift to take back.");
  add_resolution_options(cmd, "revert", "Take back",
                         "Print the migration file(s); write nothing anywhere (not even the "
                         "history store or the shadow image).",
                         options->name, options->only, options->dry_run, *offline);
  cmd->footer(
      "Only the findings are taken back: what --ignore or .pgdriftignore silences stays. The "
      "header lists each finding with when it was first seen, and each hazard (a ghost "
      "column dropped with its data, a table rewritten) with its line. Every environment the "
      "history built runs the file too, where the drift never was: each transaction of the "
      "up section runs inside a DO block only where what it takes back is still there "
      "(conditions on the system catalogs, in the file), an index added or dropped by hand is "
      "dropped or built CONCURRENTLY with IF EXISTS / IF NOT EXISTS, and a changed index is "
      "rebuilt inside a guarded transaction. Proven before it is written: the "
      "live schema + up gives the history's, the down sections go back, and on the applied "
      "migrations replayed (as other environments have them) no condition holds and no index "
      "is built or dropped. The down section puts the drift back wherever it runs. Exit status: "
      "0 written (or printed with --dry-run); 2 trouble, with no file written (but an interrupt "
      "after the files are in place, which says so): no drift, "
      "migration files not yet applied (an earlier revert among them), applied versions "
      "without their file, drift the planner cannot take back yet, a revert that does not "
      "prove.");
  return [options, offline](Log& log) {
    options->online = !*offline;
    const auto outcome = app::run_revert(*options, log);
    write_stdout(outcome.printed);
    return 0;
  };
}

}  // namespace pgdrift::cli

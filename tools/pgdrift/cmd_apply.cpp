#include <chrono>
#include <ctime>
#include <memory>

#include "app/apply_watch.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {
namespace {

std::string clock_now() {
  const std::time_t now = std::time(nullptr);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%H:%M:%S", std::localtime(&now));
  return buffer;
}

}  // namespace

CommandRunner add_apply_command(CLI::App& app) {
  auto options = std::make_shared<app::ApplyOptions>(app::default_apply_options());
  auto watch = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "apply",
      "Make a development database match the schema files: load --schema-dir in a shadow, "
      "plan the database to it (what depends on a changed object is dropped and created "
      "again, in order), prove the plan in the shadow, then run it on the database, each "
      "transaction whole, one line per statement.");
  cmd->add_option("--url", options->source.url,
                  "The development database. Default: $DATABASE_URL, else libpq's environment.");
  cmd->add_option("--schema-dir", options->schema_dir,
                  "The schema files (as `pgdrift init` writes them, or any folder of .sql "
                  "files).")
      ->option_text("DIR")
      ->required();
  cmd->add_flag("--allow-data-loss", options->allow_data_loss,
                "Run statements that drop tables or columns (without it they are listed, "
                "nothing runs, and the exit status is 1).");
  cmd->add_flag("--watch", *watch,
                "Apply again on every save under --schema-dir, once the files have been quiet "
                "for a moment; an error is printed and the watch goes on. Stop with Ctrl-C.");
  cmd->add_flag("--force", options->force,
                "Apply to a database whose tracking table records applied migrations (by "
                "default refused: that is a tracked database, not a dev one).");
  cmd->add_option("--migrations-table", options->migrations_table,
                  "dbmate's tracking table, left alone. Default: $DBMATE_MIGRATIONS_TABLE or "
                  "schema_migrations.")
      ->option_text("NAME");
  add_shadow_options(cmd, options->shadow, "Load and prove");
  cmd->footer(
      "For development databases: plain forms (no CONCURRENTLY), as few transactions as the "
      "plan allows. Exit status: 0 applied or nothing to do, 1 statements that lose data "
      "and no --allow-data-loss (nothing run), 2 trouble (a file that never loads, a plan "
      "that does not prove, a tracked database: nothing run).");
  return [options, watch](Log& log) {
    if (!*watch) {
      const auto outcome = app::run_apply(*options, log);
      write_stdout(app::apply_report(outcome, options->schema_dir));
      return outcome.data_loss.empty() ? 0 : 1;
    }
    app::apply_and_watch(
        *options, std::chrono::milliseconds(300),
        [&](const app::ApplyRound& round) {
          std::string text = "[" + clock_now() + "] ";
          if (round.outcome) {
            text += app::apply_report(*round.outcome, options->schema_dir);
          } else {
            text += "error: " + round.error + "\n";
          }
          write_stdout(text);
        },
        log);
  };
}

}  // namespace pgdrift::cli

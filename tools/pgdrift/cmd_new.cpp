#include <memory>

#include "app/new_migration.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_new_command(CLI::App& app) {
  auto options = std::make_shared<app::NewMigrationOptions>(app::default_new_migration_options());
  auto offline = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "new",
      "Write the migration the schema files ask for: the history (every migration of "
      "--migrations-dir, replayed in a shadow) planned to the files of --schema-dir, proven "
      "both ways, as dbmate file(s) <UTC timestamp>_NAME.sql with up and down sections and "
      "the hazards in the header (as `plan --format dbmate`).");
  cmd->add_option("NAME", options->name, "The migration's name (letters, digits, _ and -).")
      ->required();
  cmd->add_option("--schema-dir", options->schema_dir,
                  "The schema files (as `pgdrift init` writes them, or any folder of .sql "
                  "files).")
      ->option_text("DIR")
      ->required();
  cmd->add_option("--migrations-dir", options->migrations_dir,
                  "dbmate's migration files, where the new one goes too. Default: "
                  "$DBMATE_MIGRATIONS_DIR or ./db/migrations.")
      ->option_text("DIR");
  cmd->add_flag("--offline", *offline,
                "Plain forms in as few transactions as possible (see `pgdrift plan --help`).");
  add_shadow_options(cmd, options->shadow, "Replay, plan and prove");
  cmd->footer(
      "When the migrations already build the files, nothing is written and that is said. "
      "Exit status: 0 written (or nothing to write), 2 trouble (nothing written).");
  return [options, offline](Log& log) {
    options->online = !*offline;
    write_stdout(app::new_migration_report(app::run_new_migration(*options, log)));
    return 0;
  };
}

}  // namespace pgdrift::cli

#include <memory>

#include "app/init.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_init_command(CLI::App& app) {
  auto options = std::make_shared<app::InitOptions>(app::default_init_options());
  auto* cmd = app.add_subcommand(
      "init",
      "Write the schema as files for schema-first work: one per object under its schema's "
      "folder (public/tables/orders.sql with the table's indexes, constraints, triggers, "
      "policies and owned sequences; public/views/, public/functions/, public/types/, "
      "extensions/, ...), each loadable once what it refers to exists. Deterministic: the same "
      "schema gives the same files, byte for byte.");
  cmd->add_option("--schema-dir", options->schema_dir,
                  "The folder for the files; it must be empty or not exist (see --force).")
      ->option_text("DIR")
      ->required();
  add_migration_options(cmd, options->source.url, options->migrations_dir,
                        options->migrations_table,
                        "The database whose schema to write (its tracking table left out).");
  cmd->add_flag("--from-history", options->from_history,
                "Write the schema the migrations in --migrations-dir build (replayed in a "
                "shadow, in version order) instead of the live one.");
  cmd->add_flag("--force", options->force,
                "Write into a folder that already holds files: the files init writes are "
                "replaced by the new tree (those of them it lacks are removed, and named); any "
                "other file is kept.");
  add_shadow_options(cmd, options->shadow, "With --from-history: replay");
  add_read_options(cmd, options->source.filter, options->source.session);
  cmd->footer(
      "The live read runs in one read-only snapshot, as snapshot's. The files are written all "
      "or none. Exit status: 0 written, 2 trouble (nothing written).");
  return [options](Log& log) {
    write_stdout(app::init_report(app::run_init(*options, log), options->schema_dir));
    return 0;
  };
}

}  // namespace pgdrift::cli

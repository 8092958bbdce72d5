// tools/pgdrift/commands.h — the command table of the pgdrift front end.
//
// Each command lives in cmd_<name>.cpp: it registers its options on a CLI11
// subcommand and, after parsing, runs exactly one app/ function and returns the exit
// code. No SQL, catalog knowledge or formatting lives here.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <mutex>
#include <string>

#include "app/drift_scan.h"
#include "app/snapshot.h"
#include "util/log.h"

namespace pgdrift::cli {

/// No progress line on the terminal from now on (check --quiet: silence when clean);
/// --verbose's lines are not affected.
void suppress_progress();

/// Warnings always; progress with --verbose, one line each; otherwise, on a terminal, the
/// latest progress as one line that each new one replaces, cleared before anything else
/// is written (clear_progress()) and at the end.
class StderrLog final : public Log {
 public:
  explicit StderrLog(const bool& verbose);
  ~StderrLog() override;
  StderrLog(const StderrLog&) = delete;
  StderrLog& operator=(const StderrLog&) = delete;
  void info(const std::string& line) override;
  void warn(const std::string& line) override;
  /// Removes the progress line, so that what comes next starts a clean line.
  void clear_progress();

 private:
  const bool& verbose_;
  void erase_progress();  ///< clear_progress() with the mutex held

  const bool terminal_;        ///< standard error is a terminal
  size_t progress_width_ = 0;  ///< characters of the progress line shown, 0 for none
  std::mutex mutex_;
};

/// Registers --schema, --exclude-schema, --lock-timeout and --statement-timeout.
void add_read_options(CLI::App* cmd, catalog::ReadOptions& filter, pg::SessionOptions& session);

/// Registers --url (described by \a url_help), --migrations-dir and --migrations-table.
void add_migration_options(CLI::App* cmd, std::optional<std::string>& url,
                           std::string& migrations_dir, std::string& migrations_table,
                           const std::string& url_help);

/// Registers what every command that scans for drift takes (check, adopt, revert): the migration
/// options, --migration-role, --shadow-url, --pg-bin, --ignore, --store, --no-cache and the
/// read options. Returns the --shadow-url option. \a options must outlive parsing.
CLI::Option* add_scan_options(CLI::App* cmd, app::DriftScanOptions& options,
                              const std::string& url_help);

/// Registers what adopt and revert take besides the scan options: --name (the file is
/// <version>_<verb>_<NAME>.sql), --only (findings to \a verb_phrase, e.g. "Adopt"),
/// --dry-run (described by \a dry_run_help) and --offline. The references must outlive
/// parsing.
void add_resolution_options(CLI::App* cmd, const std::string& verb, const std::string& verb_phrase,
                            const std::string& dry_run_help, std::string& name,
                            std::vector<std::string>& only, bool& dry_run, bool& offline);

/// What a registered command runs after parsing; returns the process exit code.
/// --shadow-url and --pg-bin for a command that does \a work ("Load and prove") in a shadow.
void add_shadow_options(CLI::App* cmd, shadow::ShadowOptions& shadow, const std::string& work);

using CommandRunner = std::function<int(Log&)>;

/// Registers `snapshot` on \a app; returns its runner.
CommandRunner add_snapshot_command(CLI::App& app);
/// Registers `baseline` on \a app; returns its runner.
CommandRunner add_baseline_command(CLI::App& app);
/// Registers `check` on \a app; returns its runner.
CommandRunner add_check_command(CLI::App& app);
/// Registers `history` on \a app; returns its runner.
CommandRunner add_history_command(CLI::App& app);
/// Registers `status` on \a app; returns its runner.
CommandRunner add_status_command(CLI::App& app);
/// Registers `gate` on \a app; returns its runner.
CommandRunner add_gate_command(CLI::App& app);
/// Registers `diff` on \a app; returns its runner.
CommandRunner add_diff_command(CLI::App& app);
/// Registers `plan` on \a app; returns its runner.
CommandRunner add_plan_command(CLI::App& app);
/// Registers `adopt` on \a app; returns its runner.
CommandRunner add_adopt_command(CLI::App& app);
CommandRunner add_revert_command(CLI::App& app);
/// `pgdrift init`: the schema as files, for schema-first work.
CommandRunner add_init_command(CLI::App& app);
/// `pgdrift new NAME`: the migration the schema files ask for.
CommandRunner add_new_command(CLI::App& app);
/// `pgdrift validate`: do the migrations build the schema files?
CommandRunner add_validate_command(CLI::App& app);
/// `pgdrift apply`: a development database made to match the schema files.
CommandRunner add_apply_command(CLI::App& app);

}  // namespace pgdrift::cli

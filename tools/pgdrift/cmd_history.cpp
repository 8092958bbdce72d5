#include <cstdio>
#include <memory>

#include "app/history.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_history_command(CLI::App& app) {
  auto options = std::make_shared<app::HistoryOptions>();
  auto* cmd = app.add_subcommand(
      "history",
      "Show recent `check` runs and the open findings, with when each was first and "
      "last seen: as text, as JSON, or as one self-contained HTML page (a timeline of every "
      "database's runs, a chart of findings over time, the open findings with their diffs; "
      "no script, nothing fetched).");
  cmd->add_option("--store", options->store,
                  "The history store `check` writes. Default: reports/pgdrift.sqlite3.")
      ->option_text("FILE");
  cmd->add_option("--database", options->database,
                  "Only this database: host:port/dbname as `check` records it, or just dbname.")
      ->option_text("NAME");
  cmd->add_option("--limit", options->limit,
                  "How many recent runs to show. Default: 20, and 1000 for html.")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--format", options->format, "Output: text (default), json or html.")
      ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (atomically: the old file or the new one, never half) instead "
                  "of standard output.")
      ->option_text("FILE");
  return [options](Log& log) {
    const std::string out = app::run_history(*options, log);
    write_stdout(out);
    return 0;
  };
}

}  // namespace pgdrift::cli

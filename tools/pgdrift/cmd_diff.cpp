#include <cstdio>
#include <memory>

#include "app/diff.h"
#include "commands.h"
#include "standard_output.h"

namespace pgdrift::cli {

CommandRunner add_diff_command(CLI::App& app) {
  auto options = std::make_shared<app::DiffOptions>();
  auto* cmd = app.add_subcommand(
      "diff",
      "Compare two schemas: each SOURCE is a database (URL or key=value string) or a JSON "
      "snapshot file from `snapshot --format json`.");
  cmd->add_option("SOURCE_BEFORE", options->before, "The schema to compare from.")->required();
  cmd->add_option("SOURCE_AFTER", options->after, "The schema to compare to.")->required();
  cmd->add_option("--format", options->format, "Output: text (default) or json.")
      ->check(CLI::IsMember({"text", "json"}));
  add_read_options(cmd, options->filter, options->session);
  cmd->footer(
      "Findings: added (only in the second source), removed (only in the first), changed "
      "(field by field; long definitions as a unified diff). Columns are findings of their own. "
      "Exit status: 0 same, 1 different, 2 trouble.");
  return [options](Log& log) {
    const auto outcome = app::run_diff(*options, log);
    write_stdout(outcome.output);
    return outcome.drift ? 1 : 0;
  };
}

}  // namespace pgdrift::cli

// Options that every catalog-reading command shares, registered in one place so their
// names, defaults and help text stay the same everywhere.
#include "commands.h"

namespace pgdrift::cli {

void add_read_options(CLI::App* cmd, catalog::ReadOptions& filter, pg::SessionOptions& session) {
  cmd->add_option("--schema", filter.schemas,
                  "Only objects in this schema (repeatable). Default: every non-system schema.")
      ->option_text("NAME");
  cmd->add_option("--exclude-schema", filter.exclude_schemas,
                  "Leave out objects in this schema (repeatable).")
      ->option_text("NAME");
  cmd->add_option("--lock-timeout", session.lock_timeout,
                  "Give up when a catalog read waits longer than this for a lock (PostgreSQL "
                  "duration: 500ms, 5s, 1min). Default: 5s.")
      ->option_text("DURATION");
  cmd->add_option("--statement-timeout", session.statement_timeout,
                  "Give up when one catalog query runs longer than this. Default: 5min.")
      ->option_text("DURATION");
}

}  // namespace pgdrift::cli

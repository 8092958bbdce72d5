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
  cmd->add_option(
         "-j,--jobs", filter.connections,
         "Catalog queries run side by side on this many connections, all in the same "
         "snapshot (as pg_dump --jobs). 1 reads through a single connection; when the "
         "server refuses the extra ones, pgdrift reads through one; diff shares them between "
         "its two databases. Default: 2.")
      ->option_text("N")
      ->check(CLI::Range(1, 8));
}

void add_migration_options(CLI::App* cmd, std::optional<std::string>& url,
                           std::string& migrations_dir, std::string& migrations_table,
                           const std::string& url_help) {
  cmd->add_option("--url", url, url_help + " Default: $DATABASE_URL, else libpq's environment.");
  cmd->add_option(
         "--migrations-dir", migrations_dir,
         "Where dbmate's migration files live. Default: $DBMATE_MIGRATIONS_DIR or ./db/migrations.")
      ->option_text("DIR");
  cmd->add_option(
         "--migrations-table", migrations_table,
         "dbmate's tracking table (name or schema.name). Default: $DBMATE_MIGRATIONS_TABLE or "
         "schema_migrations.")
      ->option_text("NAME");
}

}  // namespace pgdrift::cli

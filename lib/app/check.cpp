#include "app/check.h"

#include <filesystem>
#include <map>

#include "app/dbmate_env.h"
#include "baseline/baseline_file.h"
#include "diff/change_set.h"
#include "diff/ignore_rules.h"
#include "diff/normalisation.h"
#include "history/migration_files.h"
#include "history/replay.h"
#include "history/tracking_table.h"
#include "pg/conninfo.h"
#include "render/sql.h"
#include "report/findings_report.h"
#include "shadow/roles.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

// Progress from reading the shadow, without repeating the live side's warnings.
class ProgressOnly final : public Log {
 public:
  explicit ProgressOnly(Log& log) : log_(log) {}
  void info(const std::string& line) override { log_.info("shadow: " + line); }
  void warn(const std::string&) override {}

 private:
  Log& log_;
};

// Everything check needs from the live server, read in one snapshot.
struct LiveState {
  model::Catalog catalog;
  std::vector<std::string> applied;  ///< versions in the tracking table
  std::string migration_role;
  std::vector<shadow::RoleSpec> roles;
  shadow::DatabaseSpec database;
  pg::Connection::Identity identity;
  std::string target;
  int server_version = 0;
};

LiveState read_live_state(const CheckOptions& options, const history::TableName& table, Log& log) {
  pg::ConnectOptions connect;
  connect.conninfo = pg::resolve_conninfo(options.source.url);
  auto conn = pg::Connection::open(connect);
  pg::begin_read_snapshot(conn, options.source.session);
  LiveState live;
  live.target = conn.target();
  live.identity = conn.identity();
  live.server_version = conn.server_version();
  try {
    const auto state = history::inspect_table(conn, table);
    if (!state.exists) {
      throw Error(ErrorCategory::kInput,
                  live.target + " has no tracking table " + table.display() +
                      "; run `pgdrift baseline` first, or name the table with --migrations-table");
    }
    if (!state.dbmate_shape) {
      throw Error(ErrorCategory::kInput, table.display() + " on " + live.target +
                                             " is not dbmate's tracking table; run `pgdrift "
                                             "baseline` to move to dbmate first");
    }
    live.applied = history::recorded_versions(conn, table);
  } catch (const Error& e) {
    if (e.sqlstate() != "42501") throw;
    throw Error(ErrorCategory::kQuery,
                "cannot read " + table.display() + " on " + live.target +
                    " (permission denied); grant SELECT on it to the role pgdrift connects as",
                e.sqlstate());
  }
  live.migration_role = options.migration_role.value_or(history::table_owner(conn, table));
  live.roles = shadow::read_roles(conn);
  live.database = shadow::read_database_spec(conn);
  live.catalog = read_session_catalog(conn, options.source, log);
  return live;
}

model::Catalog read_shadow(const pg::ConnectOptions& where, const CheckOptions& options, Log& log) {
  auto conn = pg::Connection::open(where);
  pg::begin_read_snapshot(conn, options.source.session);
  ProgressOnly progress(log);
  return read_session_catalog(conn, options.source, progress);
}

// The tracking table and the legacy tables a baseline kept (`<table>_legacy*`): never
// part of the schema a history describes.
std::vector<model::QualifiedName> tracking_tables(const history::TableName& table,
                                                  const model::Catalog& live) {
  std::vector<model::QualifiedName> names{{table.schema, table.name}};
  const std::string legacy = table.name + "_legacy";
  for (const auto& object : live.objects) {
    if (object.id.kind == model::ObjectKind::kTable && object.id.schema == table.schema &&
        object.id.name.rfind(legacy, 0) == 0) {
      names.push_back({object.id.schema, object.id.name});
    }
  }
  return names;
}

std::vector<diff::IgnoreRule> ignore_rules(const CheckOptions& options) {
  std::vector<diff::IgnoreRule> rules;
  for (const auto& pattern : options.ignore) {
    rules.push_back(with_context("--ignore", [&] { return diff::parse_ignore_rule(pattern); }));
  }
  std::error_code ec;
  if (!options.ignore_file.empty() && std::filesystem::is_regular_file(options.ignore_file, ec)) {
    for (auto& rule :
         diff::parse_ignore_file(read_file(options.ignore_file), options.ignore_file)) {
      rules.push_back(std::move(rule));
    }
  }
  return rules;
}

}  // namespace

CheckOptions default_check_options() {
  CheckOptions options;
  options.migrations_dir = dbmate_migrations_dir();
  options.migrations_table = dbmate_migrations_table();
  return options;
}

CheckOutcome run_check(const CheckOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  const auto table = history::TableName::parse(options.migrations_table);
  const auto rules = ignore_rules(options);

  // 1. The live side, in one read-only snapshot; the connection closes before the
  //    (possibly long) replay, so no snapshot stays open on production meanwhile.
  LiveState live = read_live_state(options, table, log);

  // 2. What the history says: the files of the applied versions, in version order.
  std::map<std::string, history::MigrationFile> by_version;
  for (auto& file : history::list_migration_files(options.migrations_dir)) {
    by_version.emplace(file.version, std::move(file));
  }
  std::vector<history::ReplayFile> replay;
  size_t missing = 0;
  for (const auto& version : live.applied) {
    const auto it = by_version.find(version);
    if (it == by_version.end()) {
      ++missing;
      log.warn("version " + version + " is recorded as applied in " + table.display() +
               " but has no file in " + options.migrations_dir +
               "; what it changed will show as drift");
      continue;
    }
    history::ReplayFile file{it->second, read_file(it->second.path), false};
    file.as_administrator = baseline::is_pgdrift_baseline(file.text);
    replay.push_back(std::move(file));
  }

  // 3. Replay into the shadow and read it back with the same reader and settings.
  const int major = pg::server_major(live.server_version);
  auto shadow = shadow::start_shadow(options.shadow, major, log);
  shadow->create_roles(live.roles, log);
  const auto history_db = shadow->create_database(live.database, log);
  {
    auto conn = pg::Connection::open(history_db);
    history::replay_migrations(conn, replay, live.migration_role, log);
  }
  const auto tracking = tracking_tables(table, live.catalog);
  const model::Catalog expected =
      baseline::without_tables(read_shadow(history_db, options, log), tracking);
  const model::Catalog actual = baseline::without_tables(live.catalog, tracking);

  // 4. Compare; confirm changed definitions against a replay of the live schema itself.
  diff::ChangeSet changes = diff::compare(expected, actual);
  if (diff::has_changed_findings(changes)) {
    log.info("replaying the live schema once to rule out re-deparsing differences");
    const auto round_db = shadow->create_database(live.database, log);
    try {
      const baseline::BaselineHeader header{"0", live.target, live.server_version,
                                            actual.objects.size()};
      history::ReplayFile snapshot{{"0", "live schema", "the live schema"},
                                   baseline::baseline_file_text(header, render::render_sql(actual)),
                                   true};
      {
        auto conn = pg::Connection::open(round_db);
        history::replay_migrations(conn, {snapshot}, "", log);
      }
      const model::Catalog round =
          baseline::without_tables(read_shadow(round_db, options, log), tracking);
      changes = diff::confirm_changes(changes, diff::compare(expected, round));
    } catch (const Error& e) {
      if (e.category() == ErrorCategory::kConnection) throw;
      log.warn(
          "the live schema did not replay in the shadow, so definitions that PostgreSQL "
          "re-deparses may show as changed: " +
          std::string(e.what()));
    }
  }
  changes = diff::apply_ignore_rules(changes, rules);

  // 5. The report.
  report::ReportContext context;
  context.before_label = "the history (" + std::to_string(replay.size()) + " applied migration" +
                         (replay.size() == 1 ? "" : "s") + ")";
  context.after_label = live.target;
  context.color = options.color;
  context.facts.push_back({"migration_role", live.migration_role});
  context.facts.push_back({"shadow", shadow->description()});
  if (missing > 0) {
    context.facts.push_back(
        {"missing_files", std::to_string(missing) + " applied version(s) without a file"});
  }
  context.database = {{"host", live.identity.host},
                      {"port", live.identity.port},
                      {"dbname", live.identity.dbname},
                      {"user", live.identity.user}};
  CheckOutcome outcome;
  outcome.drift = !changes.empty();
  outcome.finding_count = changes.findings.size();
  outcome.output = options.format == "json" ? report::json_report(changes, context)
                                            : report::text_report(changes, context);
  return outcome;
}

}  // namespace pgdrift::app

#include "app/drift_scan.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <set>

#include "app/deparse_confirmation.h"
#include "app/expected_history.h"
#include "app/image_read_base.h"
#include "app/migration_naming.h"
#include "app/status.h"
#include "baseline/baseline_file.h"
#include "diff/ignore_rules.h"
#include "diff/normalisation.h"
#include "history/migration_files.h"
#include "history/tracking_table.h"
#include "model/json.h"
#include "pg/conninfo.h"
#include "render/sql.h"
#include "shadow/roles.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/sha256.h"

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
  std::vector<std::string> tablespaces;
  shadow::DatabaseSpec database;
  size_t relations = 0;  ///< what a shadow replaying the history must be able to lock
  pg::Connection::Identity identity;
  std::string target;
  int server_version = 0;
};

// \a before_catalog runs once the tracking table, roles and database are known and
// before the (long) catalog read, so work that depends only on them can start meanwhile.
LiveState read_live_state(const DriftScanOptions& options, const history::TableName& table,
                          Log& log, const std::function<void(const LiveState&)>& before_catalog,
                          ScanReach& reach) {
  auto conn = connect_live(options.source.url);
  pg::begin_read_snapshot(conn, options.source.session);
  LiveState live;
  live.target = conn.target();
  live.identity = conn.identity();
  live.server_version = conn.server_version();
  reach.database = live.identity.host + ":" + live.identity.port + "/" + live.identity.dbname;
  reach.server_version = live.server_version;
  const auto state = history::inspect_table(conn, table);
  if (!state.exists) {
    throw Error(ErrorCategory::kInput,
                live.target + " has no tracking table " + table.display() +
                    "; run `pgdrift baseline` first, or name the table with --migrations-table (or "
                    "DBMATE_MIGRATIONS_TABLE)");
  }
  if (!state.dbmate_shape) {
    throw Error(ErrorCategory::kInput, table.display() + " on " + live.target +
                                           " is not dbmate's tracking table; run `pgdrift "
                                           "baseline` to move to dbmate first");
  }
  live.applied = history::recorded_versions(conn, table);
  live.migration_role = options.migration_role.value_or(history::table_owner(conn, table));
  reach.migration_role = live.migration_role;
  live.roles = shadow::read_roles(conn);
  if (options.migration_role &&
      std::none_of(live.roles.begin(), live.roles.end(),
                   [&](const shadow::RoleSpec& r) { return r.name == *options.migration_role; })) {
    throw Error(ErrorCategory::kUsage,
                "--migration-role " + *options.migration_role + " is not a role of " + live.target +
                    "; name the role that runs the migrations there (default: the "
                    "owner of " +
                    table.display() + ")");
  }
  live.tablespaces = shadow::read_tablespaces(conn);
  live.database = shadow::read_database_spec(conn);
  live.relations = shadow::count_relations(conn);
  // A named schema missing live may be drift (dropped by hand): a warning, never a refusal.
  LiveSource named = options.source;
  named.named_schemas_required = false;
  check_named_schemas(conn, named, log);
  before_catalog(live);
  live.catalog = read_session_catalog(conn, options.source, log);
  return live;
}

model::Catalog read_shadow(const pg::ConnectOptions& where, const DriftScanOptions& options,
                           Log& log) {
  auto conn = pg::Connection::open(where);
  pg::begin_read_snapshot(conn, options.source.session);
  ProgressOnly progress(log);
  return read_session_catalog(conn, options.source, progress);
}

// The history's shadow database, read with the base the next run's read of changes needs
// (and as one itself when \a since says where the last read left off).
catalog::CatalogAndBase read_shadow_with_base(const pg::ConnectOptions& where,
                                              const DriftScanOptions& options,
                                              std::optional<catalog::ReadSince> since, Log& log) {
  auto conn = pg::Connection::open(where);
  pg::begin_read_snapshot(conn, options.source.session);
  ProgressOnly progress(log);
  return read_session_catalog_with_base(conn, options.source, std::move(since), progress);
}

// Replays \a objects of the live schema (as a baseline of them) into a new database of
// \a shadow, to see how PostgreSQL deparses them once more; returns how to reach it.
pg::ConnectOptions replay_live_objects(shadow::Shadow& shadow, const LiveState& live,
                                       const model::Catalog& objects, Log& log) {
  const auto where = shadow.create_database(live.database, log);
  const baseline::BaselineHeader header{
      "0", live.target, live.server_version, objects.objects.size(), {}, {}};
  const history::ReplayFile file{{"0", "live schema", "the live schema"},
                                 baseline::baseline_file_text(header, render::render_sql(objects)),
                                 true};
  auto conn = pg::Connection::open(where);
  history::replay_migrations(conn, {file}, "", log);
  return where;
}

std::vector<diff::IgnoreRule> ignore_rules(const DriftScanOptions& options) {
  std::vector<diff::IgnoreRule> rules;
  for (const auto& pattern : options.ignore) {
    rules.push_back(with_context("--ignore", [&] { return diff::parse_ignore_rule(pattern); }));
  }
  std::error_code ec;
  if (!options.ignore_file.empty() && std::filesystem::exists(options.ignore_file, ec) &&
      !std::filesystem::is_regular_file(options.ignore_file, ec)) {
    throw Error(ErrorCategory::kInput, options.ignore_file +
                                           " is not a file of ignore patterns (it is a directory "
                                           "or a device); remove it or make it one");
  }
  if (!options.ignore_file.empty() && std::filesystem::is_regular_file(options.ignore_file, ec)) {
    for (auto& rule :
         diff::parse_ignore_file(read_file(options.ignore_file), options.ignore_file)) {
      rules.push_back(std::move(rule));
    }
  }
  return rules;
}

// The expected catalog depends on exactly these: the files replayed (in order, by
// content), the server major, the snapshot format and the pgdrift version (a reader
// change rebuilds it rather than reporting drift), the migration role and the filters.
std::string expected_cache_key(const DriftScanOptions& options, const LiveState& live,
                               const std::vector<history::ReplayFile>& replay) {
  std::string material = std::string("pgdrift expected catalog\n") + PGDRIFT_VERSION + "\n" +
                         std::to_string(model::Catalog::kFormatVersion) + "\n" +
                         std::to_string(pg::server_major(live.server_version)) + "\n" +
                         live.migration_role + "\n";
  for (const auto& schema : options.source.filter.schemas) material += "schema " + schema + "\n";
  for (const auto& schema : options.source.filter.exclude_schemas) {
    material += "exclude " + schema + "\n";
  }
  for (const auto& file : replay) {
    material += file.file.version + " " + sha256_checksum(file.text) + "\n";
  }
  return sha256_checksum(material);
}

// What a replay's result depends on besides the files, for the kept shadow image: the
// roles and database the shadow is given, the role that runs the migrations, the major
// and the pgdrift that replayed them.
std::string image_environment(const LiveState& live) {
  std::string material = std::string("pgdrift shadow image\n") + PGDRIFT_VERSION + "\n" +
                         std::to_string(pg::server_major(live.server_version)) + "\n" +
                         live.migration_role + "\n" +
                         shadow::create_database_options(live.database, live.server_version) +
                         "\nowner " + live.database.owner + "\n";
  for (const auto& grant : shadow::database_grants_sql(live.database, "shadow")) {
    material += grant + "\n";
  }
  for (const auto& role : shadow::create_roles_sql(live.roles, {})) material += role + "\n";
  return sha256_hex(material);
}

// One image per database, beside the store: a cache as the store's catalogs are, and gone
// with --store "".
std::string image_directory(const std::string& store, const pg::Connection::Identity& where) {
  const auto parent = std::filesystem::path(store).parent_path();
  const std::string server = where.host + ":" + where.port;
  return (parent / "pgdrift-shadow" /
          (safe_file_name_part(where.dbname) + "-" + sha256_hex(server).substr(0, 8)))
      .string();
}

}  // namespace

std::vector<model::QualifiedName> tracking_tables(const history::TableName& table,
                                                  const model::Catalog& live,
                                                  const std::vector<history::ReplayFile>& replay) {
  std::vector<model::QualifiedName> names{{table.schema, table.name}};
  for (const auto& file : replay) {
    for (auto& name : baseline::baseline_left_out_tables(file.text)) names.push_back(name);
  }
  const std::string legacy = table.name + "_legacy";
  for (const auto& object : live.objects) {
    if (object.id.kind == model::ObjectKind::kTable && object.id.schema == table.schema &&
        object.id.name.rfind(legacy, 0) == 0) {
      names.push_back({object.id.schema, object.id.name});
    }
  }
  return names;
}

std::vector<model::QualifiedName> tracking_tables_of(const history::TableName& table,
                                                     const model::Catalog& live,
                                                     const std::string& migrations_dir) {
  std::vector<history::ReplayFile> files;
  std::error_code ec;
  if (std::filesystem::is_directory(migrations_dir, ec)) {
    for (auto& file : history::list_migration_files(migrations_dir)) {
      std::string text = read_file(file.path);
      files.push_back({std::move(file), std::move(text), false});
    }
  }
  return tracking_tables(table, live, files);
}

DriftScan scan_drift(const DriftScanOptions& options, Log& caller_log, ScanReach* reach) {
  ScanReach unused;
  ScanReach& reached = reach ? *reach : unused;
  // The expected side and the live read log from two threads.
  SynchronizedLog log(caller_log);
  DriftScan scan;
  scan.started = std::chrono::steady_clock::now();
  scan.started_at = utc_now_iso();
  const auto table = history::TableName::parse(options.migrations_table);
  const auto rules = ignore_rules(options);
  // An existing store is opened now, so its cached catalog loads while the live one is
  // read; a new one is made only once the live read has succeeded, so a run that cannot
  // connect (or is interrupted first) leaves no file behind (issue 17).
  std::optional<store::HistoryStore>& history_store = scan.store;
  std::error_code no_store;
  if (!options.store.empty() && std::filesystem::exists(options.store, no_store)) {
    history_store.emplace(options.update_caches
                              ? store::HistoryStore::open(options.store)
                              : store::HistoryStore::open_existing(options.store));
  }

  // 1. The live side, in one read-only snapshot, closed as soon as it is read.
  // 2. What the history says: the files of the applied versions, in version order. Known
  //    as soon as the tracking table is read, so the expected catalog is got meanwhile,
  //    beside the live catalog read: loaded from the cache when the history is unchanged,
  //    else replayed into the shadow (from the image the last replay kept, when the
  //    history has only grown since) and read back with the same reader and settings.
  std::vector<history::ReplayFile>& replay = scan.replayed_files;
  std::unique_ptr<shadow::Shadow> shadow;
  std::optional<shadow::ImageContents> keep_for_next_run;
  bool replayed_now = false;
  std::function<shadow::Shadow&(bool fresh)> ensure_shadow;
  std::atomic<bool> abandon{false};  // the live read failed: stop replaying
  std::future<std::optional<model::Catalog>> expected_side;
  std::string replayed_json;  // the replayed catalog for the store, when it keeps one
  auto list_history = [&](const LiveState& live) {
    std::map<std::string, history::MigrationFile> by_version;
    for (auto& file : history::list_migration_files(options.migrations_dir)) {
      by_version.emplace(file.version, std::move(file));
    }
    for (const auto& version : live.applied) {
      const auto it = by_version.find(version);
      if (it == by_version.end()) {
        ++scan.missing_files;
        log.warn("version " + version + " is recorded as applied in " + table.display() +
                 " but has no file in " + options.migrations_dir +
                 "; what it changed will show as drift");
        continue;
      }
      history::ReplayFile file{it->second, read_file(it->second.path), false};
      file.as_administrator = baseline::is_pgdrift_baseline(file.text);
      replay.push_back(std::move(file));
    }
    scan.cache_key = expected_cache_key(options, live, replay);
    // What the shadow needs from the live side, copied: \a live is read further meanwhile.
    shadow::ShadowOptions shadow_options = options.shadow;
    shadow_options.relations = std::max(shadow_options.relations, live.relations);
    if (options.use_cache && options.update_caches && !options.store.empty() &&
        live.tablespaces.empty()) {
      shadow_options.image_dir = image_directory(options.store, live.identity);
    }
    HistoryReplay history{
        replay, live.database, live.migration_role, image_environment(live), &abandon, {}};
    shadow_options.image_wanted = {"", history.environment, replay_steps(history.files), {}};
    ensure_shadow = [&, shadow_options, major = pg::server_major(live.server_version),
                     roles = live.roles,
                     tablespaces = live.tablespaces](bool fresh) -> shadow::Shadow& {
      if (fresh) {
        shadow.reset();
        keep_for_next_run.reset();
      }
      if (!shadow) {
        shadow = shadow::start_shadow(shadow_options, major, log);
        shadow->create_roles(roles, log);
        shadow->create_tablespaces(tablespaces, log);
        scan.started_shadow = true;
        if (shadow->kept()) keep_for_next_run = shadow->kept()->contents;
      }
      return *shadow;
    };
    std::optional<std::string> cached_text;
    if (history_store && options.use_cache) {
      try {
        cached_text = history_store->cached_catalog(scan.cache_key);
      } catch (const Error& e) {
        log.warn("ignoring an unreadable cached catalog: " + std::string(e.what()));
      }
    }
    // Without a cached catalog the shadow starts here, before the catalog read starts its
    // threads: starting it forks (initdb, pg_ctl, the guardian's watcher), which is safe
    // only while this process runs one thread (a sanitizer's allocator is not fork-safe).
    std::string image_prefix_key;
    if (!cached_text) {
      if (const auto& kept = ensure_shadow(false).kept()) {
        const size_t reused = std::min(kept->contents.steps.size(), replay.size());
        image_prefix_key = expected_cache_key(
            options, live, {replay.begin(), replay.begin() + static_cast<long>(reused)});
      }
    }
    // Called beside the live read, as loading the last read takes a while.
    history.previous_read = [&log, image_prefix_key,
                             store = history_store ? &*history_store
                                                   : nullptr](const shadow::ImageContents& image) {
      return image_read_since(image, image_prefix_key, store, log);
    };
    // The store keeps the replayed catalog (made after the live read when it is new).
    const bool keeps_catalog = !options.store.empty() && options.update_caches;
    expected_side = std::async(
        std::launch::async,
        [&, keeps_catalog, history = std::move(history),
         cached_text = std::move(cached_text)]() -> std::optional<model::Catalog> {
          if (cached_text) {
            try {
              auto catalog = model::catalog_from_json(*cached_text);
              scan.used_cache = true;
              log.info("history unchanged: using the expected catalog cached in " + options.store);
              return catalog;
            } catch (const Error& e) {
              log.warn("ignoring an unreadable cached catalog: " + std::string(e.what()));
            }
          }
          auto replayed = replay_history(
              ensure_shadow, history,
              [&](const pg::ConnectOptions& where, std::optional<catalog::ReadSince> since) {
                return read_shadow_with_base(where, options, std::move(since), log);
              },
              log);
          scan.reused_image_files = replayed.reused;
          // Written here, beside the live read, rather than after it: at 10,000 tables the
          // catalog's JSON takes half a second.
          if (keeps_catalog) {
            replayed_json = model::catalog_to_json(replayed.catalog, model::JsonLayout::kCompact);
            replayed.contents.read_base =
                image_read_base(scan.cache_key, replayed_json, replayed.base);
          }
          keep_for_next_run = replayed.contents;
          replayed_now = true;
          return std::move(replayed.catalog);
        });
  };
  std::optional<LiveState> live_state;
  try {
    live_state.emplace(read_live_state(options, table, log, list_history, reached));
  } catch (...) {
    // The expected side uses this frame's variables: stop it and let it end first.
    abandon = true;
    if (expected_side.valid()) expected_side.wait();
    throw;
  }
  LiveState& live = *live_state;
  std::optional<model::Catalog> replayed = expected_side.get();
  if (!options.store.empty() && !history_store && options.update_caches) {
    history_store.emplace(store::HistoryStore::open(options.store));
  }
  scan.applied_versions = live.applied;
  scan.target = live.target;
  scan.identity = live.identity;
  scan.database = reached.database;
  scan.server_version = live.server_version;
  scan.migration_role = live.migration_role;
  scan.roles = live.roles;
  scan.tablespaces = live.tablespaces;
  scan.database_spec = live.database;
  scan.live_relations = live.relations;
  const auto tracking = tracking_tables(table, live.catalog, replay);
  // Both catalogs are filtered in place (moved, not copied): at 10,000 tables each is
  // about 100 MB.
  scan.expected = baseline::without_tables(std::move(*replayed), tracking);
  replayed.reset();
  scan.actual = std::make_shared<const model::Catalog>(
      baseline::without_tables(std::move(live.catalog), tracking));
  const model::Catalog& expected = scan.expected;
  const model::Catalog& actual = *scan.actual;

  // 3. Compare. A changed field is real only if it still differs once the live object
  //    went through one more replay too (deparse is not always a fixpoint); each field's
  //    verdict is kept for this history, so later runs need no shadow for it.
  log.info("comparing " + std::to_string(expected.objects.size()) +
           " objects of the history with " + std::to_string(actual.objects.size()) + " live");
  diff::ChangeSet changes = diff::compare(expected, actual);
  // 4. The shadow ends here, kept as the image for the next run when it holds a replay:
  //    at once, beside the store's writes, when no changed field needs it again.
  if (shadow) scan.shadow_description = shadow->description();
  auto keep_shadow = [&] {
    if (!shadow || !keep_for_next_run || !options.update_caches) return;
    try {
      shadow->keep(*keep_for_next_run, log);
    } catch (const std::exception& e) {
      log.warn("the shadow cluster was not kept for the next run: " + std::string(e.what()));
    }
  };
  const bool needs_shadow_again = diff::has_changed_findings(changes);
  std::future<void> kept;
  if (!needs_shadow_again) kept = std::async(std::launch::async, keep_shadow);
  if (replayed_now && history_store && options.update_caches) {
    history_store->cache_catalog(scan.cache_key, scan.database, replayed_json);
  }
  if (needs_shadow_again) {
    const DeparseRoundTrip trip{
        expected,
        actual,
        [&](const model::Catalog& objects) {
          const auto where = replay_live_objects(ensure_shadow(false), live, objects, log);
          return baseline::without_tables(read_shadow(where, options, log), tracking);
        },
        history_store ? &*history_store : nullptr,
        scan.cache_key,
        options.use_cache,
        options.update_caches};
    changes = confirm_changed_fields(std::move(changes), trip, log);
    keep_shadow();
  }
  scan.changes = diff::apply_ignore_rules(changes, rules);
  if (kept.valid()) kept.get();
  return scan;
}

std::vector<history::MigrationFile> require_complete_history(
    const DriftScan& scan, const DriftScanOptions& options, const std::string& command,
    const std::function<bool(const history::MigrationFile&)>& is_leftover) {
  const std::set<std::string> applied(scan.applied_versions.begin(), scan.applied_versions.end());
  std::vector<std::string> pending;
  std::vector<history::MigrationFile> leftovers;
  for (auto& file : history::list_migration_files(options.migrations_dir)) {
    if (applied.count(file.version)) continue;
    if (is_leftover && is_leftover(file)) {
      leftovers.push_back(std::move(file));
    } else {
      pending.push_back(file.filename);
    }
  }
  if (!pending.empty()) {
    throw Error(ErrorCategory::kInput,
                std::to_string(pending.size()) + " migration file(s) in " + options.migrations_dir +
                    " are not applied to " + scan.target + " (first: " + pending.front() +
                    "); apply them (dbmate up) or move them " + "away before " + command +
                    ", whose migration goes after them; nothing " + "was written");
  }
  if (scan.missing_files > 0) {
    throw Error(ErrorCategory::kInput,
                std::to_string(scan.missing_files) + " version(s) recorded as applied in " +
                    options.migrations_table + " have no file in " + options.migrations_dir +
                    ", so what they made looks like drift to " + command +
                    "; restore the files, or name the folder that holds them with "
                    "--migrations-dir (or DBMATE_MIGRATIONS_DIR); nothing was written");
  }
  return leftovers;
}

}  // namespace pgdrift::app

#include "app/expected_history.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "util/error.h"
#include "util/sha256.h"

namespace pgdrift::app {
namespace {

// SQLSTATE classes XX (internal error, e.g. data_corrupted) and 58 (system error, e.g.
// a missing relation file), and a server that went away: what a damaged image causes,
// and never what a migration's own mistake causes.
bool looks_like_damage(const Error& e) {
  const auto& state = e.sqlstate();
  return e.category() == ErrorCategory::kConnection || state.rfind("XX", 0) == 0 ||
         state.rfind("58", 0) == 0;
}

bool starts_with(const std::vector<std::string>& whole, const std::vector<std::string>& prefix) {
  return prefix.size() <= whole.size() && std::equal(prefix.begin(), prefix.end(), whole.begin());
}

ReplayedHistory replay_from(const pg::ConnectOptions& database, const std::string& name,
                            size_t reused, const HistoryReplay& history, const ShadowReader& read,
                            Log& log) {
  const std::vector<history::ReplayFile> rest(history.files.begin() + static_cast<long>(reused),
                                              history.files.end());
  {
    const auto started = std::chrono::steady_clock::now();
    auto conn = pg::Connection::open(database);
    history::replay_migrations(conn, rest, history.migration_role, log, history.abandon);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", took.count());
    log.info("replayed " + std::to_string(rest.size()) + " migration file(s) in " + seconds + " s");
  }
  ReplayedHistory out;
  out.catalog = read(database);
  out.contents = {name, history.environment, replay_steps(history.files)};
  out.reused = reused;
  return out;
}

}  // namespace

std::vector<std::string> replay_steps(const std::vector<history::ReplayFile>& files) {
  std::vector<std::string> steps;
  for (const auto& file : files) {
    steps.push_back(file.file.version + " " + sha256_hex(file.text) +
                    (file.as_administrator ? " administrator" : " migration-role"));
  }
  return steps;
}

ReplayedHistory replay_history(shadow::Shadow& where, const HistoryReplay& history,
                               const ShadowReader& read, Log& log) {
  const auto steps = replay_steps(history.files);
  if (const auto& kept = where.kept()) {
    const auto& image = kept->contents;
    if (image.environment != history.environment) {
      log.info(
          "shadow: the kept image was made for other roles, database settings or "
          "pgdrift version; replaying the whole history");
    } else if (!starts_with(steps, image.steps)) {
      log.info(
          "shadow: the kept image holds files that are no longer the first of this "
          "history (one was edited, removed or inserted before others); replaying the "
          "whole history");
    } else {
      log.info("shadow: " + std::to_string(image.steps.size()) + " of " +
               std::to_string(steps.size()) + " files are already in the kept image; replaying " +
               std::to_string(steps.size() - image.steps.size()));
      try {
        return replay_from(kept->connect, image.database, image.steps.size(), history, read, log);
      } catch (const Error& e) {
        if (!looks_like_damage(e)) throw;
        log.warn("the kept shadow image is damaged (" + std::string(e.what()) +
                 "); replaying the whole history into a new database");
      }
    }
  }
  const auto database = where.create_database(history.database, log);
  return replay_from(database, database.dbname, 0, history, read, log);
}

}  // namespace pgdrift::app

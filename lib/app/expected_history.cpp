#include "app/expected_history.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "catalog/change_recorder.h"
#include "util/error.h"
#include "util/sha256.h"

namespace pgdrift::app {
namespace {

// What a damaged image causes and a migration's own mistake does not: a page that fails
// its checksum (XX001, XX002), a relation file that is gone (58P01 naming a file of the
// data directory), or the server ending. A missing extension library is 58P01 too, but
// names no such file.
bool looks_like_damage(const Error& e) {
  const auto& state = e.sqlstate();
  const std::string message = e.what();
  return e.category() == ErrorCategory::kConnection || state == "XX001" || state == "XX002" ||
         (state == "58P01" && (message.find("\"base/") != std::string::npos ||
                               message.find("\"global/") != std::string::npos));
}

// \a image: the kept image the shadow started from, if any.
ReplayedHistory replay_from(const pg::ConnectOptions& database, const std::string& name,
                            size_t reused, const HistoryReplay& history, const ShadowReader& read,
                            Log& log, const shadow::ImageContents* image) {
  const std::vector<history::ReplayFile> rest(history.files.begin() + static_cast<long>(reused),
                                              history.files.end());
  std::optional<catalog::ReadSince> since;
  {
    const auto started = std::chrono::steady_clock::now();
    auto conn = pg::Connection::open(database);
    if (image && history.previous_read) {
      since = history.previous_read(*image);
      if (since) {
        catalog::install_change_recorder(conn);
        // Every catalog row the replay writes has a newer xmin than this.
        since->horizon = std::stoull(conn.exec("SELECT txid_current()").text(0, 0));
      }
    }
    history::replay_migrations(conn, rest, history.migration_role, log, history.abandon);
    if (since) since->recorded = catalog::take_recorded_changes(conn);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", took.count());
    log.info("replayed " + std::to_string(rest.size()) + " migration file(s) in " + seconds + " s");
  }
  const bool of_changes = since.has_value();
  auto read_back = [&] {
    if (!of_changes) return read(database, std::nullopt);
    try {
      return read(database, std::move(since));
    } catch (const Error& e) {
      // A read of changes only saves time: anything but a lost shadow reads it whole.
      if (e.category() == ErrorCategory::kConnection) throw;
      log.warn("shadow: reading only what changed failed (" + std::string(e.what()) +
               "); reading the whole catalog");
      return read(database, std::nullopt);
    }
  }();
  if (of_changes && !read_back.read_everything) {
    log.info("shadow: read again the " + std::to_string(read_back.relations_read) +
             " relation(s) the new files touched, and every object of other kinds; the rest "
             "is the image's last read");
  }
  ReplayedHistory out;
  out.catalog = std::move(read_back.catalog);
  out.base = std::move(read_back.base);
  out.contents = {name, history.environment, replay_steps(history.files), {}};
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

ReplayedHistory replay_history(const ShadowStarter& start, const HistoryReplay& history,
                               const ShadowReader& read, Log& log) {
  auto& where = start(false);
  if (const auto& kept = where.kept()) {
    const auto& image = kept->contents;
    log.info("shadow: " + std::to_string(image.steps.size()) + " of " +
             std::to_string(history.files.size()) +
             " files are already in the kept image; replaying " +
             std::to_string(history.files.size() - image.steps.size()));
    try {
      return replay_from(kept->connect, image.database, image.steps.size(), history, read, log,
                         &image);
    } catch (const Error& e) {
      if (!looks_like_damage(e)) throw;
      log.warn("the kept shadow image failed (" + std::string(e.what()) +
               "); replaying the whole history in a fresh shadow cluster");
    }
    auto& fresh = start(true);
    const auto database = fresh.create_database(history.database, log);
    return replay_from(database, database.dbname, 0, history, read, log, nullptr);
  }
  const auto database = where.create_database(history.database, log);
  return replay_from(database, database.dbname, 0, history, read, log, nullptr);
}

}  // namespace pgdrift::app

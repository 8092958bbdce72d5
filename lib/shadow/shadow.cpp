#include "shadow/shadow.h"

#include <algorithm>

#include "pg/session.h"
#include "shadow/binaries.h"
#include "shadow/temporary_database.h"
#include "shadow/throwaway_cluster.h"

namespace pgdrift::shadow {

int lock_slots_per_process(size_t relations) {
  // The lock table holds max_locks_per_transaction for each server process slot: 20
  // connections, the autovacuum launcher and workers, background workers and WAL senders,
  // 42 slots up to PostgreSQL 17 and 57 on 18 (16 autovacuum worker slots): counting 40
  // errs on the safe side. A quarter more for the catalogs' own locks and for a history a
  // little larger than the live schema.
  constexpr size_t kProcesses = 40;
  constexpr size_t kAtLeast = 4096;
  return static_cast<int>(std::max(kAtLeast, (relations + relations / 4) / kProcesses + 1));
}

std::unique_ptr<Shadow> start_shadow(const ShadowOptions& options, int live_major, Log& log) {
  if (options.shadow_url) {
    auto shadow = std::make_unique<TemporaryDatabases>(*options.shadow_url, log);
    if (options.image_dir) log.info("shadow: no image is kept on a --shadow-url server");
    const int major = pg::server_major(shadow->server_version());
    if (live_major > 0 && major != live_major) {
      log.warn("the --shadow-url server runs PostgreSQL " + std::to_string(major) +
               " but the live one " + std::to_string(live_major) +
               "; deparsed definitions can differ between majors and show up as drift");
    }
    return shadow;
  }
  const std::string bindir = find_server_binaries(live_major, options.pg_bin);
  log.info("shadow: PostgreSQL " + std::to_string(live_major) + " binaries in " + bindir);
  const int lock_slots = lock_slots_per_process(options.relations);
  log.info("shadow: max_locks_per_transaction = " + std::to_string(lock_slots) +
           (options.relations ? " (one transaction may lock about " +
                                    std::to_string(options.relations) + " relations)"
                              : std::string()));
  return std::make_unique<ThrowawayCluster>(bindir, log, options.image_dir, options.image_wanted,
                                            lock_slots);
}

}  // namespace pgdrift::shadow

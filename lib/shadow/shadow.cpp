#include "shadow/shadow.h"

#include "pg/session.h"
#include "shadow/binaries.h"
#include "shadow/temporary_database.h"
#include "shadow/throwaway_cluster.h"

namespace pgdrift::shadow {

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
  return std::make_unique<ThrowawayCluster>(bindir, log, options.image_dir, options.image_wanted);
}

}  // namespace pgdrift::shadow

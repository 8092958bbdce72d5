// shadow/throwaway_cluster.h — a private PostgreSQL cluster for one pgdrift run.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "shadow/fresh_cluster.h"
#include "shadow/guardian.h"
#include "shadow/shadow.h"

namespace pgdrift::shadow {

class ThrowawayCluster final : public Shadow {
 public:
  /// initdb + pg_ctl start from \a bindir into a new directory under $TMPDIR (or /tmp);
  /// with \a image_dir, from the image kept there when it is trustworthy (see kept()).
  /// \a wanted is what the run will replay (see take_image()); the server runs with
  /// \a lock_slots as max_locks_per_transaction (lock_slots_per_process()).
  ThrowawayCluster(const std::string& bindir, Log& log,
                   std::optional<std::string> image_dir = std::nullopt, ImageContents wanted = {},
                   int lock_slots = lock_slots_per_process(0));
  ~ThrowawayCluster() override = default;

  std::string description() const override;
  pg::ConnectOptions create_database(const DatabaseSpec& spec, Log& log) override;
  void create_roles(const std::vector<RoleSpec>& roles, Log& log) override;
  void create_tablespaces(const std::vector<std::string>& names, Log& log) override;
  int server_version() const override { return server_version_; }
  const std::optional<KeptDatabase>& kept() const override { return kept_; }
  bool keep(const ImageContents& contents, Log& log) override;
  /// The directory holding the data directory, the socket and the server log.
  const std::string& directory() const { return dir_; }

 private:
  pg::ConnectOptions admin(const std::string& dbname) const;
  /// Makes the data directory; true when it is a copy of the cluster \a fresh keeps.
  bool init_cluster(const FreshClusters& fresh, Log& log, bool may_copy = true);
  void start_server();
  void stop_server(const std::string& mode);
  /// True when the image was taken and its cluster runs; false leaves no data directory.
  bool start_from_image(Log& log);

  std::string bindir_;
  std::optional<std::string> image_dir_;
  ImageContents wanted_;
  int lock_slots_;
  std::optional<KeptDatabase> kept_;
  bool made_tablespaces_ = false;
  std::string dir_;
  std::string data_;
  int server_version_ = 0;
  int next_database_ = 0;
  std::unique_ptr<Guardian> guardian_;
};

}  // namespace pgdrift::shadow

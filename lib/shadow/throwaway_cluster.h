// shadow/throwaway_cluster.h — a private PostgreSQL cluster for one pgdrift run.
#pragma once

#include <memory>
#include <string>

#include "shadow/guardian.h"
#include "shadow/shadow.h"

namespace pgdrift::shadow {

class ThrowawayCluster final : public Shadow {
 public:
  /// initdb + pg_ctl start from \a bindir into a new directory under $TMPDIR (or /tmp).
  ThrowawayCluster(const std::string& bindir, Log& log);
  ~ThrowawayCluster() override = default;

  std::string description() const override;
  pg::ConnectOptions create_database(const DatabaseSpec& spec, Log& log) override;
  void create_roles(const std::vector<RoleSpec>& roles, Log& log) override;
  void create_tablespaces(const std::vector<std::string>& names, Log& log) override;
  int server_version() const override { return server_version_; }
  /// The directory holding the data directory, the socket and the server log.
  const std::string& directory() const { return dir_; }

 private:
  pg::ConnectOptions admin(const std::string& dbname) const;
  std::string dir_;
  int server_version_ = 0;
  int next_database_ = 0;
  std::unique_ptr<Guardian> guardian_;
};

}  // namespace pgdrift::shadow

// shadow/temporary_database.h — shadow databases on a server the user names.
#pragma once

#include <memory>
#include <string>

#include "shadow/guardian.h"
#include "shadow/shadow.h"

namespace pgdrift::shadow {

/// Databases named pgdrift_shadow_<random>_<n> on the --shadow-url server; all of them,
/// and nothing else, are dropped at the end.
class TemporaryDatabases final : public Shadow {
 public:
  TemporaryDatabases(const std::string& url, Log& log);
  ~TemporaryDatabases() override = default;

  std::string description() const override;
  pg::ConnectOptions create_database(const DatabaseSpec& spec, Log& log) override;
  void create_roles(const std::vector<RoleSpec>& roles, Log& log) override;
  void create_tablespaces(const std::vector<std::string>& names, Log& log) override;
  int server_version() const override { return server_version_; }
  /// The name every database of this run starts with.
  const std::string& prefix() const { return prefix_; }

 private:
  std::string url_;
  std::string target_;
  std::string prefix_;
  int server_version_ = 0;
  int next_database_ = 0;
  std::unique_ptr<Guardian> guardian_;
};

}  // namespace pgdrift::shadow

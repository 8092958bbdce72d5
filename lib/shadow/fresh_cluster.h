// shadow/fresh_cluster.h — a new cluster's data directory, copied from one initdb made earlier.
//
// initdb runs PostgreSQL's bootstrap and single-user passes: a second or more of CPU, often
// longer than everything else a small check or plan does. What it makes depends only on
// the binaries, the OS user that runs them and initdb's options, so the first result is
// kept in the user's cache directory and later shadows copy it (tens of milliseconds). It
// is a cache and nothing more: it appears whole or not at all (made beside its place and
// renamed into it), a copy that does not start is forgotten and made again by initdb, and
// removing the cache directory at any time loses nothing. Depends on util/.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgdrift::shadow {

/// Where fresh clusters are kept: $PGDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/pgdrift, else
/// $HOME/.cache/pgdrift. nullopt (initdb every time) when $PGDRIFT_CACHE_DIR is set but
/// empty, or no home directory is known.
std::optional<std::string> cache_directory();

class FreshClusters {
 public:
  /// The kept cluster that \a initdb_argv (initdb's full command line, without its
  /// "-D DIR") would make when run as \a os_user (nullopt: as this process's user). Its
  /// identity also covers initdb's size and modification time, so upgraded binaries in
  /// the same place make a new one. Disabled when cache_directory() is nullopt.
  FreshClusters(const std::vector<std::string>& initdb_argv, std::optional<std::string> os_user);

  /// Runs initdb into \a data_dir (which must not exist yet), or copies the cluster kept
  /// for the same command (unless \a may_copy is false: a copy that did not start). Returns
  /// true when it was a copy. Whatever initdb says on failure is returned in
  /// \a initdb_error (then nothing is kept and \a data_dir may be partial). Kept clusters
  /// are used only from a folder of this OS user's that nobody else may write to.
  bool make(const std::string& data_dir, std::string& initdb_error, bool may_copy = true) const;
  /// A copy that did not start: removes the kept cluster so that the next make() runs
  /// initdb again.
  void forget() const;
  /// The kept cluster's directory, or "" when the cache is disabled.
  const std::string& kept_directory() const { return kept_; }

 private:
  bool copy_kept(const std::string& data_dir) const;
  void keep(const std::string& data_dir) const;

  std::vector<std::string> initdb_argv_;
  std::optional<std::string> os_user_;
  std::string kept_;  ///< <cache>/clusters/<digest>; "" when disabled
};

}  // namespace pgdrift::shadow

// app/targets_file.h — a fleet's targets file: the databases `check --targets` checks.
//
// TOML (tomlplusplus), in this shape:
//
//   [defaults]
//   migrations_dir = "db/migrations"        # relative to the file's folder
//   migrations_table = "schema_migrations"
//
//   [[target]]
//   name = "eu-1"
//   url = "postgres://drift_watcher@db-eu-1/app"   # or: service = "eu-1"
//                                                   # or: url_env = "EU1_URL"
//   migrations_dir = "..."                          # optional, overrides [defaults]
//
// A connection never holds a password in the file: a libpq service name (its password in
// .pgpass), the name of an environment variable that holds the string, or a URL or
// key=value string without one. Anything else (a password, an unknown key, a duplicated
// or missing name, two connections for one target) is refused with the file and line.
#pragma once

#include <string>
#include <vector>

namespace pgdrift::app {

struct Target {
  std::string name;
  /// The connection string: the file's url, or service=NAME. Empty with url_env.
  std::string conninfo;
  /// The environment variable that holds the connection string, read when the target is
  /// checked (an unset one is that target's trouble).
  std::string url_env;
  std::string migrations_dir;    ///< absolute, or relative to the working folder
  std::string migrations_table;  ///< "" for the command's default
  int line = 0;                  ///< where the target starts in the file
};

/// The targets of \a path, in the file's order. \a default_migrations_dir applies when
/// neither [defaults] nor the target names one. Throws Error(kInput) naming the file and
/// line for anything the file must not say, Error(kIo) when it cannot be read.
std::vector<Target> read_targets_file(const std::string& path,
                                      const std::string& default_migrations_dir);

}  // namespace pgdrift::app

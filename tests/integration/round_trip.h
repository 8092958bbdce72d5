// tests/integration/round_trip.h — the fidelity invariant as a test helper.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "pgdrift_harness.h"

namespace pgdrift::test {

/// Creates \a role with \a attributes (e.g. "LOGIN CONNECTION LIMIT 1") unless it exists
/// (roles are cluster-wide).
inline void ensure_role(TestCluster& cluster, const std::string& role,
                        const std::string& attributes = "") {
  cluster.exec("postgres", "DO $$BEGIN CREATE ROLE " + role + " " + attributes +
                               "; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
}

/// Creates the roles the integration schemas use (cluster-wide; once).
inline void ensure_roles(TestCluster& cluster, const std::vector<std::string>& roles) {
  for (const auto& role : roles) ensure_role(cluster, role);
}

/// A security label on table public.t, written into pg_seclabel as a label provider
/// would (none is installed here, and SECURITY LABEL needs one): a kind pgdrift leaves to
/// a warning.
inline constexpr const char* kSecurityLabelRow =
    "INSERT INTO pg_catalog.pg_seclabel VALUES ('public.t'::regclass, 'pg_class'::regclass, 0, "
    "'selinux', 'system_u:object_r:sepgsql_table_t:s0');";

/// The error contract of every command: exit code 2, one sentence on stderr starting
/// "pgdrift: error: " and containing \a expected_fragment, nothing on stdout.
inline void check_trouble(const ProcessResult& r, const std::string& expected_fragment) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("pgdrift: error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find(expected_fragment) != std::string::npos);
  CHECK(r.out.empty());
}

/// Requires databases \a a and \a b to hold the same schema: the same snapshot, an
/// empty `pgdrift diff`, and where pg_dump can dump the server, the same pg_dump.
inline void require_same_schema(TestCluster& cluster, const std::string& a, const std::string& b) {
  if (cluster.pg_dump_can_referee()) {
    const std::string dump_a = pg_dump_schema(cluster, a);
    const std::string dump_b = pg_dump_schema(cluster, b);
    INFO("pg_dump: " << first_difference(dump_a, dump_b));
    CHECK(dump_a == dump_b);
  }
  const std::string snap_a = snapshot_sql(cluster, a);
  const std::string snap_b = snapshot_sql(cluster, b);
  INFO("snapshot: " << first_difference(snap_a, snap_b));
  CHECK(snap_a == snap_b);
  const auto diff = run_pgdrift({"diff", cluster.conninfo(a), cluster.conninfo(b)});
  INFO("pgdrift diff: " << diff.out << diff.err);
  CHECK(diff.exit_code == 0);
}

/// Snapshots \a a, replays the snapshot into a new database, and requires a
/// byte-identical snapshot, an empty `pgdrift diff` of the two databases, and, where
/// pg_dump can dump the server (its major is not newer than pg_dump's), the same
/// pg_dump --schema-only. Returns the snapshot.
inline std::string require_round_trip(TestCluster& cluster, const std::string& a) {
  const std::string snap_a = snapshot_sql(cluster, a);
  const std::string b = cluster.create_database("replay");
  REQUIRE_NOTHROW(replay(cluster, b, snap_a));
  require_same_schema(cluster, a, b);
  return snap_a;
}

}  // namespace pgdrift::test

// PostgreSQL's deparse is not always a fixpoint: `varchar_col IN ('a', 'b')` deparses as
// `= ANY ((ARRAY['a'::varchar, ...])::text[])`, and replaying that text deparses
// differently again. pg_dump's own round trip changes it the same way, so pg_dump's
// round trip is the referee: replaying pgdrift's snapshot must give exactly what
// replaying pg_dump's output gives, and a second round trip changes nothing more.
#include <catch2/catch.hpp>

#include "round_trip.h"

namespace pgdrift::test {

TEST_CASE("non-fixpoint deparse matches pg_dump's own round trip", "[snapshot][fixpoint]") {
  auto& cluster = TestCluster::shared();
  const std::string a = cluster.create_database("fix_a");
  cluster.exec(a, R"sql(
    CREATE TABLE public.items (kind varchar(10) CHECK (kind IN ('a', 'b')), n integer);
    CREATE VIEW public.ab_items AS SELECT * FROM public.items WHERE kind IN ('a', 'b');
    CREATE INDEX items_ab ON public.items (n) WHERE kind IN ('a', 'b');
  )sql");
  const std::string snap_a = snapshot_sql(cluster, a);
  const std::string b = cluster.create_database("fix_b");
  REQUIRE_NOTHROW(replay(cluster, b, snap_a));
  if (!cluster.pg_dump_can_referee()) {
    // No pg_dump for this major (Debian's 15 refuses newer servers): the case is still
    // one (the replay deparses differently), and the round trip below must be stable.
    CHECK(snapshot_sql(cluster, b) != snap_a);
    require_round_trip(cluster, b);
    return;
  }
  const std::string dump_a = pg_dump_schema(cluster, a);
  const std::string dump_b = pg_dump_schema(cluster, b);
  // The case really is one: one replay changes the deparsed text.
  REQUIRE(dump_a != dump_b);

  // Referee: pg_dump's output of A replayed into C (with psql, for its meta-commands).
  const std::string c = cluster.create_database("fix_c");
  auto loaded = run_process({cluster.client_bindir() + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                             "-d", cluster.conninfo(c), "-f", "-"},
                            ProcessOptions{std::nullopt, {}, {}, dump_a, std::nullopt, {}});
  REQUIRE(loaded.exit_code == 0);
  const std::string dump_c = pg_dump_schema(cluster, c);
  INFO(first_difference(dump_b, dump_c));
  CHECK(dump_b == dump_c);
  CHECK(snapshot_sql(cluster, b) == snapshot_sql(cluster, c));

  // After one round trip the text is stable.
  require_round_trip(cluster, b);
}

}  // namespace pgdrift::test

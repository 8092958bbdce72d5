// `pgdrift diff`: two databases, or a database and a saved JSON snapshot, compared the
// same way; exit 0 when equal, 1 when different.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "round_trip.h"

namespace pgdrift::test {

TEST_CASE("diff finds ghost changes between two databases", "[diff]") {
  auto& cluster = TestCluster::shared();
  const std::string base =
      "CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL);"
      "CREATE FUNCTION public.n() RETURNS integer LANGUAGE sql AS 'SELECT 1';"
      "CREATE VIEW public.emails AS SELECT email FROM public.users;";
  const std::string before = cluster.create_database("diff_a");
  cluster.exec(before, base);
  const std::string after = cluster.create_database("diff_b");
  cluster.exec(after, base);
  // The same schema in two databases: nothing to report (no OIDs leak into the model).
  const auto same = run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after)});
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("no differences") != std::string::npos);

  cluster.exec(after, R"sql(
    ALTER TABLE public.users ADD COLUMN knowledge_extracted_at timestamptz;
    ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL;
    CREATE INDEX users_email ON public.users (email);
    CREATE OR REPLACE FUNCTION public.n() RETURNS integer LANGUAGE sql AS 'SELECT 2';
    COMMENT ON TABLE public.users IS 'people';
  )sql");
  const auto drift = run_pgdrift({"diff", cluster.conninfo(before), cluster.conninfo(after)});
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 1);
  CHECK(drift.out.find(
            "column public.users.knowledge_extracted_at added (timestamp with time zone)") !=
        std::string::npos);
  CHECK(drift.out.find("column public.users.email changed\n    not_null: true -> false") !=
        std::string::npos);
  CHECK(drift.out.find("index public.users.users_email added") != std::string::npos);
  CHECK(drift.out.find("function public.n() changed") != std::string::npos);
  CHECK(drift.out.find("+AS $function$SELECT 2$function$") != std::string::npos);
  CHECK(drift.out.find("table public.users changed\n    comment: null -> people") !=
        std::string::npos);
  CHECK(drift.out.find("5 difference(s)") != std::string::npos);

  // A saved JSON snapshot stands for its database.
  const auto json =
      run_pgdrift({"snapshot", "--url", cluster.conninfo(before), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const std::string path = write_temp_file(json.out);
  const auto from_file = run_pgdrift({"diff", path, cluster.conninfo(after)});
  CHECK(from_file.exit_code == 1);
  CHECK(from_file.out.substr(from_file.out.find('\n')) == drift.out.substr(drift.out.find('\n')));
  const auto as_json = run_pgdrift({"diff", path, cluster.conninfo(after), "--format", "json"});
  CHECK(as_json.exit_code == 1);
  CHECK(as_json.out.find("\"change\": \"added\"") != std::string::npos);
  unlink(path.c_str());
}

TEST_CASE("diff with a source that cannot be read is trouble", "[diff][bad-input]") {
  const auto r = run_pgdrift(
      {"diff", "host=/nonexistent port=1 dbname=x", "host=/nonexistent port=1 dbname=y"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cannot connect") != std::string::npos);
  CHECK(run_pgdrift({"diff", "only-one"}).exit_code == 2);
}

}  // namespace pgdrift::test

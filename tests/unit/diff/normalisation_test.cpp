#include <catch2/catch.hpp>

#include "diff/normalisation.h"

using namespace pgdrift;
using diff::ChangeType;

TEST_CASE("changes the live schema's own round trip explains are dropped", "[normalisation]") {
  diff::ChangeSet raw;
  raw.findings = {
      {"column", "public.t.c", ChangeType::kAdded, "text", {}, ""},
      {"view", "public.v", ChangeType::kChanged, "", {{"definition", "a", "b"}}, "diff"},
      {"table",
       "public.t",
       ChangeType::kChanged,
       "",
       {{"comment", "x", "y"}, {"options", "[]", "[1]"}},
       ""},
      {"index", "public.t.i", ChangeType::kChanged, "", {{"valid", "true", "false"}}, ""},
  };
  diff::ChangeSet round;
  // The view and the table's options compare equal after one more replay; the invalid
  // index is not replayed at all (so it is "removed" in the round trip).
  round.findings = {
      {"column", "public.t.c", ChangeType::kAdded, "text", {}, ""},
      {"table", "public.t", ChangeType::kChanged, "", {{"comment", "x", "y"}}, ""},
      {"index", "public.t.i", ChangeType::kRemoved, "", {}, ""},
  };
  const auto confirmed = diff::confirm_changes(raw, round);
  REQUIRE(confirmed.findings.size() == 3);
  CHECK(confirmed.findings[0].object == "public.t.c");
  CHECK(confirmed.findings[1].object == "public.t");
  REQUIRE(confirmed.findings[1].fields.size() == 1);
  CHECK(confirmed.findings[1].fields[0].field == "comment");
  CHECK(confirmed.findings[2].fields[0].field == "valid");
  CHECK(diff::has_changed_findings(raw));
  CHECK_FALSE(diff::has_changed_findings(diff::ChangeSet{{raw.findings[0]}}));
}

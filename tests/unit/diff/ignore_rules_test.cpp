#include <catch2/catch.hpp>

#include "diff/ignore_rules.h"
#include "util/error.h"

using namespace pgdrift;
using diff::ChangeType;
using diff::Finding;

namespace {

diff::ChangeSet findings() {
  diff::ChangeSet set;
  set.findings = {
      {"column", "public.tmp_a.x", ChangeType::kAdded, "integer", {}, ""},
      {"index", "audit.log.log_at", ChangeType::kAdded, "", {}, ""},
      {"table", "public.tmp_a", ChangeType::kAdded, "", {}, ""},
      {"table",
       "public.users",
       ChangeType::kChanged,
       "",
       {{"owner", "a", "b"}, {"acl", "[]", "[1]"}},
       ""},
      {"function", "public.f()", ChangeType::kChanged, "", {{"owner", "a", "b"}}, ""},
      {"default_privileges", "public.x", ChangeType::kAdded, "", {}, ""},
  };
  return set;
}

std::vector<std::string> objects(const diff::ChangeSet& set) {
  std::vector<std::string> out;
  for (const auto& f : set.findings) out.push_back(f.kind + " " + f.object);
  return out;
}

}  // namespace

TEST_CASE("an ignore rule without a kind matches objects of every kind", "[ignore]") {
  const auto kept = diff::apply_ignore_rules(findings(), {diff::parse_ignore_rule("public.tmp_*")});
  CHECK(objects(kept) == std::vector<std::string>{"index audit.log.log_at", "table public.users",
                                                  "function public.f()",
                                                  "default_privileges public.x"});
}

TEST_CASE("a kind prefix narrows a rule", "[ignore]") {
  const auto kept = diff::apply_ignore_rules(
      findings(),
      {diff::parse_ignore_rule("table:public.tmp_*"), diff::parse_ignore_rule("ind*:audit.*")});
  CHECK(objects(kept).size() == 4);
  CHECK(objects(kept).front() == "column public.tmp_a.x");
}

TEST_CASE("owner and grants rules drop one difference, not the object", "[ignore]") {
  const auto no_owner = diff::apply_ignore_rules(findings(), {diff::parse_ignore_rule("owner:*")});
  CHECK(objects(no_owner).size() == 5);  // the function had only an owner change
  CHECK(no_owner.findings[3].fields.size() == 1);
  CHECK(no_owner.findings[3].fields[0].field == "acl");
  const auto neither = diff::apply_ignore_rules(
      findings(), {diff::parse_ignore_rule("owner:*"), diff::parse_ignore_rule("grants:public.*")});
  CHECK(objects(neither) == std::vector<std::string>{"column public.tmp_a.x",
                                                     "index audit.log.log_at",
                                                     "table public.tmp_a"});
}

TEST_CASE("ignore files have one pattern per line and # comments", "[ignore]") {
  const auto rules =
      diff::parse_ignore_file("# header\n\n  public.tmp_*  # staging\nindex:*\n", ".pgdriftignore");
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].kind == "*");
  CHECK(rules[0].object == "public.tmp_*");
  CHECK(rules[1].kind == "index");
  CHECK(rules[1].object == "*");
  // A colon inside a quoted-looking name is not a kind.
  CHECK(diff::parse_ignore_rule("public.\"A:B\"").kind == "*");
  CHECK_THROWS_AS(diff::parse_ignore_rule("   "), Error);
}

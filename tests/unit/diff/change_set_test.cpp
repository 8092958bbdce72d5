#include <catch2/catch.hpp>

#include <set>

#include "diff/change_set.h"
#include "diff/ignore_rules.h"
#include "report/findings_report.h"

using namespace pgdrift;
using model::ObjectId;
using model::ObjectKind;

namespace {

model::Object table(const std::string& name,
                    std::vector<std::pair<std::string, std::string>> columns) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kTable, "public", "", name, ""};
  o.owner = "app";
  model::TableDef def;
  for (const auto& [column, type] : columns) {
    model::Column c;
    c.name = column;
    c.type = type;
    def.columns.push_back(c);
  }
  o.definition = def;
  return o;
}

model::Object function(const std::string& body) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kFunction, "public", "", "f", "integer"};
  o.definition = model::FunctionDef{"function", "sql",
                                    "CREATE FUNCTION public.f(integer)\nAS $$" + body + "$$"};
  return o;
}

model::Catalog catalog_of(std::vector<model::Object> objects) {
  model::Catalog c;
  c.objects = std::move(objects);
  model::normalize(c);
  return c;
}

}  // namespace

TEST_CASE("identical catalogs have no findings", "[diff]") {
  const auto c = catalog_of({table("t", {{"id", "integer"}}), function("select 1")});
  CHECK(diff::compare(c, c).empty());
}

TEST_CASE("a column is a finding of its own", "[diff]") {
  const auto before = catalog_of({table("t", {{"id", "integer"}, {"v", "text"}})});
  const auto after = catalog_of({table("t", {{"id", "bigint"}, {"w", "text"}})});
  const auto changes = diff::compare(before, after);
  REQUIRE(changes.findings.size() == 3);
  CHECK(changes.findings[0].object == "public.t.id");
  CHECK(changes.findings[0].change == diff::ChangeType::kChanged);
  CHECK(changes.findings[0].fields ==
        std::vector<diff::FieldChange>{{"type", "integer", "bigint"}});
  CHECK(changes.findings[1].object == "public.t.v");
  CHECK(changes.findings[1].change == diff::ChangeType::kRemoved);
  CHECK(changes.findings[2].object == "public.t.w");
  CHECK(changes.findings[2].change == diff::ChangeType::kAdded);
  CHECK(changes.findings[2].summary == "text");
}

TEST_CASE("added and removed objects, and a new table is one finding", "[diff]") {
  const auto before = catalog_of({function("select 1")});
  const auto after = catalog_of({table("t", {{"id", "integer"}, {"v", "text"}})});
  const auto changes = diff::compare(before, after);
  REQUIRE(changes.findings.size() == 2);
  CHECK(changes.findings[0].kind == "function");
  CHECK(changes.findings[0].change == diff::ChangeType::kRemoved);
  CHECK(changes.findings[0].object == "public.f(integer)");
  CHECK(changes.findings[1].kind == "table");
  CHECK(changes.findings[1].change == diff::ChangeType::kAdded);
}

TEST_CASE("long definitions come with a unified diff; owners field by field", "[diff]") {
  auto a = function("select 1");
  auto b = function("select 2");
  b.owner = "other";
  const auto changes = diff::compare(catalog_of({a}), catalog_of({b}));
  REQUIRE(changes.findings.size() == 1);
  const auto& f = changes.findings.front();
  CHECK(f.fields.size() == 2);
  CHECK(f.fields[1] == diff::FieldChange{"owner", "null", "other"});
  CHECK(f.text_diff.find("-AS $$select 1$$") != std::string::npos);
  CHECK(f.text_diff.find("+AS $$select 2$$") != std::string::npos);
}

TEST_CASE("reports: text for people, versioned JSON for machines", "[diff][report]") {
  const auto changes = diff::compare(catalog_of({table("t", {{"id", "integer"}})}),
                                     catalog_of({table("t", {{"id", "integer"}, {"c", "text"}})}));
  report::ReportContext context;
  context.before_label = "a";
  context.after_label = "b";
  const std::string text = report::text_report(changes, context);
  CHECK(text.find("1 difference(s) from a to b: 1 column") != std::string::npos);
  CHECK(text.find("column public.t.c added (text)") != std::string::npos);
  const std::string json = report::json_report(changes, context);
  CHECK(json.find("\"format_version\": 1") != std::string::npos);
  CHECK(json.find("\"status\": \"drift\"") != std::string::npos);
  CHECK(report::text_report(diff::ChangeSet{}, context) == "no differences between a and b\n");
  CHECK(report::json_report(diff::ChangeSet{}, context).find("\"status\": \"clean\"") !=
        std::string::npos);
}

TEST_CASE("a dropped table is one finding, with its indexes and serial sequence", "[diff]") {
  model::Object index;
  index.id = ObjectId{ObjectKind::kIndex, "public", "t", "t_i", ""};
  model::IndexDef plain;
  plain.definition = "CREATE INDEX t_i ON public.t USING btree (a)";
  index.definition = plain;
  model::Object sequence;
  sequence.id = ObjectId{ObjectKind::kSequence, "public", "", "t_id_seq", ""};
  model::SequenceDef seq;
  seq.owned_by = model::SequenceOwner{"t", "id"};
  sequence.definition = seq;
  model::Object other_sequence;
  other_sequence.id = ObjectId{ObjectKind::kSequence, "public", "", "free_seq", ""};
  other_sequence.definition = model::SequenceDef{};
  const auto before = catalog_of({table("t", {{"a", "integer"}}), index, sequence, other_sequence});
  const auto after = catalog_of({});
  const auto changes = diff::compare(before, after);
  REQUIRE(changes.findings.size() == 2);
  CHECK(changes.findings[0].object == "public.free_seq");
  CHECK(changes.findings[1].object == "public.t");
  // The other way round: one "added" finding for the new table.
  CHECK(diff::compare(after, before).findings.size() == 2);
}

TEST_CASE("an added invalid index says so", "[diff]") {
  model::Object index;
  index.id = ObjectId{ObjectKind::kIndex, "public", "t", "t_i", ""};
  model::IndexDef def;
  def.definition = "CREATE INDEX t_i ON public.t USING btree (a)";
  def.valid = false;
  index.definition = def;
  const auto t = table("t", {{"a", "integer"}});
  const auto changes = diff::compare(catalog_of({t}), catalog_of({t, index}));
  REQUIRE(changes.findings.size() == 1);
  CHECK(changes.findings[0].summary == "INVALID");
}

TEST_CASE("an index on a partitioned table is one finding, not one per partition", "[diff]") {
  auto index = [](const std::string& table, const std::string& name,
                  std::optional<model::QualifiedName> parent) {
    model::Object o;
    o.id = ObjectId{ObjectKind::kIndex, "public", table, name, ""};
    model::IndexDef def;
    def.definition = "CREATE INDEX " + name;
    def.attach_to = parent;
    o.definition = def;
    return o;
  };
  auto parent = table("p", {{"a", "integer"}});
  auto partition = table("p1", {{"a", "integer"}});
  model::TableDef partition_def = model::def_as<model::TableDef>(partition);
  partition_def.partition_of = model::QualifiedName{"public", "p"};
  partition.definition = partition_def;
  const auto before = catalog_of({parent, partition});
  const auto after = catalog_of({parent, partition, index("p", "p_a", std::nullopt),
                                 index("p1", "p1_a_idx", model::QualifiedName{"public", "p_a"})});
  const auto changes = diff::compare(before, after);
  REQUIRE(changes.findings.size() == 1);
  CHECK(changes.findings[0].object == "public.p.p_a");
  // A new partitioned table brings its partitions in the same one finding.
  const auto tables = diff::compare(catalog_of({}), before);
  REQUIRE(tables.findings.size() == 1);
  CHECK(tables.findings[0].object == "public.p");
}

namespace {

// A subscription; without a connection string, read by a role that could not see it.
model::Object subscription(std::optional<std::string> conninfo, std::vector<std::string> options,
                           std::optional<std::string> comment = std::nullopt) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kSubscription, "", "", "feed", ""};
  o.owner = "postgres";
  o.comment = std::move(comment);
  model::SubscriptionDef d{conninfo.value_or(""), {"orders"}, "feed", std::move(options), {}};
  if (!conninfo) d.unreadable = {"conninfo"};
  o.definition = d;
  return o;
}

}  // namespace

TEST_CASE("a connection string one side could not read is not a finding", "[diff]") {
  const auto known = catalog_of({subscription("dbname=shop", {"binary=false"})});
  const auto unknown = catalog_of({subscription(std::nullopt, {"binary=false"})});
  CHECK(diff::compare(known, unknown).empty());
  CHECK(diff::compare(unknown, known).empty());
  // The other fields still are compared.
  const auto changed = catalog_of({subscription(std::nullopt, {"binary=true"})});
  const auto changes = diff::compare(known, changed);
  REQUIRE(changes.findings.size() == 1);
  CHECK(changes.findings[0].object == "feed");
  CHECK(changes.findings[0].fields ==
        std::vector<diff::FieldChange>{{"options", "[\"binary=false\"]", "[\"binary=true\"]"}});
  // Both read: a changed connection string is a finding.
  const auto moved = catalog_of({subscription("dbname=shop host=elsewhere", {"binary=false"})});
  REQUIRE(diff::compare(known, moved).findings.size() == 1);
  CHECK(diff::compare(known, moved).findings[0].fields[0].field == "conninfo");
  // Before 14 another role cannot see the comment and the options either.
  auto blind = subscription(std::nullopt, {}, std::nullopt);
  std::get<model::SubscriptionDef>(blind.definition).unreadable = {"comment", "conninfo",
                                                                   "options"};
  const auto commented = catalog_of({subscription("dbname=shop", {"binary=false"}, "feed me")});
  CHECK(diff::compare(commented, catalog_of({blind})).empty());
}

TEST_CASE("apply_findings takes just the picked changes, and what comes with them", "[diff]") {
  auto index_on = [](const std::string& table, const std::string& name) {
    model::Object index;
    index.id = ObjectId{ObjectKind::kIndex, "public", table, name, ""};
    model::IndexDef def;
    def.definition = "CREATE INDEX " + name + " ON public." + table + " USING btree (a)";
    index.definition = def;
    return index;
  };
  auto owned_by = [](model::Object object, const std::string& owner) {
    object.owner = owner;
    return object;
  };
  // Before: t (a, b), u; after: t (a, c int -> with b's type changed), a new index on t,
  // a new table n with its index, u dropped, and f's owner changed.
  const auto before = catalog_of({table("t", {{"a", "integer"}, {"b", "integer"}}),
                                  table("u", {{"x", "text"}}), owned_by(function("1"), "app")});
  const auto after = catalog_of({table("t", {{"a", "integer"}, {"b", "bigint"}, {"c", "text"}}),
                                 index_on("t", "t_a"), table("n", {{"a", "integer"}}),
                                 index_on("n", "n_a"), owned_by(function("2"), "boss")});
  const auto all = diff::compare(before, after);
  auto keys = [](const diff::ChangeSet& changes) {
    std::set<std::string> out;
    for (const auto& f : changes.findings) {
      std::string key = diff::finding_key(f);
      for (const auto& field : f.fields) key += " " + field.field;
      out.insert(key);
    }
    return out;
  };
  auto rules = [](std::vector<std::string> patterns) {
    std::vector<diff::IgnoreRule> out;
    for (const auto& p : patterns) out.push_back(diff::parse_ignore_rule(p));
    return out;
  };
  // Whatever is picked, comparing with the result gives exactly the picked findings.
  for (const auto& patterns : std::vector<std::vector<std::string>>{{"index:*"},
                                                                    {"public.n"},
                                                                    {"column:public.t.c"},
                                                                    {"column:public.t.b"},
                                                                    {"owner:*"},
                                                                    {"table:public.u"},
                                                                    {"*"}}) {
    INFO(patterns.front());
    const auto picked = diff::pick_findings(all, rules(patterns));
    REQUIRE_FALSE(picked.empty());
    const auto result = diff::apply_findings(before, after, picked);
    CHECK(keys(diff::compare(before, result)) == keys(picked));
    // And what was not picked is still there to find.
    CHECK(keys(diff::compare(result, after)).size() ==
          keys(all).size() - keys(picked).size() +
              (patterns.front() == "owner:*" ? 1 : 0));  // f's body still differs
  }
  // A new table comes with its index; the owner alone leaves the body as it was.
  const auto with_n =
      diff::apply_findings(before, after, diff::pick_findings(all, rules({"public.n"})));
  CHECK(with_n.find(ObjectId{ObjectKind::kIndex, "public", "n", "n_a", ""}) != nullptr);
  CHECK(with_n.find(ObjectId{ObjectKind::kIndex, "public", "t", "t_a", ""}) == nullptr);
  const auto owner_only =
      diff::apply_findings(before, after, diff::pick_findings(all, rules({"owner:*"})));
  const auto* f = owner_only.find(ObjectId{ObjectKind::kFunction, "public", "", "f", "integer"});
  REQUIRE(f != nullptr);
  CHECK(f->owner == "boss");
  CHECK(std::get<model::FunctionDef>(f->definition).definition.find("$$1$$") != std::string::npos);
}

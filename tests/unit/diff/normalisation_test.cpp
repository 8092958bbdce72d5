#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

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

namespace {

using model::ObjectId;
using model::ObjectKind;

model::Object object_of(ObjectId id, model::Definition definition,
                        std::vector<ObjectId> depends_on = {}) {
  model::Object o;
  o.id = std::move(id);
  o.definition = std::move(definition);
  o.depends_on = std::move(depends_on);
  return o;
}

model::Object table_of(const std::string& name, std::vector<std::string> columns,
                       std::optional<std::string> partition_of = std::nullopt) {
  model::TableDef def;
  for (const auto& column : columns) {
    model::Column c;
    c.name = column;
    c.type = "integer";
    def.columns.push_back(c);
  }
  if (partition_of) def.partition_of = model::QualifiedName{"app", *partition_of};
  return object_of({ObjectKind::kTable, "app", "", name, ""}, def);
}

std::set<std::string> names_of(const model::Catalog& catalog) {
  std::set<std::string> names;
  for (const auto& o : catalog.objects) names.insert(o.id.name);
  return names;
}

diff::Finding changed(const std::string& kind, const std::string& object) {
  return {kind, object, ChangeType::kChanged, "", {{"definition", "\"a\"", "\"b\""}}, ""};
}

}  // namespace

TEST_CASE("a round trip replays the changed objects and what they need, not the rest",
          "[normalisation]") {
  const ObjectId fn{ObjectKind::kFunction, "app", "", "score", "integer"};
  const ObjectId view{ObjectKind::kView, "app", "", "ranked", ""};
  model::Catalog live;
  live.objects = {
      object_of({ObjectKind::kSchema, "", "", "app", ""}, model::SchemaDef{}),
      object_of({ObjectKind::kSchema, "", "", "unrelated", ""}, model::SchemaDef{}),
      table_of("events", {"id"}),
      table_of("events_2026", {"id"}, "events"),  // a partition: needs its parent
      table_of("lonely", {"id"}),
      table_of("scores", {"id", "points"}),
      object_of(fn, model::FunctionDef{}),
      object_of(view, model::ViewDef{}, {{ObjectKind::kTable, "app", "", "scores", ""}, fn}),
      object_of({ObjectKind::kView, "app", "", "top", ""}, model::ViewDef{}, {view}),
  };
  model::normalize(live);

  diff::ChangeSet changes;
  changes.findings = {
      changed("view", "app.ranked"),
      changed("column", "app.events_2026.id"),
      {"table", "app.lonely", ChangeType::kAdded, "", {}, ""},  // not replayed for
  };
  const auto part = diff::round_trip_subset(live, changes);
  // Every schema, the view with the function and table it reads, the partition with its
  // parent; not the view over the view, nor the added table.
  CHECK(names_of(part) == std::set<std::string>{"app", "unrelated", "score", "events",
                                                "events_2026", "scores", "ranked"});
  CHECK(std::is_sorted(part.objects.begin(), part.objects.end(),
                       [](const auto& a, const auto& b) { return a.id < b.id; }));

  // Only the same objects of the other side are compared with what comes back.
  const auto expected_part = diff::objects_also_in(live, part);
  CHECK(names_of(expected_part) == names_of(part));

  // Two objects that print alike (table "a.b" in schema app, table b in schema "app.a"):
  // everything is replayed rather than one of them.
  live.objects.push_back(table_of("a.b", {"id"}));
  auto other = table_of("b", {"id"});
  other.id.schema = "app.a";
  live.objects.push_back(other);
  model::normalize(live);
  changes.findings = {changed("table", "app.a.b")};
  CHECK(diff::round_trip_subset(live, changes).objects.size() == live.objects.size());
  changes.findings = {changed("column", "app.a.b.id")};
  CHECK(diff::round_trip_subset(live, changes).objects.size() == live.objects.size());
}

TEST_CASE("a field's verdict is kept by its values; a finding keeps the fields asked for",
          "[normalisation]") {
  const diff::Finding view{"view",
                           "public.v",
                           ChangeType::kChanged,
                           "",
                           {{"comment", "null", "\"x\""}, {"definition", "\"a\"", "\"b\""}},
                           "diff"};
  const auto comment = diff::field_fingerprint(view, view.fields[0]);
  CHECK(comment != diff::field_fingerprint(view, view.fields[1]));
  diff::Finding again = view;
  again.fields[0].after = "\"y\"";  // another change to the same field
  CHECK(comment != diff::field_fingerprint(again, again.fields[0]));
  CHECK(comment == diff::field_fingerprint(view, view.fields[0]));

  const auto only_comment =
      diff::with_fields(view, [](const diff::FieldChange& f) { return f.field == "comment"; });
  REQUIRE(only_comment.fields.size() == 1);
  CHECK(only_comment.text_diff.empty());  // the definition's diff went with it
  const auto only_definition =
      diff::with_fields(view, [](const diff::FieldChange& f) { return f.field == "definition"; });
  // Of the texts, as compare() makes it, not of their JSON.
  CHECK(only_definition.text_diff == diff::unified_diff("a", "b"));
  // Every field kept: the finding as it was.
  CHECK(diff::with_fields(view, [](const diff::FieldChange&) { return true; }) == view);
}

#include <catch2/catch.hpp>

#include <filesystem>

#include "../temp_store.h"
#include "app/deparse_confirmation.h"
#include "util/error.h"

using namespace pgdrift;
using model::ObjectId;
using model::ObjectKind;

namespace {

using test::TempStore;

const ObjectId kView{ObjectKind::kView, "app", "", "v", ""};

model::Catalog catalog_with(const std::string& definition, std::optional<std::string> comment) {
  model::Catalog c;
  model::Object schema;
  schema.id = ObjectId{ObjectKind::kSchema, "", "", "app", ""};
  schema.definition = model::SchemaDef{};
  model::Object table;
  table.id = ObjectId{ObjectKind::kTable, "app", "", "unrelated", ""};
  table.definition = model::TableDef{};
  model::Object view;
  view.id = kView;
  view.comment = std::move(comment);
  view.definition = model::ViewDef{definition, {}, {}, {}, {}};
  c.objects = {schema, table, view};
  model::normalize(c);
  return c;
}

// A stand-in for the shadow: replaying gives back the objects, with the view's text as
// PostgreSQL would deparse it once more ("B" comes back as "A", the history's text).
struct FakeShadow {
  int replays = 0;
  size_t last_size = 0;
  std::optional<ErrorCategory> fail_part;  // the first, partial, replay fails this way
  model::Catalog operator()(const model::Catalog& objects, size_t live_size) {
    ++replays;
    last_size = objects.objects.size();
    if (fail_part && objects.objects.size() < live_size) {
      throw Error(*fail_part, "replay failed");
    }
    model::Catalog back = objects;
    for (auto& o : back.objects) {
      if (o.id == kView) model::def_if<model::ViewDef>(o)->definition = "A";
    }
    return back;
  }
};

// The history's view reads "A"; the live one "B" (re-deparsed) with a comment added by
// hand (real).
struct Scenario {
  model::Catalog expected = catalog_with("A", std::nullopt);
  model::Catalog live = catalog_with("B", "by hand");
  FakeShadow shadow;
  app::DeparseRoundTrip trip(store::HistoryStore* store, bool remember) {
    return {
        expected, live,  [this](const model::Catalog& o) { return shadow(o, live.objects.size()); },
        store,    "key", true,
        remember};
  }
  diff::ChangeSet confirm(const app::DeparseRoundTrip& trip, Log& log) {
    return app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  }
};

}  // namespace

TEST_CASE("a changed field is settled once, by a replay of its object, then by its verdict",
          "[deparse]") {
  Scenario scenario;
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  auto trip = scenario.trip(&store, true);
  NullLog log;

  const auto first = scenario.confirm(trip, log);
  CHECK(scenario.shadow.replays == 1);
  CHECK(scenario.shadow.last_size == 2);  // the schema and the view, not the unrelated table
  REQUIRE(first.findings.size() == 1);
  REQUIRE(first.findings[0].fields.size() == 1);
  CHECK(first.findings[0].fields[0].field == "comment");
  CHECK(first.findings[0].text_diff.empty());

  // Both verdicts are kept: the next run asks no shadow and finds the same.
  CHECK(scenario.confirm(trip, log).findings == first.findings);
  CHECK(scenario.shadow.replays == 1);

  // --no-cache asks again.
  trip.use_stored = false;
  CHECK(scenario.confirm(trip, log).findings == first.findings);
  CHECK(scenario.shadow.replays == 2);
}

TEST_CASE("a dry run keeps no verdict, and no store means a replay each time", "[deparse]") {
  Scenario scenario;
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  NullLog log;
  const auto dry_run = scenario.trip(&store, false);
  scenario.confirm(dry_run, log);
  scenario.confirm(dry_run, log);
  CHECK(scenario.shadow.replays == 2);
  const auto result = scenario.confirm(scenario.trip(nullptr, true), log);
  CHECK(scenario.shadow.replays == 3);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].fields.size() == 1);
}

TEST_CASE(
    "objects that do not replay on their own are replayed with the whole schema; a "
    "shadow that fails leaves the findings as they are",
    "[deparse]") {
  Scenario scenario;
  const auto trip = scenario.trip(nullptr, true);
  scenario.shadow.fail_part = ErrorCategory::kInput;
  CollectingLog log;
  const auto whole = scenario.confirm(trip, log);
  CHECK(scenario.shadow.replays == 2);
  CHECK(scenario.shadow.last_size == scenario.live.objects.size());
  REQUIRE(whole.findings.size() == 1);
  CHECK(whole.findings[0].fields.size() == 1);

  // A shadow that cannot start (not the objects' fault): no second try, a warning, and
  // the finding with both fields.
  scenario.shadow = FakeShadow{};
  scenario.shadow.fail_part = ErrorCategory::kIo;
  CollectingLog warned;
  const auto unconfirmed = scenario.confirm(trip, warned);
  CHECK(scenario.shadow.replays == 1);
  REQUIRE(unconfirmed.findings.size() == 1);
  CHECK(unconfirmed.findings[0].fields.size() == 2);
  CHECK_FALSE(warned.warnings.empty());

  // Losing the connection is not settled here.
  scenario.shadow = FakeShadow{};
  scenario.shadow.fail_part = ErrorCategory::kConnection;
  CHECK_THROWS_AS(scenario.confirm(trip, log), Error);
}

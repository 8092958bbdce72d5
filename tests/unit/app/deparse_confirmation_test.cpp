#include <catch2/catch.hpp>

#include <filesystem>

#include "app/deparse_confirmation.h"
#include "util/error.h"

using namespace pgdrift;
using model::ObjectId;
using model::ObjectKind;

namespace {

struct TempStore {
  TempStore() {
    char buf[] = "/tmp/pgdrift-verdicts-XXXXXX";
    REQUIRE(mkdtemp(buf));
    dir = buf;
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  std::string path() const { return dir + "/pgdrift.sqlite3"; }
  std::string dir;
};

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

}  // namespace

TEST_CASE("a changed field is settled once, by a replay of its object, then by its verdict",
          "[deparse]") {
  const auto expected = catalog_with("A", std::nullopt);
  const auto live = catalog_with("B", "by hand");  // text re-deparsed, comment real
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  FakeShadow shadow;
  app::DeparseRoundTrip trip{
      expected, live,  [&](const model::Catalog& o) { return shadow(o, live.objects.size()); },
      &store,   "key", true,
      true};
  NullLog log;
  auto confirm = [&] {
    return app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  };

  const auto first = confirm();
  CHECK(shadow.replays == 1);
  CHECK(shadow.last_size == 2);  // the schema and the view, not the unrelated table
  REQUIRE(first.findings.size() == 1);
  REQUIRE(first.findings[0].fields.size() == 1);
  CHECK(first.findings[0].fields[0].field == "comment");
  CHECK(first.findings[0].text_diff.empty());

  // Both verdicts are kept: the next run asks no shadow and finds the same.
  const auto second = confirm();
  CHECK(shadow.replays == 1);
  CHECK(second.findings == first.findings);

  // --no-cache asks again.
  trip.use_stored = false;
  CHECK(confirm().findings == first.findings);
  CHECK(shadow.replays == 2);
}

TEST_CASE("a dry run keeps no verdict, and no store means a replay each time", "[deparse]") {
  const auto expected = catalog_with("A", std::nullopt);
  const auto live = catalog_with("B", "by hand");
  TempStore tmp;
  auto store = store::HistoryStore::open(tmp.path());
  FakeShadow shadow;
  app::DeparseRoundTrip trip{
      expected, live,  [&](const model::Catalog& o) { return shadow(o, live.objects.size()); },
      &store,   "key", true,
      false};
  NullLog log;
  app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  CHECK(shadow.replays == 2);
  trip.store = nullptr;
  trip.remember = true;
  const auto result = app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  CHECK(shadow.replays == 3);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].fields.size() == 1);
}

TEST_CASE(
    "objects that do not replay on their own are replayed with the whole schema; a "
    "shadow that fails leaves the findings as they are",
    "[deparse]") {
  const auto expected = catalog_with("A", std::nullopt);
  const auto live = catalog_with("B", "by hand");
  FakeShadow shadow;
  shadow.fail_part = ErrorCategory::kInput;
  app::DeparseRoundTrip trip{
      expected, live,  [&](const model::Catalog& o) { return shadow(o, live.objects.size()); },
      nullptr,  "key", true,
      true};
  CollectingLog log;
  const auto whole = app::confirm_changed_fields(diff::compare(expected, live), trip, log);
  CHECK(shadow.replays == 2);
  CHECK(shadow.last_size == live.objects.size());
  REQUIRE(whole.findings.size() == 1);
  CHECK(whole.findings[0].fields.size() == 1);

  // A shadow that cannot start (not the objects' fault): no second try, a warning, and
  // the finding with both fields.
  shadow = FakeShadow{};
  shadow.fail_part = ErrorCategory::kIo;
  CollectingLog warned;
  const auto unconfirmed = app::confirm_changed_fields(diff::compare(expected, live), trip, warned);
  CHECK(shadow.replays == 1);
  REQUIRE(unconfirmed.findings.size() == 1);
  CHECK(unconfirmed.findings[0].fields.size() == 2);
  CHECK_FALSE(warned.warnings.empty());

  // Losing the connection is not settled here.
  shadow = FakeShadow{};
  shadow.fail_part = ErrorCategory::kConnection;
  CHECK_THROWS_AS(app::confirm_changed_fields(diff::compare(expected, live), trip, log), Error);
}

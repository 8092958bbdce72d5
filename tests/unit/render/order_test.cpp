#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "render/order.h"
#include "util/error.h"

using namespace pgdrift;
using model::ObjectId;
using model::ObjectKind;
using render::Entry;
using render::EntryKey;
using render::Part;

namespace {

Entry entry(ObjectKind kind, const std::string& schema, const std::string& name,
            std::vector<EntryKey> after = {}, Part part = Part::kMain) {
  Entry e;
  e.key = EntryKey{ObjectId{kind, schema, "", name, ""}, part};
  e.priority = render::priority(e.key);
  e.header = std::string(model::kind_name(kind)) + " " + schema + "." + name;
  e.after = std::move(after);
  return e;
}

EntryKey key(ObjectKind kind, const std::string& schema, const std::string& name) {
  return EntryKey{ObjectId{kind, schema, "", name, ""}, Part::kMain};
}

std::vector<std::string> headers(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.header);
  return out;
}

}  // namespace

TEST_CASE("entries sort by kind priority, then schema and name", "[order]") {
  auto ordered = render::order_entries({
      entry(ObjectKind::kTable, "b", "t"),
      entry(ObjectKind::kTable, "a", "z"),
      entry(ObjectKind::kSchema, "", "b"),
      entry(ObjectKind::kFunction, "a", "f"),
  });
  CHECK(headers(ordered) ==
        std::vector<std::string>{"schema .b", "function a.f", "table a.z", "table b.t"});
}

TEST_CASE("a dependency moves an entry only as far as it must", "[order]") {
  // A function that depends on a table comes right after it; nothing else moves.
  auto ordered = render::order_entries({
      entry(ObjectKind::kFunction, "s", "f", {key(ObjectKind::kTable, "s", "b")}),
      entry(ObjectKind::kFunction, "s", "g"),
      entry(ObjectKind::kTable, "s", "a"),
      entry(ObjectKind::kTable, "s", "b"),
      entry(ObjectKind::kTable, "s", "c"),
  });
  CHECK(headers(ordered) == std::vector<std::string>{"function s.g", "table s.a", "table s.b",
                                                     "function s.f", "table s.c"});
}

TEST_CASE("the order does not depend on the input order", "[order]") {
  std::vector<Entry> entries;
  for (int i = 0; i < 30; ++i) {
    std::vector<EntryKey> after;
    if (i % 3 == 0 && i > 0)
      after.push_back(key(ObjectKind::kTable, "s", "t" + std::to_string(i - 1)));
    entries.push_back(
        entry(i % 2 ? ObjectKind::kTable : ObjectKind::kView, "s", "t" + std::to_string(i), after));
  }
  const auto expected = headers(render::order_entries(entries));
  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(entries.begin(), entries.end(), rng);
    CHECK(headers(render::order_entries(entries)) == expected);
  }
}

TEST_CASE("a dependency cycle is an error naming its members", "[order]") {
  try {
    render::order_entries({
        entry(ObjectKind::kView, "s", "v1", {key(ObjectKind::kView, "s", "v2")}),
        entry(ObjectKind::kView, "s", "v2", {key(ObjectKind::kView, "s", "v1")}),
        entry(ObjectKind::kTable, "s", "ok"),
    });
    FAIL("expected a cycle error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find("view s.v1") != std::string::npos);
    CHECK(message.find("view s.v2") != std::string::npos);
    CHECK(message.find("ok") == std::string::npos);
  }
}

TEST_CASE("dependencies on entries that are not rendered are ignored", "[order]") {
  auto ordered = render::order_entries(
      {entry(ObjectKind::kTable, "s", "t", {key(ObjectKind::kType, "x", "gone")})});
  CHECK(ordered.size() == 1);
}

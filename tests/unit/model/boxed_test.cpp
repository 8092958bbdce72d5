#include <catch2/catch.hpp>

#include "model/boxed.h"
#include "model/json_fields.h"

using namespace pgdrift::model;

namespace {
Column column_named(const std::string& name) {
  Column column;
  column.name = name;
  column.type = "integer";
  return column;
}
}  // namespace

TEST_CASE("Boxed copies deeply and compares values", "[model][boxed]") {
  Boxed<TableDef> a = TableDef{};
  a->columns.push_back(column_named("id"));
  Boxed<TableDef> b = a;
  CHECK(b == a);
  b->columns[0].name = "other";
  CHECK(a->columns[0].name == "id");  // the copy did not share the value
  CHECK_FALSE(b == a);
  Boxed<TableDef> c;
  c = std::move(b);
  CHECK(c->columns[0].name == "other");
  b = a;  // a moved-from box can be assigned again
  CHECK(b == a);
}

TEST_CASE("Indirect behaves like std::optional, JSON null included", "[model][boxed]") {
  Indirect<std::string> empty;
  CHECK_FALSE(empty);
  CHECK(empty == Indirect<std::string>{});
  Indirect<std::string> set = std::string("EXTERNAL");
  REQUIRE(set);
  CHECK(*set == "EXTERNAL");
  CHECK_FALSE(set == empty);
  Indirect<std::string> copy = set;
  *copy = "MAIN";
  CHECK(*set == "EXTERNAL");
  CHECK(Indirect<std::string>(std::optional<std::string>{}) == empty);
  CHECK(*Indirect<std::string>(std::optional<std::string>{"x"}) == "x");

  Column column = column_named("id");
  column.storage = std::string("PLAIN");
  column.identity = IdentityDef{"always", {"app", "t_id_seq"}, 1, 1, 1, 100, 1, false, {}};
  const nlohmann::json j = column;
  CHECK(j["storage"] == "PLAIN");
  CHECK(j["compression"].is_null());
  CHECK(j["identity"]["sequence"]["name"] == "t_id_seq");
  const Column back = j.get<Column>();
  CHECK(back == column);
  CHECK_FALSE(back.compression);
}

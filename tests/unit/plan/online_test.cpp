// The online forms of plan/online.h, on definitions as pg_get_indexdef and
// pg_get_constraintdef write them.
#include <catch2/catch.hpp>

#include "plan/online.h"

namespace pgdrift::plan {
namespace {

model::Object index_object(const std::string& name, const std::string& definition,
                           std::optional<std::string> tablespace = std::nullopt) {
  model::Object o;
  o.id = model::ObjectId{model::ObjectKind::kIndex, "app", "orders", name, ""};
  model::IndexDef d;
  d.definition = definition;
  d.tablespace = std::move(tablespace);
  o.definition = d;
  return o;
}

model::Object key_object(const std::string& name, const std::string& type,
                         const std::string& definition) {
  model::Object o;
  o.id = model::ObjectId{model::ObjectKind::kConstraint, "app", "orders", name, ""};
  model::ConstraintDef d;
  d.constraint_type = type;
  d.definition = definition;
  d.index_name = name;
  o.definition = d;
  return o;
}

}  // namespace

TEST_CASE("an index is built CONCURRENTLY under the name asked for", "[plan]") {
  const auto o = index_object("Orders By Day",
                              "CREATE UNIQUE INDEX \"Orders By Day\" ON app.orders USING "
                              "btree (day) WHERE (day > '2020-01-01'::date)");
  const auto& d = model::def_as<model::IndexDef>(o);
  CHECK(concurrent_index_build(o, d, "Orders By Day") ==
        "CREATE UNIQUE INDEX CONCURRENTLY \"Orders By Day\" ON app.orders USING btree (day) "
        "WHERE (day > '2020-01-01'::date);\n");
  CHECK(concurrent_index_build(o, d, "tmp") ==
        "CREATE UNIQUE INDEX CONCURRENTLY tmp ON app.orders USING btree (day) WHERE (day > "
        "'2020-01-01'::date);\n");
  // A partitioned table's index cannot be built concurrently.
  const auto parent = index_object("p", "CREATE INDEX p ON ONLY app.orders USING btree (day)");
  CHECK_FALSE(concurrent_index_build(parent, model::def_as<model::IndexDef>(parent), "p"));
}

TEST_CASE("an index's tablespace goes before its WHERE, not into a literal", "[plan]") {
  const auto o = index_object("i",
                              "CREATE INDEX i ON app.orders USING btree (note) WHERE (' WHERE "
                              "'::text = note)",
                              "fast space");
  CHECK(concurrent_index_build(o, model::def_as<model::IndexDef>(o), "i") ==
        "CREATE INDEX CONCURRENTLY i ON app.orders USING btree (note) TABLESPACE \"fast space\" "
        "WHERE (' WHERE '::text = note);\n");
  const auto plain = index_object("j", "CREATE INDEX j ON app.orders USING btree (note)", "t");
  CHECK(concurrent_index_build(plain, model::def_as<model::IndexDef>(plain), "j") ==
        "CREATE INDEX CONCURRENTLY j ON app.orders USING btree (note) TABLESPACE t;\n");
}

TEST_CASE("a unique or primary key becomes an index built concurrently and USING INDEX", "[plan]") {
  const auto unique = key_object("orders_key", "unique",
                                 "UNIQUE NULLS NOT DISTINCT (customer, \"Day\") INCLUDE (total) "
                                 "DEFERRABLE INITIALLY DEFERRED");
  const auto key = online_key(unique, model::def_as<model::ConstraintDef>(unique));
  REQUIRE(key);
  CHECK(key->build ==
        "CREATE UNIQUE INDEX CONCURRENTLY orders_key ON app.orders USING btree (customer, "
        "\"Day\") INCLUDE (total) NULLS NOT DISTINCT;\n");
  CHECK(key->add ==
        "ALTER TABLE ONLY app.orders ADD CONSTRAINT orders_key UNIQUE USING INDEX orders_key "
        "DEFERRABLE INITIALLY DEFERRED;\n");
  const auto primary = key_object("orders_pkey", "primary_key", "PRIMARY KEY (id)");
  const auto pk = online_key(primary, model::def_as<model::ConstraintDef>(primary));
  REQUIRE(pk);
  CHECK(pk->add ==
        "ALTER TABLE ONLY app.orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX "
        "orders_pkey;\n");
  // Storage options would not survive USING INDEX: the plain form, with its hazard.
  const auto with = key_object("k", "unique", "UNIQUE (a) WITH (fillfactor='70')");
  CHECK_FALSE(online_key(with, model::def_as<model::ConstraintDef>(with)));
  const auto check = key_object("c", "check", "CHECK ((a > 0))");
  CHECK_FALSE(online_key(check, model::def_as<model::ConstraintDef>(check)));
}

TEST_CASE("a free name fits in 63 bytes without cutting a character in two", "[plan]") {
  auto none = [](const std::string&) { return false; };
  CHECK(unused_name("idx", "_new", none) == "idx_new");
  const std::string long_name(60, 'x');
  CHECK(unused_name(long_name, "_new", none) == std::string(59, 'x') + "_new");
  // 30 two-byte characters (60 bytes): 59 bytes fit, so 29 characters stay.
  std::string accents;
  for (int i = 0; i < 30; ++i) accents += "\xc3\xa9";
  CHECK(unused_name(accents, "_new", none) == accents.substr(0, 58) + "_new");
  auto first_two_taken = [](const std::string& n) { return n == "idx_new" || n == "idx_new2"; };
  CHECK(unused_name("idx", "_new", first_two_taken) == "idx_new3");
}

}  // namespace pgdrift::plan

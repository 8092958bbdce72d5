#include <catch2/catch.hpp>

#include "baseline/baseline_file.h"

using namespace pgdrift;

TEST_CASE("the baseline file is dbmate's format with a refusing down section", "[baseline]") {
  const baseline::BaselineHeader header{"20261122010203", "app@db/prod", 150020, 42, {}, {}};
  const std::string text = baseline::baseline_file_text(header, "CREATE TABLE public.t ();\n");
  CHECK(baseline::is_pgdrift_baseline(text));
  CHECK(text.find("PostgreSQL 15.20, 42 objects") != std::string::npos);
  const auto up = text.find("\n-- migrate:up\n");
  const auto down = text.find("\n-- migrate:down\n");
  REQUIRE(up != std::string::npos);
  REQUIRE(down != std::string::npos);
  CHECK(up < text.find("CREATE TABLE public.t"));
  CHECK(text.find("RESET search_path;") < down);
  CHECK(text.substr(down).find("RAISE EXCEPTION 'baseline 20261122010203 cannot be rolled back'") !=
        std::string::npos);
  CHECK(text.substr(down).find("DROP") == std::string::npos);
  CHECK_FALSE(baseline::is_pgdrift_baseline("-- migrate:up\nSELECT 1;\n"));
}

TEST_CASE("tracking tables and what belongs to them are left out", "[baseline]") {
  model::Catalog catalog;
  auto add = [&](model::ObjectKind kind, const std::string& table, const std::string& name,
                 model::Definition def) {
    model::Object o;
    o.id = model::ObjectId{kind, "public", table, name, ""};
    o.definition = std::move(def);
    catalog.objects.push_back(o);
  };
  add(model::ObjectKind::kTable, "", "schema_migrations", model::TableDef{});
  add(model::ObjectKind::kTable, "", "users", model::TableDef{});
  add(model::ObjectKind::kIndex, "schema_migrations", "schema_migrations_file", model::IndexDef{});
  model::SequenceDef owned;
  owned.owned_by = model::SequenceOwner{"schema_migrations", "id"};
  add(model::ObjectKind::kSequence, "", "schema_migrations_id_seq", owned);
  add(model::ObjectKind::kSequence, "", "users_id_seq", model::SequenceDef{});
  model::normalize(catalog);
  const auto kept = baseline::without_tables(catalog, {{"public", "schema_migrations"}});
  REQUIRE(kept.objects.size() == 2);
  CHECK(kept.objects[0].id.name == "users_id_seq");
  CHECK(kept.objects[1].id.name == "users");
}

TEST_CASE("a baseline's header names the tracking tables it left out", "[baseline]") {
  baseline::BaselineHeader header{"20261122010203", "app@db/prod", 150020, 1, {}, {}};
  header.left_out_tables = {{"public", "schema_migrations"}, {"odd \"schema\".x", "a.b"}};
  const std::string text = baseline::baseline_file_text(header, "SELECT 1;\n");
  CHECK(text.find("-- migration tracking table, left out: \"public\".\"schema_migrations\"\n") !=
        std::string::npos);
  const auto tables = baseline::baseline_left_out_tables(text);
  REQUIRE(tables.size() == 2);
  CHECK(tables[1].schema == "odd \"schema\".x");
  CHECK(tables[1].name == "a.b");
  // Not in the up section, and not in other files.
  CHECK(baseline::baseline_left_out_tables(
            "-- migrate:up\n-- migration tracking table, left out: \"a\".\"b\"\n")
            .empty());
}

TEST_CASE("a baseline too large for a default server's lock table says what it needs",
          "[baseline]") {
  baseline::BaselineHeader header{"20261122010203", "app@db/prod", 150020, 42, {}, {}};
  header.relations = 4'000;  // 64 locks for each of 100 connections hold these
  CHECK(baseline::baseline_file_text(header, "").find("max_locks_per_transaction") ==
        std::string::npos);
  header.relations = 62'000;
  const std::string text = baseline::baseline_file_text(header, "");
  CHECK(text.find("-- It creates about 62000 relations") != std::string::npos);
  // 62,000 and a quarter more, over 100 connections.
  CHECK(text.find("max_locks_per_transaction = 775 with max_connections = 100") !=
        std::string::npos);
  CHECK(text.find("max_locks_per_transaction") < text.find("-- migrate:up"));
}

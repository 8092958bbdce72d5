#include "render/schema_files.h"

#include <catch2/catch.hpp>

using namespace pgdrift;

TEST_CASE("file names keep plain names and encode the rest, never colliding", "[schema-files]") {
  CHECK(render::file_name_component("orders") == "orders");
  CHECK(render::file_name_component("Order_Items-2.v1") == "Order_Items-2.v1");
  CHECK(render::file_name_component("Odd/Name") == "Odd%2FName");
  CHECK(render::file_name_component("..") == "%2E.");  // never the parent folder
  CHECK(render::file_name_component(".hidden") == "%2Ehidden");
  CHECK(render::file_name_component("a b") == "a%20b");
  CHECK(render::file_name_component("%") == "%25");  // so an encoded name is not ambiguous
  CHECK(render::file_name_component("") == "%");
  CHECK(render::file_name_component("\xc3\xa9t\xc3\xa9") == "%C3%A9t%C3%A9");
}

TEST_CASE("only the files init writes are its layout's", "[schema-files]") {
  for (const char* path :
       {"public/tables/orders.sql", "public/schema.sql", "billing/functions/Odd%2FName.sql",
        "extensions/pg_trgm.sql", "default_privileges.sql", "casts/int4 as text.sql"}) {
    INFO(path);
    CHECK(render::is_layout_path(path));
  }
  // What else a repository keeps beside them: never replaced by init --force.
  for (const char* path : {"migrations/20240101_add.sql", "schema.sql", "db/migrations/1_a.sql",
                           "public/tables/orders.txt", "public/tables/nested/x.sql",
                           "public/notes/x.sql", "README.md", "seed.sql"}) {
    INFO(path);
    CHECK_FALSE(render::is_layout_path(path));
  }
}

TEST_CASE("init knows its own files by their first line", "[schema-files]") {
  CHECK(render::starts_like_schema_file("-- table public.orders\nCREATE TABLE ..."));
  CHECK(render::starts_like_schema_file("-- materialized view public.m\n"));
  CHECK_FALSE(render::starts_like_schema_file("--\n-- PostgreSQL database dump\n"));
  CHECK_FALSE(render::starts_like_schema_file("SET statement_timeout = 0;\n"));
  CHECK_FALSE(render::starts_like_schema_file("-- my notes\n"));
}

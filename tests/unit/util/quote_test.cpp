#include <catch2/catch.hpp>

#include "util/quote.h"

using pgdrift::quote_ident;
using pgdrift::quote_literal;

TEST_CASE("quote_ident leaves plain lower-case names bare", "[quote]") {
  CHECK(quote_ident("users") == "users");
  CHECK(quote_ident("_x1") == "_x1");
  // "name" and "text" are unreserved keywords: bare, like quote_ident() does.
  CHECK(quote_ident("name") == "name");
  CHECK(quote_ident("text") == "text");
}

TEST_CASE("quote_ident quotes what PostgreSQL would fold or reject", "[quote]") {
  CHECK(quote_ident("Users") == "\"Users\"");
  CHECK(quote_ident("my table") == "\"my table\"");
  CHECK(quote_ident("1abc") == "\"1abc\"");
  CHECK(quote_ident("a\"b") == "\"a\"\"b\"");
  CHECK(quote_ident("bıgınt") == "\"bıgınt\"");
  CHECK(quote_ident("") == "\"\"");
  // Reserved, column-name and type/function-name keywords.
  CHECK(quote_ident("select") == "\"select\"");
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("integer") == "\"integer\"");
  CHECK(quote_ident("authorization") == "\"authorization\"");
  // Keywords of later majors are quoted on every major.
  CHECK(quote_ident("system_user") == "\"system_user\"");
}

TEST_CASE("qualified_name quotes each part", "[quote]") {
  CHECK(pgdrift::qualified_name("public", "Order") == "public.\"Order\"");
}

TEST_CASE("quote_literal doubles quotes and survives any standard_conforming_strings", "[quote]") {
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("") == "''");
  CHECK(quote_literal("a\\b") == "E'a\\\\b'");
  CHECK(quote_literal("ünï") == "'ünï'");
}

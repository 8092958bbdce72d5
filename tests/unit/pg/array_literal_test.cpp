#include <catch2/catch.hpp>

#include "pg/connection.h"

using pgdrift::pg::text_array_literal;

TEST_CASE("text[] literals quote every element and escape quotes and backslashes", "[pg]") {
  CHECK(text_array_literal({}) == "{}");
  CHECK(text_array_literal({"app", "public"}) == R"({"app","public"})");
  CHECK(text_array_literal({R"(we"ird)", R"(back\slash)", "with,comma", "NULL"}) ==
        R"({"we\"ird","back\\slash","with,comma","NULL"})");
}

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

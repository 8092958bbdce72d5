// Objects that hold credentials: how they render, and which ones a person must complete.
#include <catch2/catch.hpp>

#include "model/catalog.h"
#include "render/sql.h"

using namespace pgdrift;
using model::Object;
using model::ObjectId;
using model::ObjectKind;

namespace {

Object server() {
  Object o;
  o.id = ObjectId{ObjectKind::kForeignServer, "", "", "remote", ""};
  o.definition = model::ForeignServerDef{
      "postgres_fdw", std::nullopt, std::nullopt, {"host=o'brien.example", "user=app"}};
  return o;
}

Object mapping(std::vector<std::string> options) {
  Object o;
  o.id = ObjectId{ObjectKind::kUserMapping, "", "", "PUBLIC", "remote"};
  o.definition = model::UserMappingDef{std::move(options)};
  return o;
}

Object subscription(const std::string& name, std::optional<std::string> conninfo) {
  Object o;
  o.id = ObjectId{ObjectKind::kSubscription, "", "", name, ""};
  o.owner = "postgres";
  o.comment = "from the shop";
  model::SubscriptionDef d{conninfo.value_or(""),
                           {"orders", "Customers"},
                           std::nullopt,
                           {"binary=true", "synchronous_commit=off"},
                           {}};
  if (!conninfo) d.unreadable = {"conninfo"};
  o.definition = d;
  return o;
}

model::Catalog catalog(std::vector<Object> objects) {
  model::Catalog c;
  c.server_version_num = 160000;
  c.objects = std::move(objects);
  model::normalize(c);
  return c;
}

}  // namespace

TEST_CASE("options are quoted: names as identifiers, values as literals", "[render]") {
  const auto sql = render::render_sql(catalog({server(), mapping({"user=me"})}));
  CHECK_THAT(sql, Catch::Contains("CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw "
                                  "OPTIONS (host 'o''brien.example', \"user\" 'app');"));
  CHECK_THAT(sql, Catch::Contains("CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS "
                                  "(\"user\" 'me');"));
}

TEST_CASE("a subscription is created without connecting, with every option", "[render]") {
  const auto sql = render::render_sql(
      catalog({subscription("feed", "password=pgdrift:redacted dbname=shop host=db")}));
  CHECK_THAT(
      sql, Catch::Contains("CREATE SUBSCRIPTION feed CONNECTION 'password=pgdrift:redacted "
                           "dbname=shop host=db' PUBLICATION orders, \"Customers\" WITH (connect = "
                           "false, slot_name = NONE, binary = true, synchronous_commit = 'off');\n"
                           "ALTER SUBSCRIPTION feed OWNER TO postgres;\n"
                           "COMMENT ON SUBSCRIPTION feed IS 'from the shop';\n"));
  CHECK(sql.find("ENABLE") == std::string::npos);
}

TEST_CASE("a connection string nobody could read is written empty with a request", "[render]") {
  const auto sql = render::render_sql(catalog({subscription("hidden", std::nullopt)}));
  CHECK_THAT(sql, Catch::Contains("-- (only a superuser can read it): enter it here.\n"
                                  "CREATE SUBSCRIPTION hidden CONNECTION '' PUBLICATION"));
}

TEST_CASE("the objects whose credentials must be entered again are listed", "[catalog]") {
  const auto c =
      catalog({server(), mapping({"password=pgdrift:redacted", "user=me"}),
               subscription("feed", "password=pgdrift:redacted dbname=shop"),
               subscription("hidden", std::nullopt), subscription("open", "dbname=shop host=db")});
  CHECK(model::objects_with_redacted_credentials(c) ==
        std::vector<std::string>{
            "user mapping for PUBLIC server remote", "subscription feed",
            "subscription hidden (the whole connection string: only a superuser can read it)"});
  // A value that merely contains the placeholder's text is not a redacted one.
  const auto plain = catalog({mapping({"user=pgdrift:redacted-not"})});
  CHECK(model::objects_with_redacted_credentials(plain).empty());
}

// Readers of foreign-data wrappers, foreign servers, user mappings (foreign tables are
// tables: read_relations.cpp) and subscriptions: the kinds that hold connection
// credentials.
#include "catalog/read_context.h"
#include "pg/conninfo.h"

namespace pgdrift::catalog {

using model::Object;
using model::ObjectId;
using model::ObjectKind;

void read_foreign_data_wrappers(ReadContext& ctx) {
  auto rows = ctx.query("foreign_data_wrappers");
  for (int r = 0; r < rows.size(); ++r) {
    Object object = make_object(
        rows, r, ObjectId{ObjectKind::kForeignDataWrapper, "", "", rows.text(r, "name"), ""}, true,
        true);
    object.definition =
        model::ForeignDataWrapperDef{rows.opt(r, "handler"), rows.opt(r, "validator"),
                                     rows.json<std::vector<std::string>>(r, "options")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_foreign_servers(ReadContext& ctx) {
  auto rows = ctx.query("foreign_servers");
  for (int r = 0; r < rows.size(); ++r) {
    Object object =
        make_object(rows, r, ObjectId{ObjectKind::kForeignServer, "", "", rows.text(r, "name"), ""},
                    true, true);
    object.definition = model::ForeignServerDef{rows.text(r, "wrapper"), rows.opt(r, "type"),
                                                rows.opt(r, "version"),
                                                rows.json<std::vector<std::string>>(r, "options")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_user_mappings(ReadContext& ctx) {
  auto rows = ctx.query("user_mappings");
  for (int r = 0; r < rows.size(); ++r) {
    Object object;
    object.id =
        ObjectId{ObjectKind::kUserMapping, "", "", rows.text(r, "name"), rows.text(r, "server")};
    object.definition = model::UserMappingDef{rows.json<std::vector<std::string>>(r, "options")};
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

void read_subscriptions(ReadContext& ctx) {
  auto rows = ctx.query("subscriptions");
  for (int r = 0; r < rows.size(); ++r) {
    Object object =
        make_object(rows, r, ObjectId{ObjectKind::kSubscription, "", "", rows.text(r, "name"), ""},
                    true, false);
    model::SubscriptionDef d;
    // The password never goes further than this: libpq's parser rewrites the string
    // with a placeholder in its place.
    if (const auto conninfo = rows.opt(r, "conninfo")) {
      d.conninfo = pg::conninfo_without_credentials(*conninfo, model::kRedactedCredential);
    }
    d.publications = rows.json<std::vector<std::string>>(r, "publications");
    d.slot_name = rows.opt(r, "slot_name");
    d.options = rows.json<std::vector<std::string>>(r, "options");
    d.unreadable = rows.json<std::vector<std::string>>(r, "unreadable");
    object.definition = std::move(d);
    ctx.add(rows.oid(r, "classid"), rows.oid(r, "oid"), std::move(object));
  }
}

}  // namespace pgdrift::catalog

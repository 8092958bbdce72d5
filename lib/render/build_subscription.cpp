// The entry of a subscription: created as pg_dump creates one, without connecting, so
// replaying a snapshot (or check's shadow) never reaches the publisher. Enabling it and
// creating its replication slot are for a person to do on a real subscriber.
#include "render/builders.h"
#include "util/quote.h"

namespace pgdrift::render {
namespace {

// "name=value" as a WITH option: booleans as they are, any other value as a literal.
std::string subscription_option(const std::string& option) {
  const auto eq = option.find('=');
  const std::string name = option.substr(0, eq);
  const std::string value = eq == std::string::npos ? "" : option.substr(eq + 1);
  return name + " = " + (value == "true" || value == "false" ? value : quote_literal(value));
}

}  // namespace

void build_subscription(BuildContext& ctx, const model::Object& o,
                        const model::SubscriptionDef& d) {
  const std::string target = "SUBSCRIPTION " + quote_ident(o.id.name);
  std::string sql;
  if (!d.readable("conninfo")) {
    sql +=
        "-- The connection string was not readable by the role that took this snapshot\n"
        "-- (only a superuser can read it): enter it here.\n";
  }
  sql += "CREATE " + target + " CONNECTION " + quote_literal(d.conninfo) + " PUBLICATION ";
  for (size_t i = 0; i < d.publications.size(); ++i) {
    sql += (i ? ", " : "") + quote_ident(d.publications[i]);
  }
  sql += " WITH (connect = false, slot_name = " +
         (d.slot_name ? quote_literal(*d.slot_name) : std::string("NONE"));
  for (const auto& option : d.options) sql += ", " + subscription_option(option);
  sql += ");\n";
  sql += owner_statement(target, o.owner);
  sql += comment_statement(target, o.comment);
  ctx.main_entry(o, std::move(sql));
}

}  // namespace pgdrift::render

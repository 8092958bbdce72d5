#include "shadow/temporary_database.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "util/error.h"
#include "util/quote.h"

namespace pgdrift::shadow {
namespace {

std::string random_suffix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string out;
  for (int i = 0; i < 12; ++i) out += "0123456789abcdef"[digit(device)];
  return out;
}

pg::ConnectOptions connect_options(const std::string& url, const std::string& dbname = "") {
  pg::ConnectOptions options;
  options.conninfo = url;
  options.dbname = dbname;
  options.application_name = "pgdrift shadow";
  return options;
}

// A subscription keeps its database from being dropped. The replayed ones never
// connected (created with connect = false): without a slot, DROP SUBSCRIPTION does not try
// to reach the publisher either.
void drop_subscriptions(const std::string& url, pg::Connection& admin, const std::string& dbname) {
  auto rows = admin.exec(
      "SELECT s.subname FROM pg_catalog.pg_subscription s JOIN pg_catalog.pg_database d "
      "ON d.oid = s.subdbid WHERE d.datname = $1 ORDER BY s.subname",
      {dbname});
  if (rows.rows() == 0) return;
  auto conn = pg::Connection::open(connect_options(url, dbname));
  for (int r = 0; r < rows.rows(); ++r) {
    const std::string name = quote_ident(rows.text(r, 0));
    conn.exec("ALTER SUBSCRIPTION " + name + " DISABLE");
    conn.exec("ALTER SUBSCRIPTION " + name + " SET (slot_name = NONE)");
    conn.exec("DROP SUBSCRIPTION " + name);
  }
}

// Drops every database whose name starts with \a prefix: only this run creates those.
void drop_databases(const std::string& url, const std::string& prefix) {
  auto conn = pg::Connection::open(connect_options(url));
  auto rows = conn.exec(
      "SELECT datname FROM pg_catalog.pg_database WHERE starts_with(datname, $1) "
      "ORDER BY datname",
      {prefix});
  for (int r = 0; r < rows.rows(); ++r) {
    drop_subscriptions(url, conn, rows.text(r, 0));
    const std::string name = quote_ident(rows.text(r, 0));
    // An interrupted run's own sessions may still be closing; FORCE (13+) ends them.
    if (conn.server_version() >= 130000) {
      conn.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } else {
      for (int attempt = 0;; ++attempt) {
        try {
          // What FORCE does from 13: a replayed statement still running for a run that
          // was interrupted (the server notices the lost client only when it next
          // speaks to it) would keep the database for as long as it runs.
          conn.exec(
              "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity "
              "WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid()",
              {rows.text(r, 0)});
          conn.exec("DROP DATABASE IF EXISTS " + name);
          break;
        } catch (const Error&) {
          if (attempt == 50) throw;
          usleep(100000);
        }
      }
    }
  }
}

}  // namespace

TemporaryDatabases::TemporaryDatabases(const std::string& url, Log& log) : url_(url) {
  auto conn = pg::Connection::open(connect_options(url_));
  target_ = conn.target();
  server_version_ = conn.server_version();
  prefix_ = "pgdrift_shadow_" + random_suffix() + "_";
  log.info("shadow databases on " + target_ + " are named " + prefix_ + "*");
  guardian_ =
      std::make_unique<Guardian>([url = url_, prefix = prefix_] { drop_databases(url, prefix); });
}

std::string TemporaryDatabases::description() const {
  return "temporary databases on " + target_;
}

void TemporaryDatabases::create_roles(const std::vector<RoleSpec>& roles, Log& log) {
  // Roles are shared by every database of a server: never create them on someone
  // else's server. Say which are missing, since replaying GRANTs to them will fail.
  auto conn = pg::Connection::open(connect_options(url_));
  std::vector<std::string> existing;
  auto rows = conn.exec("SELECT rolname FROM pg_catalog.pg_roles");
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  for (const auto& sql : create_roles_sql(roles, existing)) {
    if (sql.rfind("CREATE ROLE ", 0) == 0) {
      log.warn("the --shadow-url server lacks a role of the live server: " +
               sql.substr(12, sql.find(" NOLOGIN") - 12));
    }
  }
}

void TemporaryDatabases::create_tablespaces(const std::vector<std::string>& names, Log& log) {
  // Tablespaces are shared by the whole server and need a directory on its machine:
  // never create them on someone else's server. Objects placed in a missing one do not
  // replay, so say which.
  auto conn = pg::Connection::open(connect_options(url_));
  auto rows = conn.exec("SELECT spcname FROM pg_catalog.pg_tablespace");
  std::vector<std::string> existing;
  for (int r = 0; r < rows.rows(); ++r) existing.push_back(rows.text(r, 0));
  for (const auto& name : names) {
    if (std::find(existing.begin(), existing.end(), name) == existing.end()) {
      log.warn("the --shadow-url server lacks a tablespace of the live server: " + name);
    }
  }
}

pg::ConnectOptions TemporaryDatabases::create_database(const DatabaseSpec& spec, Log& log) {
  const std::string name = prefix_ + std::to_string(++next_database_);
  auto conn = pg::Connection::open(connect_options(url_));
  try {
    conn.exec("CREATE DATABASE " + quote_ident(name) + " " +
              create_database_options(spec, server_version_));
  } catch (const Error& e) {
    if (e.sqlstate() == "42501") {
      throw Error(ErrorCategory::kQuery, "cannot create a shadow database on " + target_ +
                                             ": the --shadow-url role lacks CREATEDB");
    }
    log.warn("the shadow database cannot use the live database's locale (" + std::string(e.what()) +
             "); using C with encoding " + spec.encoding);
    DatabaseSpec plain;
    plain.encoding = spec.encoding;
    conn.exec("CREATE DATABASE " + quote_ident(name) + " " +
              create_database_options(plain, server_version_));
  }
  for (const auto& grant : database_grants_sql(spec, name)) {
    try {
      conn.exec(grant);
    } catch (const Error& e) {
      log.warn("could not repeat a database grant in the shadow (" + grant + "): " + e.what());
    }
  }
  return connect_options(url_, name);
}

}  // namespace pgdrift::shadow

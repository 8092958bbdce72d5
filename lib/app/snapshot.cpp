#include "app/snapshot.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <type_traits>

#include "app/output_file.h"
#include "catalog/schema_names.h"
#include "model/json.h"
#include "pg/connection.h"
#include "pg/conninfo.h"
#include "render/sql.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {

pg::Connection connect_live(const std::optional<std::string>& url) {
  pg::ConnectOptions connect;
  connect.conninfo = pg::resolve_conninfo(url);
  try {
    return pg::Connection::open(connect);
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kConnection) throw;
    const char* env = std::getenv("DATABASE_URL");
    const std::string where =
        url           ? "check --url"
        : env && *env ? "check DATABASE_URL, or name the database with --url"
                      : "name the database with --url or DATABASE_URL (else libpq's PGHOST, "
                        "PGDATABASE, ... and service files apply)";
    throw Error(ErrorCategory::kConnection, std::string(e.what()) + "; " + where, e.sqlstate());
  }
}

model::Catalog read_live_catalog(const LiveSource& source, Log& log) {
  auto conn = connect_live(source.url);
  pg::begin_read_snapshot(conn, source.session);
  check_named_schemas(conn, source, log);
  return read_session_catalog(conn, source, log);
}

model::Catalog read_database_catalog(const pg::ConnectOptions& where, const LiveSource& source,
                                     Log& log) {
  auto conn = pg::Connection::open(where);
  pg::begin_read_snapshot(conn, source.session);
  return read_session_catalog(conn, source, log);
}

void check_named_schemas(pg::Connection& conn, const LiveSource& source, Log& log) {
  const auto& named = source.filter.schemas;
  const auto missing = catalog::missing_schemas(conn, named);
  if (missing.empty()) return;
  if (missing.size() == named.size() && source.named_schemas_required) {
    throw Error(ErrorCategory::kInput, "no schema named with --schema exists in " + conn.target() +
                                           " (" + fmt::format("{}", fmt::join(missing, ", ")) +
                                           "); check the spelling (names are case-sensitive)");
  }
  for (const auto& name : missing) {
    log.warn("--schema " + name + ": there is no such schema in " + conn.target());
  }
}

namespace {

// Runs \a read (a catalog read on \a conn) with timeouts reported naming their option, and
// warns about what the catalog it gives leaves out.
template <typename Read>
auto read_reported(pg::Connection& conn, const LiveSource& source, Log& log, Read&& read) {
  auto result = [&] {
    try {
      return read();
    } catch (const Error& e) {
      // Timeouts are the production-safety settings doing their job: say which one.
      if (e.sqlstate() == "55P03") {
        throw Error(
            ErrorCategory::kQuery,
            "gave up reading the catalog of " + conn.target() + " after waiting " +
                source.session.lock_timeout +
                " for a lock held by another session (--lock-timeout); retry later or raise it",
            e.sqlstate());
      }
      if (e.sqlstate() == "57014") {
        throw Error(ErrorCategory::kQuery,
                    "a catalog query on " + conn.target() + " ran longer than " +
                        source.session.statement_timeout + " (--statement-timeout); raise it",
                    e.sqlstate());
      }
      throw e.with_context("reading the catalog of " + conn.target());
    }
  }();
  const model::Catalog& catalog = [&]() -> const model::Catalog& {
    if constexpr (std::is_same_v<decltype(result), model::Catalog>) {
      return result;
    } else {
      return result.catalog;
    }
  }();
  for (const auto& item : catalog.unsupported) {
    log.warn("not modelled yet, left out of the snapshot: " + item.kind + " " + item.name);
  }
  for (const auto& object : model::objects_with_redacted_credentials(catalog)) {
    log.warn("credentials not copied (they read '" + std::string(model::kRedactedCredential) +
             "'): " + object);
  }
  return result;
}

}  // namespace

model::Catalog read_session_catalog(pg::Connection& conn, const LiveSource& source, Log& log) {
  return read_reported(conn, source, log,
                       [&] { return catalog::read_catalog(conn, source.filter, log); });
}

catalog::CatalogAndBase read_session_catalog_with_base(pg::Connection& conn,
                                                       const LiveSource& source,
                                                       std::optional<catalog::ReadSince> since,
                                                       Log& log) {
  return read_reported(conn, source, log, [&] {
    return since ? catalog::read_changes_since(conn, source.filter, std::move(*since), log)
                 : catalog::read_catalog_with_base(conn, source.filter, log);
  });
}

SnapshotOutcome run_snapshot(const SnapshotOptions& options, Log& log) {
  if (options.format != "sql" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use sql or json)");
  }
  model::Catalog catalog;
  if (options.from_json) {
    std::error_code ec;
    const std::string advice =
        "; name the JSON that `pgdrift snapshot --format json` wrote with --from";
    if (std::filesystem::is_directory(*options.from_json, ec)) {
      throw Error(ErrorCategory::kInput,
                  *options.from_json + ": it is a directory, not a snapshot file" + advice);
    }
    if (!std::filesystem::exists(*options.from_json, ec)) {
      throw Error(ErrorCategory::kInput,
                  "there is no snapshot file " + *options.from_json + advice);
    }
    catalog = with_context("reading " + *options.from_json,
                           [&] { return model::catalog_from_json(read_file(*options.from_json)); });
    for (const auto& item : catalog.unsupported) {
      log.warn("not modelled yet, left out of the snapshot: " + item.kind + " " + item.name);
    }
  } else {
    catalog = read_live_catalog(options.source, log);
  }
  SnapshotOutcome outcome;
  outcome.object_count = catalog.objects.size();
  outcome.unsupported_count = catalog.unsupported.size();
  const bool to_stdout = options.output.empty() || options.output == "-";
  if (options.format == "json") {
    std::string text = model::catalog_to_json(catalog);
    if (to_stdout) {
      outcome.stdout_text = std::move(text);
    } else {
      write_named_file(options.output, text, "-o");
    }
  } else if (to_stdout) {
    outcome.stdout_text = render::render_sql(catalog);
  } else {
    // Streamed into the file: at 10,000 tables the script is 13 MB that would otherwise be
    // held next to the catalog at the peak.
    write_named_file(
        options.output, [&](const TextSink& sink) { render::write_sql(catalog, sink); }, "-o");
  }
  return outcome;
}

}  // namespace pgdrift::app

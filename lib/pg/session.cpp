#include "pg/session.h"

#include "util/error.h"

namespace pgdrift::pg {
namespace {

void set_timeout(Connection& conn, const char* setting, const std::string& value,
                 const char* option_name) {
  try {
    conn.exec(std::string("SELECT pg_catalog.set_config('") + setting + "', $1, true)", {value});
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kQuery) throw;
    throw Error(ErrorCategory::kUsage, std::string("invalid ") + option_name + " value \"" + value +
                                           "\" (use a duration such as 500ms, 5s or 1min)");
  }
}

}  // namespace

void begin_read_snapshot(Connection& conn, const SessionOptions& options) {
  const int major = server_major(conn.server_version());
  if (major < kOldestSupportedMajor || major > kNewestSupportedMajor) {
    throw Error(ErrorCategory::kUnsupported, "the server at " + conn.target() +
                                                 " runs PostgreSQL " + std::to_string(major) +
                                                 ", and pgdrift supports PostgreSQL 12 to 18");
  }
  // One snapshot for every catalog query: the reader's queries refer to each other's
  // results (OIDs), and DDL committed between them would otherwise break that.
  conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  set_timeout(conn, "lock_timeout", options.lock_timeout, "--lock-timeout");
  set_timeout(conn, "statement_timeout", options.statement_timeout, "--statement-timeout");
  // Empty search_path: deparsers qualify every name outside pg_catalog. Fixed output
  // styles: deparsed constants (dates, intervals, floats) print the same on every server.
  conn.exec(
      "SELECT pg_catalog.set_config('search_path', '', true), "
      "pg_catalog.set_config('DateStyle', 'ISO, MDY', true), "
      "pg_catalog.set_config('IntervalStyle', 'postgres', true), "
      "pg_catalog.set_config('extra_float_digits', '3', true), "
      "pg_catalog.set_config('TimeZone', 'UTC', true), "
      "pg_catalog.set_config('idle_in_transaction_session_timeout', '0', true)");
}

}  // namespace pgdrift::pg

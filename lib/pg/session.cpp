#include "pg/session.h"

#include "util/error.h"
#include "util/output_styles.h"
#include "util/quote.h"

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

// The settings every reading session shares, after its timeouts.
void apply_read_settings(Connection& conn) {
  // Empty search_path: deparsers qualify every name outside pg_catalog. Fixed output
  // styles: deparsed constants (dates, intervals, floats) print the same on every server.
  // No JIT: the catalog queries' cost estimates on a 10,000-table schema cross
  // jit_above_cost, and compiling them took longer than running them (0.9 s of a
  // 25 ms query, measured with bench/). No parallel workers: each is a new process
  // whose first touch of every shared buffer page it scans is a page fault (a fresh
  // backend's first scan of a 16 MB pg_class took 80 ms against 10 ms for the next), and
  // the reader already runs its queries side by side on its own connections (10,000
  // tables: snapshot 4.4 s with workers, 3.5 s without).
  std::string styles;
  for (const auto& style : kOutputStyles) {
    styles +=
        "pg_catalog.set_config('" + std::string(style.name) + "', '" + style.value + "', true), ";
  }
  conn.exec("SELECT pg_catalog.set_config('search_path', '', true), " + styles +
            "pg_catalog.set_config('idle_in_transaction_session_timeout', '0', true), "
            "pg_catalog.set_config('jit', 'off', true), "
            "pg_catalog.set_config('max_parallel_workers_per_gather', '0', true)");
}

}  // namespace

void require_supported_server(int version_num, const std::string& target) {
  const int major = server_major(version_num);
  if (major < kOldestSupportedMajor || major > kNewestSupportedMajor) {
    throw Error(ErrorCategory::kUnsupported,
                "the server at " + target + " runs PostgreSQL " + std::to_string(major) +
                    ", and pgdrift supports PostgreSQL " + std::to_string(kOldestSupportedMajor) +
                    " to " + std::to_string(kNewestSupportedMajor));
  }
}

void begin_read_snapshot(Connection& conn, const SessionOptions& options) {
  require_supported_server(conn.server_version(), conn.target());
  // One snapshot for every catalog query: the reader's queries refer to each other's
  // results (OIDs), and DDL committed between them would otherwise break that.
  conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  set_timeout(conn, "lock_timeout", options.lock_timeout, "--lock-timeout");
  set_timeout(conn, "statement_timeout", options.statement_timeout, "--statement-timeout");
  apply_read_settings(conn);
}

std::optional<Connection> join_read_snapshot(Connection& conn, std::string& why_not) {
  auto shared = conn.exec(
      "SELECT pg_catalog.pg_export_snapshot(), pg_catalog.current_setting('lock_timeout'), "
      "pg_catalog.current_setting('statement_timeout')");
  try {
    auto another = conn.open_another();
    another.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Must come before any query of the transaction.
    another.exec("SET TRANSACTION SNAPSHOT " + quote_literal(shared.text(0, 0)));
    another.exec(
        "SELECT pg_catalog.set_config('lock_timeout', $1, true), "
        "pg_catalog.set_config('statement_timeout', $2, true)",
        {shared.text(0, 1), shared.text(0, 2)});
    apply_read_settings(another);
    return another;
  } catch (const Error& e) {
    why_not = e.what();
    return std::nullopt;
  }
}

}  // namespace pgdrift::pg

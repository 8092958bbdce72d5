#include "pg/connection.h"

#include <cstdlib>
#include <vector>

#include "pg/conninfo.h"
#include "util/error.h"

namespace pgdrift::pg {
namespace {

// libpq messages end with a newline and may continue with hints on further lines
// ("Is the server running ..."): keep the first line, trimmed.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return redact_password(text);
}

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value ? value : "";
}

}  // namespace

std::string text_array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

int Result::column(const char* name) const {
  const int index = PQfnumber(result_.get(), name);
  if (index < 0) {
    throw Error(ErrorCategory::kInternal, std::string("query result has no column ") + name);
  }
  return index;
}

long long Result::integer(int row, int col) const {
  const std::string value = text(row, col);
  char* end = nullptr;
  const long long n = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0') {
    throw Error(ErrorCategory::kInternal, "expected an integer, got \"" + value + "\"");
  }
  return n;
}

Connection Connection::open(const ConnectOptions& options) {
  validate_conninfo(options.conninfo);
  const std::string timeout = std::to_string(options.connect_timeout_seconds);
  // Settings before "dbname" are defaults: with expand_dbname, whatever the connection
  // string itself says wins over them; settings after it win over the string.
  // A second "dbname" is a plain database name that overrides the first one's.
  std::vector<const char*> keywords, values;
  auto add = [&](const char* keyword, const std::string& value) {
    keywords.push_back(keyword);
    values.push_back(value.c_str());
  };
  if (!options.application_name_wins) add("application_name", options.application_name);
  add("connect_timeout", timeout);
  add("dbname", options.conninfo);
  if (!options.dbname.empty()) add("dbname", options.dbname);
  if (options.application_name_wins) add("application_name", options.application_name);
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* raw = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  std::string target = describe_target(options.conninfo);
  if (!options.dbname.empty()) target = "database " + options.dbname + " (" + target + ")";
  Connection conn(raw, target);
  if (!raw) throw Error(ErrorCategory::kConnection, "out of memory while connecting");
  if (PQstatus(raw) != CONNECTION_OK) {
    throw Error(ErrorCategory::kConnection,
                "cannot connect to " + conn.target_ + ": " + first_line(PQerrorMessage(raw)));
  }
  // Server notices (NOTICE, WARNING) are not pgdrift's output; keep them off stderr.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  return conn;
}

Connection Connection::open_another() const {
  PGconn* raw = conn_.get();
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfo(raw),
                                                                       &PQconninfoFree);
  if (!options) throw Error(ErrorCategory::kConnection, "out of memory while connecting");
  // The server this connection reached, not the list it was chosen from.
  const std::string host = PQhost(raw) ? PQhost(raw) : "";
  const std::string port = PQport(raw) ? PQport(raw) : "";
  const std::string hostaddr = PQhostaddr(raw) ? PQhostaddr(raw) : "";
  std::vector<const char*> keywords, values;
  for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view keyword = o->keyword;
    const char* value = o->val;
    if (keyword == "host") value = host.c_str();
    if (keyword == "port") value = port.c_str();
    if (keyword == "hostaddr") value = hostaddr.c_str();
    keywords.push_back(o->keyword);
    values.push_back(value);
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* another = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/0);
  Connection conn(another, target_);
  if (!another) throw Error(ErrorCategory::kConnection, "out of memory while connecting");
  if (PQstatus(another) != CONNECTION_OK) {
    throw Error(ErrorCategory::kConnection,
                "cannot connect to " + target_ + ": " + first_line(PQerrorMessage(another)));
  }
  PQsetNoticeProcessor(
      another, [](void*, const char*) {}, nullptr);
  return conn;
}

Result Connection::exec(const std::string& sql,
                        const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  Result result(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0));
  const PGresult* raw = result.raw();
  const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return result;
  throw_failure(raw);
}

void Connection::run_script(const std::string& script, int* error_position) {
  if (error_position) *error_position = 0;
  if (!PQsendQuery(conn_.get(), script.c_str())) throw_failure(nullptr);
  // Every statement of the script gives a result; the first failure ends the script.
  std::optional<Result> failure;
  while (PGresult* raw = PQgetResult(conn_.get())) {
    Result result(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_COPY_IN) {
      // Nobody can feed COPY FROM STDIN here (neither can dbmate): end it as an error.
      PQputCopyEnd(conn_.get(), "COPY FROM STDIN cannot be run by pgdrift");
    } else if (status == PGRES_COPY_OUT) {
      char* buffer = nullptr;
      while (PQgetCopyData(conn_.get(), &buffer, 0) > 0) PQfreemem(buffer);
    } else if (status == PGRES_FATAL_ERROR && !failure) {
      failure.emplace(std::move(result));
    }
  }
  if (!failure) {
    if (PQstatus(conn_.get()) == CONNECTION_BAD) throw_failure(nullptr);
    return;
  }
  if (error_position) {
    *error_position = std::atoi(field(failure->raw(), PG_DIAG_STATEMENT_POSITION).c_str());
  }
  throw_failure(failure->raw());
}

Connection::Identity Connection::identity() const {
  auto text = [](const char* value) { return std::string(value ? value : ""); };
  PGconn* raw = conn_.get();
  return {text(PQhost(raw)), text(PQport(raw)), text(PQdb(raw)), text(PQuser(raw))};
}

void Connection::throw_failure(const PGresult* raw) {
  // A lost connection is a connection problem whatever statement was running.
  if (PQstatus(conn_.get()) == CONNECTION_BAD || !raw) {
    throw Error(ErrorCategory::kConnection, "lost the connection to " + target_ + ": " +
                                                first_line(PQerrorMessage(conn_.get())));
  }
  const std::string sqlstate = field(raw, PG_DIAG_SQLSTATE);
  std::string message = field(raw, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = first_line(PQresultErrorMessage(raw));
  // Class 57 (operator intervention: admin shutdown, terminated backend) and 08
  // (connection exception) mean the session is gone.
  const bool gone = sqlstate.rfind("57P", 0) == 0 || sqlstate.rfind("08", 0) == 0;
  throw Error(gone ? ErrorCategory::kConnection : ErrorCategory::kQuery, redact_password(message),
              sqlstate);
}

}  // namespace pgdrift::pg

#include "pg/conninfo.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>

#include "util/error.h"

namespace pgdrift::pg {
namespace {

bool is_conninfo_keyword(std::string_view word) {
  using Defaults = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;
  const Defaults defaults(PQconndefaults(), &PQconninfoFree);
  for (auto* o = defaults.get(); o && o->keyword; ++o) {
    if (word == o->keyword) return true;
  }
  return false;
}

using ConninfoOptions = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq's parse errors quote the fragment they stumbled on, and that fragment can be any
// part of the string: a percent-escape inside the password, a key=value pair, the whole
// URL. Everything from the first double quote to the last becomes "…" (a password may hold
// quotes itself, so quote pairs cannot be trusted), unless it is one connection keyword
// (issue 17: `invalid percent-encoded token: "S3cret%zz"`).
std::string without_quoted_fragments(std::string_view message) {
  const size_t first = message.find('"');
  if (first == std::string_view::npos) return std::string(message);
  const size_t last = message.rfind('"');
  const std::string_view quoted =
      last > first ? message.substr(first + 1, last - first - 1) : std::string_view();
  const bool keyword = last > first && is_conninfo_keyword(quoted);
  std::string out(message.substr(0, first));
  out += '"';
  out += keyword ? std::string(quoted) : "…";
  out += '"';
  if (last > first) out += message.substr(last + 1);
  return out;
}

ConninfoOptions parse(const std::string& conninfo, std::string* error) {
  char* err = nullptr;
  ConninfoOptions options(PQconninfoParse(conninfo.c_str(), &err), &PQconninfoFree);
  if (!options && error) {
    const std::string text = err ? err : "out of memory";
    *error = without_quoted_fragments(text.substr(0, text.find('\n')));
  }
  if (err) PQfreemem(err);
  return options;
}

}  // namespace

std::string resolve_conninfo(const std::optional<std::string>& url_flag) {
  if (url_flag) return *url_flag;
  if (const char* env = std::getenv("DATABASE_URL"); env && *env) return env;
  return "";
}

void validate_conninfo(const std::string& conninfo) {
  std::string error;
  if (!parse(conninfo, &error)) {
    throw Error(ErrorCategory::kUsage,
                "malformed connection string: " + error +
                    "; check its quoting and percent-escapes (a literal % in a URL is %25)");
  }
}

std::string named_database_key(const std::string& conninfo) {
  auto options = parse(conninfo, nullptr);
  if (!options) return "";
  std::string host, port, dbname;
  for (auto* o = options.get(); o->keyword; ++o) {
    if (!o->val) continue;
    const std::string key = o->keyword;
    if (key == "host") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : "";
  };
  if (host.empty()) host = env("PGHOST");
  if (port.empty()) port = env("PGPORT");
  if (dbname.empty()) dbname = env("PGDATABASE");
  if (port.empty()) port = "5432";  // libpq's compiled-in default, as PQport reports it
  const bool one_host = host.find(',') == std::string::npos && port.find(',') == std::string::npos;
  if (host.empty() || dbname.empty() || !one_host) return "";
  return host + ":" + port + "/" + dbname;
}

std::string describe_target(const std::string& conninfo) {
  std::string error;
  auto options = parse(conninfo, &error);
  std::string user, host, port, dbname;
  if (options) {
    for (auto* o = options.get(); o->keyword; ++o) {
      if (!o->val) continue;
      const std::string key = o->keyword;
      if (key == "user") user = o->val;
      if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
      if (key == "port") port = o->val;
      if (key == "dbname") dbname = o->val;
    }
  }
  // Fall back to what libpq would use from the environment.
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : "";
  };
  if (user.empty()) user = env("PGUSER");
  if (host.empty()) host = env("PGHOST");
  if (port.empty()) port = env("PGPORT");
  if (dbname.empty()) dbname = env("PGDATABASE");
  std::string out;
  if (!user.empty()) out += user + "@";
  out += host.empty() ? "localhost" : host;
  if (!port.empty()) out += ":" + port;
  if (!dbname.empty()) out += "/" + dbname;
  return out;
}

std::string redact_password(std::string_view text) {
  std::string out(text);
  // URL userinfo: scheme://user:password@host
  for (size_t pos = out.find("://"); pos != std::string::npos; pos = out.find("://", pos + 3)) {
    const size_t start = pos + 3;
    const size_t at = out.find('@', start);
    const size_t stop = out.find_first_of("/? \t\n", start);
    if (at == std::string::npos || (stop != std::string::npos && stop < at)) continue;
    const size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // key=value and URL parameter forms: password=secret
  for (size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    const size_t start = pos + 9;
    size_t stop = start;
    if (stop < out.size() && out[stop] == '\'') {
      stop = out.find('\'', stop + 1);
      stop = stop == std::string::npos ? out.size() : stop + 1;
    } else {
      stop = out.find_first_of("& \t\n", start);
      if (stop == std::string::npos) stop = out.size();
    }
    out.replace(start, stop - start, "***");
  }
  return out;
}

namespace {

// A value in key=value syntax: quoted when it is empty or holds a space, a quote or a
// backslash (inside quotes, those two are escaped with a backslash).
std::string conninfo_value(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \t\n\r\f\v'\\") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string conninfo_without_credentials(const std::string& conninfo,
                                         std::string_view placeholder) {
  const auto options = parse(conninfo, nullptr);
  if (!options) return std::string(placeholder);
  std::string out;
  for (auto* o = options.get(); o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view key = o->keyword;
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=";
    out += (key == "password" || key == "sslpassword") ? conninfo_value(placeholder)
                                                       : conninfo_value(o->val);
  }
  return out;
}

bool conninfo_has_password(const std::string& conninfo) {
  const auto options = parse(conninfo, nullptr);
  if (!options) return false;
  for (auto* o = options.get(); o->keyword; ++o) {
    const std::string_view key = o->keyword;
    if (o->val && *o->val && (key == "password" || key == "sslpassword")) return true;
  }
  return false;
}

}  // namespace pgdrift::pg

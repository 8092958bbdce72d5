#include "app/dotenv.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

bool is_name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (!first && (std::isdigit(static_cast<unsigned char>(c)) || c == '.'));
}

// $NAME and ${NAME} in \a value, from \a known (the file's lines so far), else the
// environment, else "".
std::string expand(const std::string& value, const std::map<std::string, std::string>& known) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '$' || i + 1 == value.size()) {
      out += value[i];
      continue;
    }
    size_t start = i + 1, end = start;
    const bool braced = value[start] == '{';
    if (braced) {
      end = value.find('}', start);
      if (end == std::string::npos) {
        out += value[i];
        continue;
      }
      ++start;
    } else {
      while (end < value.size() && is_name_char(value[end], end == start)) ++end;
      if (end == start) {
        out += value[i];
        continue;
      }
    }
    const std::string name = value.substr(start, end - start);
    if (const auto it = known.find(name); it != known.end()) {
      out += it->second;
    } else if (const char* env = std::getenv(name.c_str())) {
      out += env;
    }
    i = braced ? end : end - 1;
  }
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(const std::string& text, const std::string& path) {
  std::map<std::string, std::string> out;
  std::vector<std::string> lines;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  auto bad = [&](size_t line, const std::string& what) {
    return Error(ErrorCategory::kInput, path + " line " + std::to_string(line + 1) + " " + what +
                                            "; fix it, or run with --no-dotenv to ignore the file");
  };
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string line = trim(lines[n]);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
    size_t k = 0;
    while (k < line.size() && is_name_char(line[k], k == 0)) ++k;
    const std::string key = line.substr(0, k);
    std::string rest = trim(line.substr(k));
    // YAML's `KEY: value` needs the blank: `postgres://...` is not a key.
    const bool yaml = rest.size() >= 1 && rest[0] == ':' &&
                      (rest.size() == 1 || rest[1] == ' ' || rest[1] == '\t');
    if (key.empty() || rest.empty() || (rest[0] != '=' && !yaml)) throw bad(n, "is not KEY=VALUE");
    rest = trim(rest.substr(1));
    std::string value;
    if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) {
      const char quote = rest[0];
      size_t i = 1;
      bool closed = false;
      for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && i + 1 < rest.size()) {
          const char e = rest[++i];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
          continue;
        }
        value += c;
      }
      if (!closed) throw bad(n, "opens a quoted value that it does not close");
      const std::string after = trim(rest.substr(i + 1));
      if (!after.empty() && after[0] != '#') throw bad(n, "has text after its quoted value");
      if (quote == '"') value = expand(value, out);
    } else {
      const auto comment = rest.find(" #");
      value = expand(trim(rest.substr(0, comment)), out);
    }
    out[key] = value;
  }
  return out;
}

void load_dotenv(const std::string& path, bool required) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (!required) return;
    throw Error(ErrorCategory::kInput, "cannot read the environment file " + path +
                                           ": no such file; name another with --env-file");
  }
  for (const auto& [key, value] : parse_dotenv(read_file(path), path)) {
    // The environment beats the file (overwrite = 0).
    ::setenv(key.c_str(), value.c_str(), 0);
  }
}

}  // namespace pgdrift::app

#include "app/targets_file.h"

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <set>

#include "pg/conninfo.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kDefaultsKeys = {"migrations_dir", "migrations_table"};
const std::set<std::string> kTargetKeys = {
    "name", "url", "service", "url_env", "migrations_dir", "migrations_table"};

std::string key_list(const std::set<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// Reads the file's [defaults] and [[target]] tables, one error at a time, each naming
// the file and line.
class TargetsReader {
 public:
  TargetsReader(std::string path, std::string default_migrations_dir)
      : path_(std::move(path)), default_dir_(std::move(default_migrations_dir)) {}

  std::vector<Target> read() {
    const std::string text = read_file(path_);
    toml::table root;
    try {
      root = toml::parse(text, path_);
    } catch (const toml::parse_error& e) {
      fail(static_cast<int>(e.source().begin.line), "not TOML: " + std::string(e.description()));
    }
    const toml::table* defaults = nullptr;
    const toml::array* targets = nullptr;
    for (auto&& [key, node] : root) {
      const int line = line_of(key);
      const std::string name(key.str());
      if (name == "defaults" && node.is_table()) {
        defaults = node.as_table();
      } else if (name == "target" && node.is_array_of_tables()) {
        targets = node.as_array();
      } else {
        fail(line, "unknown key \"" + name +
                       "\" (a targets file has a [defaults] table and [[target]] tables)");
      }
    }
    if (defaults) read_defaults(*defaults);
    if (!targets || targets->empty()) fail(1, "no [[target]] table: name the databases to check");
    std::vector<Target> out;
    std::map<std::string, int> names;
    for (auto&& node : *targets) {
      auto target = read_target(*node.as_table());
      const auto [it, fresh] = names.emplace(target.name, target.line);
      if (!fresh) {
        fail(target.line, "a second target named \"" + target.name + "\" (the first is on line " +
                              std::to_string(it->second) + "): names must differ");
      }
      out.push_back(std::move(target));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(ErrorCategory::kInput,
                path_ + ":" + std::to_string(std::max(line, 1)) + ": " + what);
  }

  static int line_of(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

  // The string value of \a node, or a failure naming \a key.
  std::string string_of(const toml::node& node, const std::string& key, int line) const {
    const auto value = node.value<std::string>();
    if (!node.is_string() || !value) fail(line, key + " must be a string");
    return *value;
  }

  // A folder named in the file is relative to the file's own folder.
  std::string folder(const std::string& dir) const {
    if (dir.empty() || fs::path(dir).is_absolute()) return dir;
    return (fs::path(path_).parent_path() / dir).lexically_normal().string();
  }

  void read_defaults(const toml::table& table) {
    for (auto&& [key, node] : table) {
      const std::string name(key.str());
      const int line = line_of(key);
      if (!kDefaultsKeys.count(name)) {
        fail(line,
             "unknown key \"" + name + "\" in [defaults] (known: " + key_list(kDefaultsKeys) + ")");
      }
      const std::string value = string_of(node, name, line);
      if (name == "migrations_dir") default_dir_ = folder(value);
      if (name == "migrations_table") default_table_ = value;
    }
  }

  Target read_target(const toml::table& table) const {
    Target t;
    t.line = static_cast<int>(table.source().begin.line);
    t.migrations_dir = default_dir_;
    t.migrations_table = default_table_;
    std::vector<std::string> connections;
    for (auto&& [key, node] : table) {
      const std::string name(key.str());
      const int line = line_of(key);
      if (name == "password" || name == "passfile") {
        fail(line,
             "a targets file holds no passwords: name a service (its password in "
             ".pgpass) or url_env, the variable that holds the connection string");
      }
      if (!kTargetKeys.count(name)) {
        fail(line,
             "unknown key \"" + name + "\" in [[target]] (known: " + key_list(kTargetKeys) + ")");
      }
      const std::string value = string_of(node, name, line);
      if (name == "name") {
        t.name = value;
        if (value.empty() || value.front() == '.' ||
            value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                                    "VWXYZ0123456789_.-") != std::string::npos) {
          fail(line,
               "the name \"" + value +
                   "\" is not one pgdrift can use in file names: letters, digits, _ . - only, "
                   "not starting with a dot");
        }
      } else if (name == "url") {
        connections.push_back(name);
        try {
          pg::validate_conninfo(value);
        } catch (const Error& e) {
          fail(line, "url: " + std::string(e.what()));
        }
        if (pg::conninfo_has_password(value)) {
          fail(line,
               "the url holds a password, which a targets file must not: drop it and "
               "keep it in .pgpass, or use service or url_env");
        }
        t.conninfo = value;
      } else if (name == "service") {
        connections.push_back(name);
        // A name, never more of a connection string ("eu1 password=..." would be one).
        if (value.empty() || value.find_first_of(" \t\n'\"\\=") != std::string::npos) {
          fail(line, "service must name a service of pg_service.conf (no spaces, quotes, = or \\)");
        }
        t.conninfo = "service=" + value;
      } else if (name == "url_env") {
        connections.push_back(name);
        if (value.empty()) fail(line, "url_env must name an environment variable");
        t.url_env = value;
      } else if (name == "migrations_dir") {
        t.migrations_dir = folder(value);
      } else if (name == "migrations_table") {
        t.migrations_table = value;
      }
    }
    if (t.name.empty()) fail(t.line, "a [[target]] without a name");
    if (connections.size() != 1) {
      fail(t.line,
           "target \"" + t.name + "\" needs exactly one of url, service or url_env" +
               (connections.empty()
                    ? ""
                    : " (it has " + key_list({connections.begin(), connections.end()}) + ")"));
    }
    return t;
  }

  std::string path_;
  std::string default_dir_;
  std::string default_table_;
};

}  // namespace

std::vector<Target> read_targets_file(const std::string& path,
                                      const std::string& default_migrations_dir) {
  return TargetsReader(path, default_migrations_dir).read();
}

}  // namespace pgdrift::app

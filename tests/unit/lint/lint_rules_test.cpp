// Every lint rule against its fixture in tests/lint_fixtures: <rule>.sql triggers exactly
// that rule, at the line its first line names (`-- expect: RULE LINE`), and nothing else;
// its clean twin <rule>.clean.sql triggers nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "lint/lint_migration.h"

using namespace pgdrift;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// What the live database would tell: users.name is varchar(20), users.checked_col has a
// validated CHECK (checked_col IS NOT NULL).
lint::LintContext fixture_context() {
  lint::LintContext context;
  context.column_type = [](const std::string&, const std::string& table,
                           const std::string& column) -> std::optional<std::string> {
    if (table == "users" && column == "name") return "character varying(20)";
    return std::nullopt;
  };
  context.has_not_null_check = [](const std::string&, const std::string& table,
                                  const std::string& column) {
    return table == "users" && column == "checked_col";
  };
  return context;
}

std::vector<lint::LintFinding> counted(std::vector<lint::LintFinding> findings) {
  std::erase_if(findings, [](const lint::LintFinding& f) { return f.allowed; });
  return findings;
}

std::string describe(const std::vector<lint::LintFinding>& findings) {
  std::ostringstream out;
  for (const auto& f : findings) out << f.rule << " line " << f.line << ": " << f.message << "\n";
  return out.str();
}

}  // namespace

TEST_CASE("each lint rule has a fixture that triggers exactly it, and a clean twin", "[lint]") {
  const std::filesystem::path dir = PGDRIFT_LINT_FIXTURES;
  std::set<std::string> covered;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 4 || name.substr(name.size() - 4) != ".sql") continue;
    const std::string text = read(entry.path());
    const auto findings = counted(lint::lint_migration(name, text, fixture_context()));
    INFO(name << "\n" << describe(findings));
    if (name.find(".clean.sql") != std::string::npos) {
      CHECK(findings.empty());
      continue;
    }
    std::istringstream first_line(text.substr(0, text.find('\n')));
    std::string dashes, expect, rule;
    int line = -1;
    first_line >> dashes >> expect >> rule >> line;
    REQUIRE(expect == "expect:");
    CHECK(name == rule + ".sql");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == rule);
    CHECK(findings[0].line == line);
    covered.insert(rule);
  }
  for (const auto& rule : lint::all_rules()) {
    // The live rules are proven against a real database (tests/integration/gate_test.cpp).
    if (lint::is_live_rule(rule.id)) continue;
    INFO("rule without a fixture: " << rule.id);
    CHECK(covered.count(std::string(rule.id)) == 1);
  }
}

TEST_CASE("--allow and pgdrift:allow comments accept findings, with their reason", "[lint]") {
  const std::string text =
      "-- migrate:up\n-- pgdrift:allow truncate sessions are disposable\n"
      "TRUNCATE public.sessions;\nUPDATE public.users SET tier = 'x';\n-- migrate:down\nSELECT "
      "1;\n";
  auto context = fixture_context();
  context.allowed_rules = {"missing-lock-timeout"};
  const auto findings = lint::lint_migration("m.sql", text, context);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].rule == "truncate");
  CHECK(findings[0].allowed);
  CHECK(findings[0].allow_reason == "sessions are disposable");
  CHECK(findings[1].rule == "missing-lock-timeout");
  CHECK(findings[1].allowed);
  CHECK(findings[2].rule == "update-without-where");
  CHECK_FALSE(findings[2].allowed);
  CHECK(findings[2].message.find("line 4") != std::string::npos);
}

TEST_CASE("a volatile default is judged by the live catalogs when they are known", "[lint]") {
  const std::string text =
      "-- migrate:up\nSET lock_timeout = '1s';\n"
      "ALTER TABLE public.t ADD COLUMN c integer DEFAULT public.next_ticket();\n"
      "-- migrate:down\nALTER TABLE public.t DROP COLUMN c;\n";
  lint::LintContext context;
  CHECK(counted(lint::lint_migration("m.sql", text, context)).empty());  // unknown: not builtin
  context.volatility = [](const std::vector<std::string>& name) -> std::optional<char> {
    if (name.back() == "next_ticket") return 'v';
    return std::nullopt;
  };
  const auto findings = counted(lint::lint_migration("m.sql", text, context));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "add-column-volatile-default");
  // serial columns are filled from a sequence: a rewrite too.
  const auto serial = counted(lint::lint_migration(
      "m.sql",
      "-- migrate:up\nSET lock_timeout = '1s';\nALTER TABLE public.t ADD COLUMN n bigserial;\n"
      "-- migrate:down\nALTER TABLE public.t DROP COLUMN n;\n",
      lint::LintContext{}));
  REQUIRE(serial.size() == 1);
  CHECK(serial[0].rule == "add-column-volatile-default");
}

TEST_CASE("SET NOT NULL after a check validated in an earlier pending file is no hazard",
          "[lint]") {
  const std::string first =
      "-- migrate:up\nSET lock_timeout = '1s';\n"
      "ALTER TABLE public.t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\n"
      "-- migrate:down\nALTER TABLE public.t DROP CONSTRAINT c_nn;\n";
  const std::string second =
      "-- migrate:up\nSET lock_timeout = '1s';\n"
      "ALTER TABLE public.t VALIDATE CONSTRAINT c_nn;\n"
      "ALTER TABLE public.t ALTER COLUMN c SET NOT NULL;\n"
      "-- migrate:down\nALTER TABLE public.t ALTER COLUMN c DROP NOT NULL;\n";
  lint::LintContext context;
  context.memory = std::make_shared<lint::LintMemory>();
  CHECK(counted(lint::lint_migration("1.sql", first, context)).empty());
  CHECK(counted(lint::lint_migration("2.sql", second, context)).empty());
  // Each file on its own: nothing says the column has no NULL.
  const auto alone = counted(lint::lint_migration("2.sql", second, lint::LintContext{}));
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].rule == "set-not-null");
  // A check on something else, or one never validated, does not count.
  lint::LintContext other;
  other.memory = std::make_shared<lint::LintMemory>();
  lint::lint_migration("1.sql",
                       "-- migrate:up\nSET lock_timeout = '1s';\nALTER TABLE public.t ADD "
                       "CONSTRAINT c_nn CHECK (c > 0) NOT VALID;\n-- migrate:down\nSELECT 1;\n",
                       other);
  CHECK(counted(lint::lint_migration("2.sql", second, other)).size() == 1);
}

TEST_CASE("a table created by an earlier pending file has no rows to lock in a later one",
          "[lint]") {
  const std::string first =
      "-- migrate:up\nCREATE TABLE public.orders (id integer PRIMARY KEY, customer integer);\n"
      "-- migrate:down\nDROP TABLE public.orders;\n";
  const std::string second =
      "-- migrate:up\nALTER TABLE public.orders ADD CONSTRAINT orders_customer FOREIGN KEY "
      "(customer) REFERENCES public.customer (id);\nCREATE INDEX orders_customer_idx ON "
      "public.orders (customer);\n-- migrate:down\nDROP INDEX public.orders_customer_idx;\n"
      "ALTER TABLE public.orders DROP CONSTRAINT orders_customer;\n";
  lint::LintContext context;
  context.memory = std::make_shared<lint::LintMemory>();
  CHECK(counted(lint::lint_migration("1.sql", first, context)).empty());
  CHECK(counted(lint::lint_migration("2.sql", second, context)).empty());
  // On its own, the second file alters a table that may hold rows.
  std::set<std::string> alone;
  for (const auto& f : counted(lint::lint_migration("2.sql", second, lint::LintContext{})))
    alone.insert(f.rule);
  CHECK(alone == std::set<std::string>{"constraint-without-not-valid",
                                       "create-index-not-concurrently", "missing-lock-timeout"});
  // Named without its schema, it may be another table (search_path): not counted as new;
  // nor once a later file has dropped it (a table made again may be filled in between).
  const std::string unqualified =
      "-- migrate:up\nSET lock_timeout = '1s';\nCREATE INDEX o_idx ON orders (customer);\n"
      "-- migrate:down\nDROP INDEX public.o_idx;\n";
  CHECK(counted(lint::lint_migration("3.sql", unqualified, context)).size() == 1);
  lint::lint_migration("4.sql",
                       "-- migrate:up\nDROP TABLE public.orders;\n-- migrate:down\nSELECT 1;\n",
                       context);
  CHECK(counted(lint::lint_migration("5.sql", second, context)).size() == alone.size());
}

TEST_CASE("a function the pending files create is judged by the volatility they give it",
          "[lint]") {
  auto rules = [](const std::string& up, const lint::LintContext& context) {
    std::set<std::string> out;
    const std::string text =
        "-- migrate:up\nSET lock_timeout = '1s';\n" + up + "-- migrate:down\nSELECT 1;\n";
    for (const auto& f : counted(lint::lint_migration("1.sql", text, context))) out.insert(f.rule);
    out.erase("down-does-not-undo");  // the down section is not what this is about
    return out;
  };
  const std::string add = "ALTER TABLE public.t ADD COLUMN c integer DEFAULT public.next_code();\n";
  // Unknown to the live catalog and to the built-in list: not judged volatile.
  CHECK(rules(add, lint::LintContext{}).empty());
  // Created in the same file without a volatility: VOLATILE, as PostgreSQL makes it.
  CHECK(rules("CREATE FUNCTION public.next_code() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n" +
                  add,
              lint::LintContext{}) == std::set<std::string>{"add-column-volatile-default"});
  // Replaced as STABLE in an earlier file: wins over what the live catalog says.
  lint::LintContext live;
  live.volatility = [](const std::vector<std::string>&) { return std::optional<char>('v'); };
  live.memory = std::make_shared<lint::LintMemory>();
  CHECK(rules(add, live) == std::set<std::string>{"add-column-volatile-default"});
  rules(
      "CREATE OR REPLACE FUNCTION public.next_code() RETURNS integer LANGUAGE sql STABLE AS "
      "'SELECT 1';\n",
      live);
  CHECK(rules(add, live).empty());
}

TEST_CASE("lint's judgements are there for a planner: safe widenings, added columns", "[lint]") {
  CHECK(lint::safe_widening("character varying(10)", "character varying(20)"));
  CHECK(lint::safe_widening("character varying(10)", "text"));
  CHECK(lint::safe_widening("numeric(10,2)", "numeric(12,2)"));
  CHECK_FALSE(lint::safe_widening("numeric(10,2)", "numeric(12,3)"));
  CHECK_FALSE(lint::safe_widening("integer", "bigint"));
  const lint::LintContext none;
  CHECK(lint::add_column_rule("made timestamp with time zone DEFAULT clock_timestamp()", none) ==
        "add-column-volatile-default");
  CHECK(lint::add_column_rule("must text NOT NULL", none) == "add-column-not-null-without-default");
  CHECK(lint::add_column_rule("n integer DEFAULT 0 NOT NULL", none).empty());
  CHECK(lint::add_column_rule("id integer GENERATED ALWAYS AS IDENTITY", none) ==
        "add-column-volatile-default");
}

TEST_CASE("malformed migration files give findings, never a crash", "[lint]") {
  const lint::LintContext context;
  auto rules = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& f : lint::lint_migration("m.sql", text, context)) out.push_back(f.rule);
    return out;
  };
  CHECK(rules("") == std::vector<std::string>{"missing-up"});
  CHECK(rules("\n\n   \n") == std::vector<std::string>{"missing-up"});
  CHECK(rules("-- migrate:up") == std::vector<std::string>{"missing-down"});
  CHECK(rules("-- migrate:up\nSELECT 'unterminated;\n-- migrate:down\nSELECT 1;\n") ==
        std::vector<std::string>{"parse-error"});
  CHECK(
      rules(std::string("-- migrate:up\nSELECT 1;\0\nSELECT 2;\n-- migrate:down\nSELECT 1;\n", 49))
          .size() <= 2);
  CHECK(rules("\xff\xfe-- migrate:up\n") == std::vector<std::string>{"invalid-utf8"});
  CHECK(rules("-- migrate:up\nSELECT '\xed\xa0\x80';\n") ==
        std::vector<std::string>{"invalid-utf8"});  // a UTF-16 surrogate
}

TEST_CASE("a 50 MB data migration is linted statement by statement", "[lint][large]") {
  const std::string row =
      "INSERT INTO public.t (id, payload) VALUES (1, '" + std::string(80, 'x') + "');\n";
  std::string text = "-- migrate:up\n";
  text.reserve(50u << 20);
  while (text.size() < (50u << 20)) text += row;
  text += "UPDATE public.t SET payload = 'y';\n-- migrate:down\nSELECT 1;\n";
  const auto findings = lint::lint_migration("big.sql", text, lint::LintContext{});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "update-without-where");
  CHECK(findings[0].line > 400000);
}

TEST_CASE("the statements of a PL/pgSQL DO block are linted where they are written", "[lint]") {
  const std::string text =
      "-- migrate:up\n"
      "SET LOCAL lock_timeout = '5s';\n"
      "DO $guarded$\n"
      "BEGIN\n"
      "IF EXISTS (SELECT FROM pg_catalog.pg_class WHERE relname = 'users')  -- users exists\n"
      "THEN\n"
      "ALTER TABLE public.users DROP COLUMN nickname;\n"
      "EXECUTE $q$ALTER TABLE public.users ALTER COLUMN name TYPE integer USING 0;\n$q$;\n"
      "  EXECUTE 'DROP TABLE public.built_' || 'at_run_time';\n"
      "END IF;\n"
      "END\n"
      "$guarded$;\n"
      "-- migrate:down\n"
      "ALTER TABLE public.users ADD COLUMN nickname text;\n";
  const auto findings = counted(lint::lint_migration("m.sql", text, fixture_context()));
  INFO(describe(findings));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule == "drop-column");
  CHECK(findings[0].line == 7);
  CHECK(findings[1].rule == "alter-column-type");
  CHECK(findings[1].line == 8);
  // A DO block in another language is not PL/pgSQL's to read.
  const auto other = counted(lint::lint_migration(
      "m.sql",
      "-- migrate:up\nDO LANGUAGE plperl $$ BEGIN ALTER TABLE t DROP COLUMN c; END $$;\n"
      "-- migrate:down\n"
      "SELECT 1;\n",
      fixture_context()));
  CHECK(other.empty());
}

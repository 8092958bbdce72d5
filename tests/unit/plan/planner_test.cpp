// The planner's pure parts: step order, ACLs after an owner change, the script's hazard
// lines, and plans between hand-made catalogs (no server: the acceptance cases in
// tests/plan_cases run the statements).
#include <catch2/catch.hpp>

#include "plan/alteration.h"
#include "plan/plan_text.h"
#include "plan/planner.h"
#include "plan/step_graph.h"
#include "util/error.h"

namespace pgdrift::plan {
namespace {

using model::ObjectId;
using model::ObjectKind;

Statement sql(const std::string& text) {
  return statement(ObjectId{ObjectKind::kSchema, "", "", text, ""}, Action::kAlter, text + ";\n");
}

model::Object view(const std::string& name, const std::string& query,
                   std::vector<ObjectId> depends_on = {}) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kView, "public", "", name, ""};
  o.owner = "app";
  o.depends_on = std::move(depends_on);
  model::ViewDef d;
  d.definition = query;
  o.definition = d;
  return o;
}

model::Object table(const std::string& name, const std::vector<std::string>& columns,
                    const std::string& type = "text") {
  model::Object o;
  o.id = ObjectId{ObjectKind::kTable, "public", "", name, ""};
  o.owner = "app";
  model::TableDef d;
  for (const auto& c : columns) {
    model::Column column;
    column.name = c;
    column.type = type;
    d.columns.push_back(column);
  }
  o.definition = d;
  return o;
}

model::Catalog catalog(std::vector<model::Object> objects) {
  model::Catalog c;
  c.server_version_num = 150000;
  c.objects = std::move(objects);
  model::normalize(c);
  return c;
}

Step step(int phase, size_t rank, const std::string& name, std::vector<size_t> after = {}) {
  Step s;
  s.phase = phase;
  s.rank = rank;
  s.label = "step " + name;
  s.statements = {sql(name)};
  s.after = std::move(after);
  return s;
}

}  // namespace

TEST_CASE("steps run in dependency order, drops before changes where they are free", "[plan]") {
  std::vector<Step> steps(3);
  steps[0] = step(1, 0, "a", {2});
  steps[1] = step(0, 5, "b");
  steps[2] = step(1, 1, "c");
  const auto order = order_steps(steps);
  REQUIRE(order.size() == 3);
  CHECK(order[0].sql == "b;\n");  // phase 0 first
  CHECK(order[1].sql == "c;\n");  // a waits for c
  CHECK(order[2].sql == "a;\n");
}

TEST_CASE("a cycle of steps is an error that names each member", "[plan]") {
  std::vector<Step> steps(2);
  steps[0] = step(1, 0, "a", {1});
  steps[1] = step(1, 1, "b", {0});
  CHECK_THROWS_WITH(order_steps(steps), Catch::Contains("step a; step b"));
}

TEST_CASE(
    "steps are cut into transactions: CONCURRENTLY outside one, after what it needs; a "
    "validation in a later transaction than what it validates; a new enum label first",
    "[plan]") {
  std::vector<Step> steps;
  steps.push_back(step(1, 0, "add_column"));
  steps.push_back(step(1, 1, "build_index", {0}));
  steps.back().outside_transaction = true;
  steps.push_back(step(1, 2, "add_key_using_index", {1}));
  steps.push_back(step(1, 3, "add_fk_not_valid"));
  steps.push_back(step(1, 4, "validate_fk"));
  steps.back().after_commit = {3};
  steps.push_back(step(1, 5, "enum_label"));
  steps.back().first_transaction = true;
  steps.push_back(step(1, 6, "drop_index"));
  steps.back().outside_transaction = true;
  std::vector<std::pair<std::string, int>> got;
  for (const auto& s : order_steps(steps)) {
    got.emplace_back(s.sql, s.section);
    CHECK(s.outside_transaction == (s.section % 2 == 0 && s.section > 0));
  }
  const std::vector<std::pair<std::string, int>> expected = {
      {"enum_label;\n", 0},  {"add_column;\n", 1}, {"add_fk_not_valid;\n", 1},
      {"build_index;\n", 2}, {"drop_index;\n", 2}, {"add_key_using_index;\n", 3},
      {"validate_fk;\n", 3}};
  CHECK(got == expected);
  Plan plan;
  plan.statements = order_steps(steps);
  const auto parts = plan_parts(plan);
  // enum label | column + fk | index | drop | key + validation: each CONCURRENTLY alone.
  REQUIRE(parts.size() == 5);
  CHECK(outside_transaction(parts[2]));
  CHECK(outside_transaction(parts[3]));
  CHECK(parts[4].statements.size() == 2);
  const auto runs = plan_runs(plan);
  CHECK(runs[0].rfind("BEGIN;\n", 0) == 0);
  CHECK(runs[2].find("BEGIN") == std::string::npos);
  CHECK(runs[2].find("SET LOCAL") == std::string::npos);
}

TEST_CASE(
    "a late step (the drop of something made again) shares the transaction of what comes "
    "after it, not the first one, so nothing is missing while a CONCURRENTLY step runs",
    "[plan]") {
  // A view over a column that is retyped, on a table whose index is dropped
  // concurrently first: the ALTER waits for both drops, the view's creation for the ALTER.
  std::vector<Step> steps;
  steps.push_back(step(0, 0, "drop_outer_view"));
  steps.back().late = true;
  steps.push_back(step(0, 1, "drop_view", {0}));
  steps.back().late = true;
  steps.push_back(step(0, 2, "drop_index_concurrently"));
  steps.back().outside_transaction = true;
  steps.push_back(step(1, 3, "alter_column_type", {1, 2}));
  steps.push_back(step(1, 4, "create_view", {3, 1}));
  steps.push_back(step(1, 5, "create_outer_view", {4, 0}));
  // A late step that must be committed before its successor: the transaction before it.
  steps.push_back(step(0, 6, "late_before_a_commit"));
  steps.back().late = true;
  steps.push_back(step(1, 7, "after_commit"));
  steps.back().after_commit = {6};
  steps.back().outside_transaction = true;
  std::vector<std::pair<std::string, int>> got;
  for (const auto& s : order_steps(steps)) got.emplace_back(s.sql, s.section);
  const std::vector<std::pair<std::string, int>> expected = {{"late_before_a_commit;\n", 1},
                                                             {"drop_index_concurrently;\n", 2},
                                                             {"after_commit;\n", 2},
                                                             {"drop_outer_view;\n", 3},
                                                             {"drop_view;\n", 3},
                                                             {"alter_column_type;\n", 3},
                                                             {"create_view;\n", 3},
                                                             {"create_outer_view;\n", 3}};
  CHECK(got == expected);
  // Without the flag, the views are dropped in the first transaction, before the index.
  for (auto& s : steps) s.late = false;
  CHECK(order_steps(steps).front().sql == "drop_outer_view;\n");
  CHECK(order_steps(steps).front().section == 1);
}

TEST_CASE("ALTER ... OWNER TO gives the old owner's grants to the new owner", "[plan]") {
  const model::Acl acl = {{"old", "old", "SELECT", false},
                          {"reader", "old", "SELECT", true},
                          {"new", "new", "SELECT", false}};
  const auto after = acl_after_owner_change(acl, "old", "new");
  REQUIRE(after.size() == 2);  // the old owner's item merges into the new owner's
  CHECK(after[0] == model::Grant{"new", "new", "SELECT", false});
  CHECK(after[1] == model::Grant{"reader", "new", "SELECT", true});
}

TEST_CASE("a view chain over a changed view is dropped from the top and created again", "[plan]") {
  const ObjectId base{ObjectKind::kView, "public", "", "base", ""};
  const ObjectId middle{ObjectKind::kView, "public", "", "middle", ""};
  const auto from = catalog({view("base", " SELECT 1 AS one"),
                             view("middle", " SELECT base.one FROM public.base", {base}),
                             view("top", " SELECT middle.one FROM public.middle", {middle})});
  const auto to = catalog({view("base", " SELECT 1 AS one, 2 AS two"),
                           view("middle", " SELECT base.one FROM public.base", {base}),
                           view("top", " SELECT middle.one FROM public.middle", {middle})});
  const Plan plan = plan_migration(from, to);
  std::vector<std::string> order;
  for (const auto& s : plan.statements) {
    order.push_back(std::string(action_name(s.action)) + " " + s.object.name);
  }
  CHECK(order == std::vector<std::string>{"drop top", "drop middle", "drop base", "create base",
                                          "create middle", "create top"});
  for (const auto& s : plan.statements) CHECK(s.sql.find("CASCADE") == std::string::npos);
  CHECK(plan_migration(to, to).empty());
}

TEST_CASE("the script lists each hazard with the line its statement starts on", "[plan]") {
  Plan plan;
  plan.statements.push_back(
      statement(ObjectId{ObjectKind::kTable, "public", "", "t", ""}, Action::kAlter,
                "ALTER TABLE public.t DROP COLUMN c;\n",
                {{"drop-column", "dropping column public.t.c loses its data"}}));
  const std::string text = plan_script(plan, {"a", "b"});
  const auto at = text.find("--   line ");
  REQUIRE(at != std::string::npos);
  const int line = std::stoi(text.substr(at + 10));
  int n = 1;
  size_t start = 0;
  while (n < line) {
    start = text.find('\n', start) + 1;
    ++n;
  }
  CHECK(text.substr(start, text.find('\n', start) - start) ==
        "ALTER TABLE public.t DROP COLUMN c;");
  CHECK(plan_script(Plan{}, {"a", "b"}).find("nothing to do") != std::string::npos);
}

}  // namespace pgdrift::plan

namespace pgdrift::plan {

TEST_CASE(
    "a table or column dropped while one of identical definition appears is named as a "
    "possible rename",
    "[plan]") {
  const auto from = catalog({table("client", {"id", "name"}), table("log", {"at"})});
  const auto to = catalog({table("customer", {"id", "name"}), table("log", {"logged_at"})});
  const Plan plan = plan_migration(from, to);
  CHECK(plan.possible_renames ==
        std::vector<std::string>{"public.client -> customer (--rename public.client=customer)",
                                 "public.log.at -> logged_at (--rename public.log.at=logged_at)"});
  // A column of another type is no rename.
  CHECK(plan_migration(catalog({table("log", {"at"})}),
                       catalog({table("log", {"logged_at"}, "integer")}))
            .possible_renames.empty());
}

}  // namespace pgdrift::plan

namespace pgdrift::plan {
namespace {

model::Object mood(std::vector<std::string> labels) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kType, "public", "", "mood", ""};
  o.owner = "app";
  model::TypeDef d;
  d.type_kind = "enum";
  d.labels = std::move(labels);
  o.definition = d;
  return o;
}

// A range type public.mood over \a subtype: no ALTER changes its subtype.
model::Object mood_range(const std::string& subtype) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kType, "public", "", "mood", ""};
  o.owner = "app";
  model::TypeDef d;
  d.type_kind = "range";
  d.range_subtype = subtype;
  o.definition = d;
  return o;
}

// Tables t1..tn with a column of type public.mood, which is \a type.
std::vector<model::Object> with_moods(size_t n, model::Object type) {
  std::vector<model::Object> objects{std::move(type)};
  for (size_t k = 1; k <= n; ++k) {
    auto t = table("t" + std::to_string(k), {"m"}, "public.mood");
    t.depends_on = {objects.front().id};
    objects.push_back(std::move(t));
  }
  return objects;
}

model::Object unique_key(const std::string& columns) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kConstraint, "public", "t", "t_key", ""};
  model::ConstraintDef d;
  d.constraint_type = "unique";
  d.definition = "UNIQUE (" + columns + ")";
  d.index_name = "t_key";
  o.definition = d;
  return o;
}

}  // namespace

TEST_CASE("a refusal stays one line however many tables it names", "[plan]") {
  const auto from = catalog(with_moods(7, mood_range("integer")));
  const auto to = catalog(with_moods(7, mood_range("bigint")));  // a new type under them
  try {
    plan_migration(from, to);
    FAIL("planned tables dropped and created again");
  } catch (const Error& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.find("tables public.t1, public.t2, public.t3 and 4 more depend on type "
                       "public.mood, which must be dropped and created again") !=
          std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.find("public.t7") == std::string::npos);
  }
}

TEST_CASE("an enum that loses a label is swapped under its tables, which keep their rows",
          "[plan]") {
  const auto from = catalog(with_moods(3, mood({"happy", "sad"})));
  const auto to = catalog(with_moods(3, mood({"happy"})));
  const auto plan = plan_migration(from, to);
  std::string text;
  for (const auto& s : plan.statements) text += s.sql;
  INFO(text);
  const auto at = [&](const std::string& sql) { return text.find(sql); };
  const auto rename = at("ALTER TYPE public.mood RENAME TO mood_pgdrift_old;");
  const auto create = at("CREATE TYPE public.mood AS ENUM");
  const auto drop = at("DROP TYPE public.mood_pgdrift_old;");
  REQUIRE(rename != std::string::npos);
  REQUIRE(create != std::string::npos);
  REQUIRE(drop != std::string::npos);
  CHECK(rename < create);
  for (const std::string t : {"t1", "t2", "t3"}) {
    const auto convert = at("ALTER TABLE public." + t +
                            " ALTER COLUMN m TYPE public.mood USING m::text::public.mood;");
    REQUIRE(convert != std::string::npos);
    CHECK(create < convert);
    CHECK(convert < drop);
  }
  CHECK(text.find("DROP TABLE") == std::string::npos);
  // Back: the label is added again, in place, in one transaction (nothing uses it).
  const auto back = plan_migration(to, from);
  REQUIRE(back.statements.size() == 1);
  CHECK(back.statements.front().sql == "ALTER TYPE public.mood ADD VALUE 'sad';\n");
  CHECK(back.statements.front().section == 1);
}

TEST_CASE("a new label is committed first when a column is converted to its type", "[plan]") {
  // Rows may hold the new label as text: the conversion uses it, though no statement
  // names it.
  const auto from = catalog({mood({"happy"}), table("t1", {"m"}, "text")});
  auto converted = table("t1", {"m"}, "public.mood");
  converted.depends_on = {mood({}).id};
  const auto to = catalog({mood({"happy", "sad"}), converted});
  const auto plan = plan_migration(from, to);
  REQUIRE(plan.statements.size() >= 2);
  CHECK(plan.statements.front().sql == "ALTER TYPE public.mood ADD VALUE 'sad';\n");
  CHECK(plan.statements.front().section == 0);
  CHECK(plan.statements.back().section > 0);
}

TEST_CASE("without concurrent rebuilds a changed unique key is rebuilt in its transaction",
          "[plan]") {
  const auto from = catalog({table("t", {"a", "b"}), unique_key("a")});
  const auto to = catalog({table("t", {"a", "b"}), unique_key("a, b")});
  const auto online = plan_migration(from, to);
  const auto in_place = plan_migration(from, to, PlanOptions{true, false});
  auto concurrently = [](const Plan& plan) {
    return std::any_of(plan.statements.begin(), plan.statements.end(),
                       [](const Statement& s) { return s.outside_transaction; });
  };
  CHECK(concurrently(online));
  CHECK_FALSE(concurrently(in_place));
  CHECK(plan_parts(in_place).size() == 1);
}

}  // namespace pgdrift::plan

namespace pgdrift::plan {

TEST_CASE("a table's access method is changed in place from PostgreSQL 15, a rewrite gate names",
          "[plan]") {
  model::Object before = table("t", {"a"});
  model::Object after = before;
  model::TableDef changed = model::def_as<model::TableDef>(before);
  changed.access_method = "heap2";
  after.definition = changed;
  auto plan_on = [&](int version) {
    model::Catalog from = catalog({before});
    model::Catalog to = catalog({after});
    from.server_version_num = to.server_version_num = version;
    return plan_migration(from, to);
  };
  const Plan plan = plan_on(150000);
  REQUIRE(plan.statements.size() == 1);
  CHECK(plan.statements[0].sql == "ALTER TABLE public.t SET ACCESS METHOD heap2;\n");
  REQUIRE(plan.statements[0].hazards.size() == 1);
  CHECK(plan.statements[0].hazards[0].rule == "rewrite-table");
  // Back to heap, which the catalog leaves unset.
  std::swap(before, after);
  CHECK(plan_on(150000).statements[0].sql == "ALTER TABLE public.t SET ACCESS METHOD heap;\n");
  CHECK_THROWS_WITH(plan_on(140000),
                    Catch::Contains("changing the access method of table public.t"));
}

}  // namespace pgdrift::plan

// What only changes its name is renamed: which pairs qualify, and FROM as the renames
// leave it (the acceptance case tests/plan_cases/names_changed_only runs them on a server).
#include <catch2/catch.hpp>
#include <functional>

#include "plan/name_changes.h"

namespace pgdrift::plan {
namespace {

using model::ObjectId;
using model::ObjectKind;

model::Object index(const std::string& name, const std::string& on = "(x)") {
  model::Object o;
  o.id = ObjectId{ObjectKind::kIndex, "public", "t", name, ""};
  model::IndexDef d;
  d.definition = "CREATE INDEX " + name + " ON public.t USING btree " + on;
  o.definition = d;
  return o;
}

model::Object sequence(const std::string& name, bool owned = true) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kSequence, "public", "", name, ""};
  model::SequenceDef d;
  d.data_type = "bigint";
  if (owned) d.owned_by = model::SequenceOwner{"t", "id"};
  o.definition = d;
  return o;
}

model::Object table(const std::string& id_default) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kTable, "public", "", "t", ""};
  model::TableDef d;
  model::Column id;
  id.name = "id";
  id.type = "bigint";
  id.default_expr = id_default;
  d.columns.push_back(id);
  o.definition = d;
  return o;
}

// A table \a name whose one column, id integer NOT NULL, \a shape then changes.
model::Object table_with_id(const std::string& name,
                            const std::function<void(model::Column&)>& shape) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kTable, "public", "", name, ""};
  model::TableDef d;
  model::Column id;
  id.name = "id";
  id.type = "integer";
  id.not_null = true;
  shape(id);
  d.columns.push_back(id);
  o.definition = d;
  return o;
}

model::Object identity_table(const std::string& name, const std::string& sequence) {
  return table_with_id(name, [&](model::Column& id) {
    model::IdentityDef identity;
    identity.generation = "always";
    identity.sequence = {"public", sequence};
    id.identity = identity;
  });
}

model::Object not_null_table(const std::string& name, std::optional<std::string> constraint_name) {
  return table_with_id(name, [&](model::Column& id) {
    if (!constraint_name) return;
    model::NotNullConstraint constraint;
    constraint.name = *constraint_name;
    id.not_null_constraint = constraint;
  });
}

model::Object view_over(const ObjectId& dependency) {
  model::Object o;
  o.id = ObjectId{ObjectKind::kView, "public", "", "v", ""};
  o.depends_on = {dependency};
  o.definition = model::ViewDef{};
  return o;
}

model::Catalog catalog_of(std::vector<model::Object> objects, int server_version_num = 150000) {
  model::Catalog c;
  c.server_version_num = server_version_num;
  c.objects = std::move(objects);
  model::normalize(c);
  return c;
}

std::vector<std::string> described(const std::vector<NameChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.from + " -> " + c.to);
  return out;
}

}  // namespace

TEST_CASE("an index of the same definition under another name is renamed", "[plan]") {
  const auto from = catalog_of({index("by_x")});
  const auto to = catalog_of({index("t_x_idx")});
  const auto changes = find_name_changes(from, to);
  REQUIRE(described(changes) == std::vector<std::string>{"by_x -> t_x_idx"});
  const auto renamed = with_name_changes(from, changes);
  REQUIRE(renamed.objects.size() == 1);
  CHECK(renamed.objects[0] == to.objects[0]);
  CHECK(name_change_statements(changes)[0].sql == "ALTER INDEX public.by_x RENAME TO t_x_idx;\n");

  // Another definition is no rename; nor is a name FROM still uses for another relation.
  CHECK(find_name_changes(from, catalog_of({index("t_x_idx", "(y)")})).empty());
  CHECK(find_name_changes(catalog_of({index("by_x"), sequence("t_x_idx", false)}), to).empty());
}

TEST_CASE("a column's sequence under another name is renamed and its default follows it",
          "[plan]") {
  const auto from =
      catalog_of({table("nextval('public.\"Old seq\"'::regclass)"), sequence("Old seq")});
  const auto to = catalog_of({table("nextval('public.t_id_seq'::regclass)"), sequence("t_id_seq")});
  const auto changes = find_name_changes(from, to);
  REQUIRE(described(changes) == std::vector<std::string>{"Old seq -> t_id_seq"});
  CHECK(name_change_statements(changes)[0].sql ==
        "ALTER SEQUENCE public.\"Old seq\" RENAME TO t_id_seq;\n");
  const auto renamed = with_name_changes(from, changes);
  CHECK(renamed.objects == to.objects);

  // A sequence of its own starts afresh when it is created: dropped and created, not
  // renamed. Nor is one that a view prints by name.
  CHECK(find_name_changes(catalog_of({sequence("a", false)}), catalog_of({sequence("b", false)}))
            .empty());
  const auto printed = catalog_of({table("nextval('public.a'::regclass)"), sequence("a"),
                                   view_over({ObjectKind::kSequence, "public", "", "a", ""})});
  CHECK(find_name_changes(printed, to).empty());
}

TEST_CASE("an identity's sequence is renamed only to a name no sequence holds yet", "[plan]") {
  const auto from = catalog_of({identity_table("a", "a_id_seq"), identity_table("b", "b_seq")});
  // b's sequence renamed: a's one goes, and only after the renames would its name be free.
  const auto to = catalog_of({identity_table("b", "a_id_seq")});
  CHECK(find_name_changes(from, to).empty());
  const auto changes = find_name_changes(
      from, catalog_of({identity_table("a", "a_id_seq"), identity_table("b", "b_id_seq")}));
  REQUIRE(described(changes) == std::vector<std::string>{"b_seq -> b_id_seq"});
  CHECK(name_change_statements(changes)[0].sql ==
        "ALTER SEQUENCE public.b_seq RENAME TO b_id_seq;\n");
}

TEST_CASE("PostgreSQL 18's NOT NULL constraints follow a renamed table's name", "[plan]") {
  // After `ALTER TABLE client RENAME TO customer`, the constraint keeps its old name,
  // which is no longer the one PostgreSQL chooses (so the reader models it).
  const auto from = catalog_of({not_null_table("customer", "client_id_not_null")}, 180000);
  const auto to = catalog_of({not_null_table("customer", std::nullopt)}, 180000);
  const auto changes = find_name_changes(from, to);
  REQUIRE(described(changes) ==
          std::vector<std::string>{"client_id_not_null -> customer_id_not_null"});
  CHECK(name_change_statements(changes)[0].sql ==
        "ALTER TABLE public.customer RENAME CONSTRAINT client_id_not_null TO "
        "customer_id_not_null;\n");
  CHECK(with_name_changes(from, changes).objects == to.objects);
  // Before 18, NOT NULL is no constraint of its own.
  CHECK(find_name_changes(catalog_of({not_null_table("customer", "client_id_not_null")}),
                          catalog_of({not_null_table("customer", std::nullopt)}))
            .empty());
}

}  // namespace pgdrift::plan

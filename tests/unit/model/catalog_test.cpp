#include <catch2/catch.hpp>

#include "model/catalog.h"

using namespace pgdrift;
using model::ObjectId;
using model::ObjectKind;

TEST_CASE("a catalog counts the relations its replay creates", "[model]") {
  auto object = [](ObjectKind kind, const std::string& name, model::Definition def) {
    model::Object o;
    o.id = ObjectId{kind, "app", kind == ObjectKind::kConstraint ? "t" : "", name, ""};
    o.definition = std::move(def);
    return o;
  };
  model::ConstraintDef key;
  key.constraint_type = "primary_key";
  key.index_name = "t_pkey";
  model::ConstraintDef check;
  check.constraint_type = "check";
  model::Catalog catalog;
  catalog.objects = {
      object(ObjectKind::kTable, "t", model::TableDef{}),  // with TOAST table and index
      object(ObjectKind::kConstraint, "t_pkey", key),      // its index
      object(ObjectKind::kConstraint, "t_check", check),   // no relation
      object(ObjectKind::kIndex, "t_name", model::IndexDef{}),
      object(ObjectKind::kSequence, "s", model::SequenceDef{}),
      object(ObjectKind::kView, "v", model::ViewDef{}),
      object(ObjectKind::kSchema, "app", model::SchemaDef{}),  // no relation
  };
  CHECK(model::relation_count(catalog) == 7);
  // An identity column has a sequence of its own.
  model::TableDef with_identity;
  model::Column id;
  id.name = "id";
  id.identity = model::IdentityDef{};
  with_identity.columns.push_back(id);
  catalog.objects.push_back(object(ObjectKind::kTable, "u", with_identity));
  CHECK(model::relation_count(catalog) == 11);
}

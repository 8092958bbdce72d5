#include "render/object_target.h"

#include "util/quote.h"

namespace pgdrift::render {

using model::ObjectKind;

namespace {

std::string on_table(const model::ObjectId& id) {
  return quote_ident(id.name) + " ON " + qualified_name(id.schema, id.table);
}

std::string qualified_id(const model::ObjectId& id) {
  return qualified_name(id.schema, id.name);
}

}  // namespace

std::string object_target(const model::Object& o) {
  const auto& id = o.id;
  switch (id.kind) {
    case ObjectKind::kSchema:
      return "SCHEMA " + quote_ident(id.name);
    case ObjectKind::kExtension:
      return "EXTENSION " + quote_ident(id.name);
    case ObjectKind::kCollation:
      return "COLLATION " + qualified_id(id);
    case ObjectKind::kType:
      return "TYPE " + qualified_id(id);
    case ObjectKind::kDomain:
      return "DOMAIN " + qualified_id(id);
    case ObjectKind::kFunction: {
      const auto* d = model::def_if<model::FunctionDef>(o);
      const bool procedure = d && d->routine_kind == "procedure";
      return std::string(procedure ? "PROCEDURE " : "FUNCTION ") + qualified_id(id) + "(" +
             id.args + ")";
    }
    case ObjectKind::kAggregate:
      return "AGGREGATE " + qualified_id(id) + "(" + (id.args.empty() ? "*" : id.args) + ")";
    case ObjectKind::kSequence:
      return "SEQUENCE " + qualified_id(id);
    case ObjectKind::kTable: {
      const auto* d = model::def_if<model::TableDef>(o);
      return std::string(d && d->table_kind == "foreign" ? "FOREIGN TABLE " : "TABLE ") +
             qualified_id(id);
    }
    case ObjectKind::kView:
      return "VIEW " + qualified_id(id);
    case ObjectKind::kMaterializedView:
      return "MATERIALIZED VIEW " + qualified_id(id);
    case ObjectKind::kConstraint:
      return "CONSTRAINT " + on_table(id);
    case ObjectKind::kIndex:
      return "INDEX " + qualified_id(id);
    case ObjectKind::kRule:
      return "RULE " + on_table(id);
    case ObjectKind::kTrigger:
      return "TRIGGER " + on_table(id);
    case ObjectKind::kEventTrigger:
      return "EVENT TRIGGER " + quote_ident(id.name);
    case ObjectKind::kPolicy:
      return "POLICY " + on_table(id);
    case ObjectKind::kStatistics:
      return "STATISTICS " + qualified_id(id);
    case ObjectKind::kPublication:
      return "PUBLICATION " + quote_ident(id.name);
    case ObjectKind::kDefaultPrivileges:
      return "";
    case ObjectKind::kOperator:
      return "OPERATOR " + quote_ident(id.schema) + "." + id.name + "(" + id.args + ")";
    case ObjectKind::kOperatorFamily:
      return "OPERATOR FAMILY " + qualified_id(id) + " USING " + quote_ident(id.args);
    case ObjectKind::kOperatorClass:
      return "OPERATOR CLASS " + qualified_id(id) + " USING " + quote_ident(id.args);
    case ObjectKind::kTextSearchParser:
      return "TEXT SEARCH PARSER " + qualified_id(id);
    case ObjectKind::kTextSearchTemplate:
      return "TEXT SEARCH TEMPLATE " + qualified_id(id);
    case ObjectKind::kTextSearchDictionary:
      return "TEXT SEARCH DICTIONARY " + qualified_id(id);
    case ObjectKind::kTextSearchConfiguration:
      return "TEXT SEARCH CONFIGURATION " + qualified_id(id);
    case ObjectKind::kCast:
      return "CAST (" + id.name + " AS " + id.args + ")";
    case ObjectKind::kConversion:
      return "CONVERSION " + qualified_id(id);
    case ObjectKind::kLanguage:
      return "LANGUAGE " + quote_ident(id.name);
    case ObjectKind::kAccessMethod:
      return "ACCESS METHOD " + quote_ident(id.name);
    case ObjectKind::kTransform:
      return "TRANSFORM FOR " + id.name + " LANGUAGE " + quote_ident(id.args);
    case ObjectKind::kForeignDataWrapper:
      return "FOREIGN DATA WRAPPER " + quote_ident(id.name);
    case ObjectKind::kForeignServer:
      return "SERVER " + quote_ident(id.name);
    case ObjectKind::kUserMapping:
      return "USER MAPPING FOR " + (id.name == "PUBLIC" ? id.name : quote_ident(id.name)) +
             " SERVER " + quote_ident(id.args);
    case ObjectKind::kSubscription:
      return "SUBSCRIPTION " + quote_ident(id.name);
    case ObjectKind::kCount:
      break;
  }
  return "";
}

std::string drop_statement(const model::Object& o) {
  const auto& id = o.id;
  switch (id.kind) {
    case ObjectKind::kConstraint:
      return "ALTER TABLE " + qualified_name(id.schema, id.table) + " DROP CONSTRAINT " +
             quote_ident(id.name) + ";\n";
    case ObjectKind::kSubscription: {
      // Detached from its slot first: DROP SUBSCRIPTION would otherwise connect to the
      // publisher to drop the slot there.
      const std::string name = quote_ident(id.name);
      return "ALTER SUBSCRIPTION " + name + " DISABLE;\nALTER SUBSCRIPTION " + name +
             " SET (slot_name = NONE);\nDROP SUBSCRIPTION " + name + ";\n";
    }
    case ObjectKind::kDefaultPrivileges:
    case ObjectKind::kCount:
      return "";
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
    case ObjectKind::kCollation:
    case ObjectKind::kType:
    case ObjectKind::kDomain:
    case ObjectKind::kFunction:
    case ObjectKind::kAggregate:
    case ObjectKind::kSequence:
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
    case ObjectKind::kIndex:
    case ObjectKind::kRule:
    case ObjectKind::kTrigger:
    case ObjectKind::kEventTrigger:
    case ObjectKind::kPolicy:
    case ObjectKind::kStatistics:
    case ObjectKind::kPublication:
    case ObjectKind::kOperator:
    case ObjectKind::kOperatorFamily:
    case ObjectKind::kOperatorClass:
    case ObjectKind::kTextSearchParser:
    case ObjectKind::kTextSearchTemplate:
    case ObjectKind::kTextSearchDictionary:
    case ObjectKind::kTextSearchConfiguration:
    case ObjectKind::kCast:
    case ObjectKind::kConversion:
    case ObjectKind::kLanguage:
    case ObjectKind::kAccessMethod:
    case ObjectKind::kTransform:
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping:
      break;
  }
  return "DROP " + object_target(o) + ";\n";
}

}  // namespace pgdrift::render

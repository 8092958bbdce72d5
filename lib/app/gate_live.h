// app/gate_live.h — what only the live database can tell the gate about pending
// migrations: which live objects depend on what they drop, rename or retype (pg_depend),
// and which sessions are using the tables they lock right now (pg_locks).
#pragma once

#include <string>
#include <vector>

#include "lint/touched_objects.h"
#include "pg/connection.h"
#include "report/gate_report.h"

namespace pgdrift::app {

struct PendingTouches {
  std::string path;  ///< the migration file
  std::vector<lint::TouchedObject> objects;
};

/// Findings of the rules live-dependents and active-sessions, two set-based queries for
/// all pending migrations. Unqualified table names are looked up in public.
std::vector<report::GateItem> live_hazards(pg::Connection& conn,
                                           const std::vector<PendingTouches>& pending);

}  // namespace pgdrift::app

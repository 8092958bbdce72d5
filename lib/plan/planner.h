// plan/planner.h — the migration between two schemas, as ordered statements.
//
// The planner pairs the objects of two catalogs by identity and, for each difference,
// writes the ALTER form where PostgreSQL has one (plan/alteration.h) and otherwise drops
// and creates the object. Whatever depends on an object that is dropped or rebuilt is
// dropped first and created again after, in dependency order, with its owner, grants
// and comments: never CASCADE. What only changes its name is renamed
// (plan/name_changes.h). Creations are the renderer's own entries, so what a plan
// creates reads back exactly as a snapshot of the target would. Pure: no I/O.
// Depends on render/, model/ and lint/ (PostgreSQL's parser, for the online forms); its
// hazards carry gate's rule ids (lint/rules.h) as text.
#pragma once

#include "model/catalog.h"
#include "plan/statement.h"

namespace pgdrift::plan {

/// The statements that turn schema \a from into schema \a to, in the order they must run:
/// drops in reverse dependency order of \a from, creations and changes in dependency
/// order of \a to. Both catalogs must be normalized. Throws Error(kUnsupported) naming
/// every change it cannot plan yet, and Error(kInternal) on a dependency cycle.
Plan plan_migration(const model::Catalog& from, const model::Catalog& to,
                    const PlanOptions& options = {});

/// \a plan with \a statements (renames) run before everything else, in its first
/// transaction.
Plan run_first(std::vector<Statement> statements, Plan plan);

}  // namespace pgdrift::plan

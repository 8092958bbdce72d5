// plan/lint_context.h — what a catalog tells gate's lint rules (lint/lint_migration.h):
// column types, validated NOT NULL checks, function volatility.
//
// gate asks it of the live catalog; the planner of its target catalog, so that a plan
// names exactly the hazards gate will find in its file.
#pragma once

#include "lint/lint_migration.h"
#include "model/catalog.h"

namespace pgdrift::plan {

/// A lint context that answers from \a catalog, which must outlive it.
lint::LintContext catalog_lint_context(const model::Catalog& catalog);

}  // namespace pgdrift::plan

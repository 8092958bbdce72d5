// app/apply.h — the `pgdrift apply` use case: a development database made to match the
// schema files.
//
// Schema-first work on a dev database: the files are loaded in a shadow, the plan from the
// dev database to them is made (plain forms: a dev database has no traffic to spare) and
// proven in the shadow, then run on the dev database, part by part, each transaction
// whole. Statements that destroy data run only when allowed. A database whose migration
// history has applied versions is a tracked one, not a dev database, and is refused.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct ApplyOptions {
  LiveSource source;                                   ///< the dev database
  std::string schema_dir;                              ///< the desired schema, as files
  std::string migrations_table = "schema_migrations";  ///< dbmate's, left alone
  /// Where a baseline may name more tables of the migration tool's, left alone too.
  std::string migrations_dir = "db/migrations";
  bool allow_data_loss = false;  ///< run statements that drop tables or columns
  bool force = false;            ///< apply to a database with applied migrations too
  shadow::ShadowOptions shadow;
};

/// Options with dbmate's table ($DBMATE_MIGRATIONS_TABLE, else schema_migrations).
ApplyOptions default_apply_options();

struct ApplyOutcome {
  /// One line per statement run, e.g. "Drop view public.daily_stats"; empty when the
  /// database already matched.
  std::vector<std::string> applied;
  /// Without allow_data_loss: the statements that would lose data, one line each (their
  /// hazard); nothing was run.
  std::vector<std::string> data_loss;
};

/// What an apply did, for people: a line per statement run ("✓ Drop view ..."), the
/// statements that would lose data, or that there was nothing to do.
std::string apply_report(const ApplyOutcome& outcome, const std::string& schema_dir);

/// Plans, proves and runs. Throws Error(kInput) for a tracked database without force, a
/// file that never loads, a plan that does not prove; Error(kQuery) when a statement fails
/// on the dev database (the transaction it was in is rolled back; parts before it stay).
ApplyOutcome run_apply(const ApplyOptions& options, Log& log);

}  // namespace pgdrift::app

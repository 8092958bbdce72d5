// app/plan.h — the `pgdrift plan FROM TO` use case.
//
// Reads both schemas (a database or a JSON snapshot, as `diff` takes them), plans the
// migration from one to the other (plan/), proves it in a shadow unless told not to
// (app/plan_proof.h), and returns or writes the result.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "shadow/shadow.h"
#include "util/log.h"

namespace pgdrift::app {

struct PlanOptions {
  std::string from;  ///< database URL / connection string, or a JSON snapshot file
  std::string to;
  std::string format = "sql";  ///< sql, dbmate or json
  std::string output;          ///< file to write atomically; "" or "-" for standard output
  /// --format dbmate: the folder and name of the file, <UTC version>_<name>.sql.
  std::string migrations_dir = "db/migrations";
  std::string name = "plan";
  bool verify = true;  ///< prove the plan in a shadow before writing it
  /// Online forms (plan::PlanOptions::online); off with --offline.
  bool online = true;
  /// --rename: "schema.table=new" or "schema.table.column=new" (app/plan_renames.h).
  std::vector<std::string> renames;
  shadow::ShadowOptions shadow;
  pg::SessionOptions session;
  catalog::ReadOptions filter;
};

struct PlanOutcome {
  std::string stdout_text;  ///< the plan when it goes to standard output
  size_t statement_count = 0;
  size_t hazard_count = 0;
  bool proven = false;               ///< applied in a shadow, the result equals TO
  std::vector<std::string> written;  ///< the files written, if any
};

/// Options with dbmate's defaults ($DBMATE_MIGRATIONS_DIR, else ./db/migrations).
PlanOptions default_plan_options();

/// Plans FROM -> TO. Throws Error(kUnsupported) for changes it cannot plan yet (naming
/// them), Error(kInput) when the plan does not prove (naming what still differs); in
/// either case nothing is written.
PlanOutcome run_plan(const PlanOptions& options, Log& log);

}  // namespace pgdrift::app

#include "catalog/change_recorder.h"

#include "catalog/sql_text.h"

namespace pgdrift::catalog {

namespace {

// Event triggers first: they do not fire for DROP EVENT TRIGGER, and then nothing is
// left to fire for the schema's drop.
constexpr const char* kRemove =
    "DROP EVENT TRIGGER IF EXISTS pgdrift_recorder_commands; "
    "DROP EVENT TRIGGER IF EXISTS pgdrift_recorder_drops; "
    "DROP SCHEMA IF EXISTS pgdrift_recorder CASCADE";

}  // namespace

void install_change_recorder(pg::Connection& conn) {
  conn.run_script(kRemove);  // one left behind would only be in the way
  conn.run_script(std::string(sql_text("change_recorder")));
}

std::optional<std::vector<RecordedChange>> take_recorded_changes(pg::Connection& conn) {
  const bool intact =
      conn.exec(
              "SELECT count(*) = 2 AND to_regclass('pgdrift_recorder.changes') IS NOT NULL "
              "FROM pg_catalog.pg_event_trigger WHERE evtname IN ('pgdrift_recorder_commands', "
              "'pgdrift_recorder_drops') AND evtenabled = 'A'")
          .boolean(0, 0);
  std::optional<std::vector<RecordedChange>> out;
  if (intact) {
    const auto rows = conn.exec(
        "SELECT classid, objid, bool_or(reaching) FROM pgdrift_recorder.changes "
        "GROUP BY classid, objid ORDER BY classid, objid");
    out.emplace();
    for (int r = 0; r < rows.rows(); ++r) {
      const auto classid = static_cast<std::uint32_t>(rows.integer(r, 0));
      if (classid == 0) {  // ALTER EXTENSION
        out.reset();
        break;
      }
      out->push_back({classid, static_cast<std::uint32_t>(rows.integer(r, 1)), rows.boolean(r, 2)});
    }
  }
  conn.run_script(kRemove);
  return out;
}

}  // namespace pgdrift::catalog

#include "app/gate.h"

#include <algorithm>
#include <filesystem>

#include "app/gate_live.h"
#include "app/output_file.h"
#include "app/status.h"
#include "lint/lint_migration.h"
#include "lint/touched_objects.h"
#include "pg/conninfo.h"
#include "pg/session.h"
#include "plan/lint_context.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {
GateOptions default_gate_options() {
  GateOptions options;
  options.check = default_check_options();
  options.check.report_dir = "";
  return options;
}

GateOutcome run_gate(const GateOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  for (const auto& rule : options.allow) {
    if (!lint::find_rule(rule)) {
      throw Error(ErrorCategory::kUsage, "--allow " + rule +
                                             " names no lint rule (see `pgdrift "
                                             "gate --help` or docs/lint-rules.md)");
    }
  }
  report::GateSummary summary;

  // 1. Tracking consistency, in its own read-only snapshot.
  StatusOptions status_options;
  status_options.source = options.check.source;
  status_options.migrations_dir = options.check.migrations_dir;
  status_options.migrations_table = options.check.migrations_table;
  status_options.store = options.check.store;
  StatusOutcome status;
  {
    auto conn = connect_live(options.check.source.url);
    pg::begin_read_snapshot(conn, options.check.source.session);
    status = collect_status(conn, status_options, log);
  }
  size_t applied = 0;
  for (const auto& m : status.migrations) {
    if (m.applied) ++applied;
    if (!m.applied && !m.filename.empty()) summary.pending.push_back(m.path);
  }
  summary.tracking_note = std::to_string(applied) + " applied, " +
                          std::to_string(summary.pending.size()) + " pending" +
                          (status.problems.empty() ? ", consistent" : "");
  for (const auto& p : status.problems) {
    summary.items.push_back(
        {"tracking", p.rule, lint::Severity::kError, p.path, 0, p.message, false, ""});
  }

  // 2. Drift, as check (cache included).
  std::shared_ptr<const model::Catalog> live;
  if (!status.tracking_table_exists) {
    summary.drift_note = "not checked: no tracking table yet";
  } else {
    CheckOptions check = options.check;
    check.format = "json";
    CheckOutcome outcome;
    try {
      outcome = run_check(check, log);
    } catch (const Error& e) {
      // A history that does not replay (an applied file edited into something broken, a
      // recorded version without its file) is a finding of the gate, reported with the
      // others; trouble reaching a server still stops it.
      if (e.category() != ErrorCategory::kInput) throw;
      summary.drift_note = "not checked: the history does not replay";
      summary.items.push_back(
          {"drift", "replay-failed", lint::Severity::kError, "", 0, e.what(), false, ""});
    }
    live = outcome.live_catalog;
    if (summary.drift_note.empty()) {
      summary.drift_note =
          outcome.drift ? std::to_string(outcome.finding_count) + " finding(s)" : "clean";
    }
    for (const auto& f : outcome.changes.findings) {
      std::string message = f.kind + " " + f.object + " " + diff::change_name(f.change);
      if (!f.summary.empty()) message += " (" + f.summary + ")";
      for (const auto& field : f.fields) message += "; " + field.field;
      summary.items.push_back(
          {"drift", "drift", lint::Severity::kError, "", 0, message, false, ""});
    }
  }

  // 3. Lint of every pending migration's up section, then what the live database says
  //    about the tables they touch (dependents, sessions using them now).
  // The rules ask the live catalog (column types, validated checks, volatility): read it
  // here when the drift check did not (no tracking table yet, a history that does not
  // replay), rather than assume the worst of every statement.
  if (!live && !summary.pending.empty()) {
    live = std::make_shared<const model::Catalog>(read_live_catalog(options.check.source, log));
  }
  lint::LintContext context = live ? plan::catalog_lint_context(*live) : lint::LintContext{};
  context.memory = std::make_shared<lint::LintMemory>();
  context.allowed_rules = options.allow;
  std::vector<PendingTouches> touches;
  for (const auto& path : summary.pending) {
    const std::string text = with_context(path, [&] { return read_file(path); });
    for (auto& f : lint::lint_migration(path, text, context)) {
      summary.items.push_back(
          {"lint", f.rule, f.severity, f.file, f.line, f.message, f.allowed, f.allow_reason});
    }
    touches.push_back({path, lint::touched_objects(text)});
  }
  if (!touches.empty()) {
    auto conn = connect_live(options.check.source.url);
    pg::begin_read_snapshot(conn, options.check.source.session);
    for (auto& item : live_hazards(conn, touches)) {
      if (std::find(options.allow.begin(), options.allow.end(), item.rule) != options.allow.end()) {
        item.allowed = true;
        item.allow_reason = "--allow " + item.rule;
      }
      summary.items.push_back(std::move(item));
    }
  }

  GateOutcome outcome;
  outcome.passed = summary.passed();
  outcome.output =
      options.format == "json" ? report::gate_json(summary) : report::gate_text(summary);
  if (options.github_annotations) outcome.output += report::github_annotations(summary);
  if (options.junit) write_named_file(*options.junit, report::gate_junit(summary), "--junit");
  outcome.summary = std::move(summary);
  return outcome;
}

}  // namespace pgdrift::app

#include "app/diff.h"

#include <filesystem>
#include <future>

#include "diff/change_set.h"
#include "model/json.h"
#include "pg/conninfo.h"
#include "report/findings_report.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {

model::Catalog load_source(const std::string& source, const pg::SessionOptions& session,
                           const catalog::ReadOptions& filter, Log& log) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(source, ec)) {
    return with_context("reading " + source,
                        [&] { return model::catalog_from_json(read_file(source)); });
  }
  LiveSource live;
  live.url = source;
  live.session = session;
  live.filter = filter;
  return read_live_catalog(live, log);
}

DiffOutcome run_diff(const DiffOptions& options, Log& log) {
  if (options.format != "text" && options.format != "json") {
    throw Error(ErrorCategory::kUsage,
                "unknown --format \"" + options.format + "\" (use text or json)");
  }
  // The two sources are independent: read them at the same time, each on its own
  // connection (on a remote server most of the time is waiting for its answers).
  SynchronizedLog shared_log(log);
  auto before_read = std::async(std::launch::async, [&] {
    return load_source(options.before, options.session, options.filter, shared_log);
  });
  const auto after = load_source(options.after, options.session, options.filter, shared_log);
  const auto before = before_read.get();
  const auto changes = diff::compare(before, after);
  auto label = [](const std::string& source) {
    std::error_code ec;
    return std::filesystem::is_regular_file(source, ec) ? source : pg::describe_target(source);
  };
  report::ReportContext context;
  context.before_label = label(options.before);
  context.after_label = label(options.after);
  DiffOutcome outcome;
  outcome.drift = !changes.empty();
  outcome.output = options.format == "json" ? report::json_report(changes, context)
                                            : report::text_report(changes, context);
  return outcome;
}

}  // namespace pgdrift::app

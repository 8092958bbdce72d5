#include "report/history_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>

#include "report/markup.h"

namespace pgdrift::report {

namespace {

// Seconds since the epoch of an ISO 8601 UTC time as the store writes it
// (2026-12-03T02:00:00.123Z); nullopt for anything else.
std::optional<double> epoch_seconds(const std::string& iso) {
  std::tm tm{};
  double seconds = 0;
  char zone = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &seconds, &zone) != 7 ||
      zone != 'Z') {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + seconds;
}

// 2026-12-03T02:00:00.123Z as "2026-12-03 02:00:00 UTC"; other text as it is.
std::string readable_time(const std::string& iso) {
  if (!epoch_seconds(iso)) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
}

// Where each run sits on the time axis, from 0 to 1: by time when every run has one,
// else evenly by order (oldest left).
std::vector<double> time_positions(const std::vector<PageRun>& runs) {
  std::vector<double> at(runs.size(), 0.5);
  std::vector<std::optional<double>> seconds;
  for (const auto& run : runs) seconds.push_back(epoch_seconds(run.started_at));
  const bool timed = std::all_of(seconds.begin(), seconds.end(), [](auto s) { return s; });
  if (timed && !runs.empty()) {
    const auto [lo, hi] = std::minmax_element(seconds.begin(), seconds.end());
    const double span = **hi - **lo;
    for (size_t i = 0; i < runs.size(); ++i) at[i] = span > 0 ? (*seconds[i] - **lo) / span : 0.5;
  } else if (runs.size() > 1) {
    // Newest first: the last run listed is the oldest.
    for (size_t i = 0; i < runs.size(); ++i)
      at[i] = static_cast<double>(runs.size() - 1 - i) / static_cast<double>(runs.size() - 1);
  }
  return at;
}

// The databases in the order a reader looks for them: by name.
std::vector<std::string> databases_of(const HistoryPage& page) {
  std::set<std::string> names;
  for (const auto& run : page.runs) names.insert(run.database);
  for (const auto& f : page.open) names.insert(f.database);
  return {names.begin(), names.end()};
}

// Colours that stay apart for colour-blind readers (Okabe and Ito's palette).
const char* series_colour(size_t i) {
  static const char* const kColours[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                         "#e69f00", "#56b4e9", "#000000", "#f0e442"};
  return kColours[i % (sizeof kColours / sizeof kColours[0])];
}

std::string run_title(const PageRun& run) {
  std::string title = readable_time(run.started_at) + " · " + run.command + " · " + run.status;
  if (run.status == "trouble") {
    title += ": " + run.reason;
  } else {
    title += fmt::format(", {} finding(s)", run.finding_count);
  }
  return title;
}

constexpr const char* kStyle = R"css(
:root { --clean: #2e7d32; --drift: #b26a00; --trouble: #c62828; --muted: #5f6368; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 24px; color: #202124; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #dadce0; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 13px; }
.status.clean { background: var(--clean); } .status.drift { background: var(--drift); }
.status.trouble { background: var(--trouble); }
.change { font-weight: 600; } .change.added { color: var(--clean); }
.change.removed { color: var(--trouble); } .change.changed { color: var(--drift); }
.finding { border: 1px solid #dadce0; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.seen { color: var(--muted); margin: 0 0 6px; }
pre { background: #f8f9fa; border: 1px solid #eee; padding: 8px; overflow-x: auto; margin: 6px 0; }
pre.diff .add { color: #1b5e20; background: #e6f4ea; display: block; }
pre.diff .del { color: #b71c1c; background: #fce8e6; display: block; }
pre.diff .hunk { color: var(--muted); display: block; }
svg text { font: 12px system-ui, sans-serif; fill: #3c4043; }
.legend span { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
.empty { color: var(--muted); font-style: italic; }
circle.run { stroke: #fff; stroke-width: 1.5; } circle.run.clean { fill: var(--clean); }
circle.run.drift { fill: var(--drift); } circle.run.trouble { fill: var(--trouble); }
)css";

// The oldest and newest run's times under a chart's ends.
std::string time_axis_labels(const HistoryPage& page, const std::vector<double>& at, int left,
                             int right, int y) {
  if (page.runs.empty()) return "";
  const auto [oldest, newest] = std::minmax_element(at.begin(), at.end());
  const auto& first = page.runs[static_cast<size_t>(oldest - at.begin())];
  const auto& last = page.runs[static_cast<size_t>(newest - at.begin())];
  return fmt::format(
      "<text x=\"{}\" y=\"{}\">{}</text>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}"
      "</text>\n",
      left, y, markup_escape(readable_time(first.started_at)), right, y,
      markup_escape(readable_time(last.started_at)));
}

std::string status_badge(const std::string& status) {
  return fmt::format("<span class=\"status {0}\">{0}</span>", markup_escape(status));
}

std::string databases_section(const HistoryPage& page, const std::vector<std::string>& names) {
  std::string out =
      "<section id=\"databases\">\n<h2>Databases</h2>\n<table>\n<tr><th>database</th>"
      "<th>last run</th><th>status</th><th class=\"num\">open findings</th>"
      "<th class=\"num\">clean</th><th class=\"num\">drift</th><th "
      "class=\"num\">trouble</th></tr>\n";
  for (const auto& name : names) {
    std::map<std::string, int> per_status;
    const PageRun* last = nullptr;
    for (const auto& run : page.runs) {
      if (run.database != name) continue;
      ++per_status[run.status];
      if (!last) last = &run;  // newest first
    }
    const auto open = std::count_if(page.open.begin(), page.open.end(),
                                    [&](const PageFinding& f) { return f.database == name; });
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        markup_escape(name), last ? markup_escape(readable_time(last->started_at)) : "",
        last ? status_badge(last->status) : "", open, per_status["clean"], per_status["drift"],
        per_status["trouble"]);
  }
  return out + "</table>\n</section>\n";
}

// One row per database, one dot per run, coloured by status, placed by time.
std::string timeline_section(const HistoryPage& page, const std::vector<std::string>& names,
                             const std::vector<double>& at) {
  constexpr int kLeft = 230, kRight = 20, kWidth = 1050, kRow = 30, kTop = 10;
  const int height = kTop * 2 + kRow * static_cast<int>(std::max<size_t>(names.size(), 1)) + 20;
  std::string out = "<section id=\"timeline\">\n<h2>Timeline</h2>\n";
  out +=
      "<p class=\"legend\"><span><i class=\"swatch\" style=\"background:var(--clean)\"></i>"
      "clean</span><span><i class=\"swatch\" style=\"background:var(--drift)\"></i>drift"
      "</span><span><i class=\"swatch\" style=\"background:var(--trouble)\"></i>trouble"
      "</span></p>\n";
  out += fmt::format(
      "<svg role=\"img\" aria-label=\"runs over time per database\" viewBox=\"0 0 {} {}\" "
      "width=\"100%\">\n",
      kWidth, height);
  const double plot = kWidth - kLeft - kRight;
  for (size_t row = 0; row < names.size(); ++row) {
    const int y = kTop + kRow * static_cast<int>(row) + kRow / 2;
    std::string label = names[row];
    if (label.size() > 30) label = "…" + label.substr(label.size() - 29);
    out += fmt::format("<text x=\"0\" y=\"{}\" dominant-baseline=\"middle\">{}</text>\n", y,
                       markup_escape(label));
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#dadce0\"/>\n",
                       kLeft, kWidth - kRight, y, y);
    for (size_t i = page.runs.size(); i-- > 0;) {  // oldest first, newest on top
      const auto& run = page.runs[i];
      if (run.database != names[row]) continue;
      out += fmt::format(
          "<circle class=\"run {}\" cx=\"{:.1f}\" cy=\"{}\" r=\"6\"><title>{}</title>"
          "</circle>\n",
          run.status == "clean" || run.status == "drift" ? run.status : "trouble",
          kLeft + plot * at[i], y, markup_escape(run_title(run)));
    }
  }
  out += time_axis_labels(page, at, kLeft, kWidth - kRight, height - 6);
  return out + "</svg>\n</section>\n";
}

// Findings per run over time, one line per database (runs in trouble compared nothing).
std::string chart_section(const HistoryPage& page, const std::vector<std::string>& names,
                          const std::vector<double>& at) {
  constexpr int kLeft = 50, kRight = 20, kWidth = 1050, kHeight = 260, kTop = 12, kBottom = 28;
  std::int64_t most = 1;
  for (const auto& run : page.runs) most = std::max(most, run.finding_count);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto y_of = [&](std::int64_t n) {
    return kTop + plot_h - plot_h * static_cast<double>(n) / static_cast<double>(most);
  };
  std::string out = "<section id=\"chart\">\n<h2>Findings over time</h2>\n<p class=\"legend\">";
  for (size_t i = 0; i < names.size(); ++i) {
    out +=
        fmt::format("<span><i class=\"swatch\" style=\"background:{}\"></i><code>{}</code></span>",
                    series_colour(i), markup_escape(names[i]));
  }
  out += "</p>\n";
  out += fmt::format(
      "<svg role=\"img\" aria-label=\"findings per run over time\" viewBox=\"0 0 {} {}\" "
      "width=\"100%\">\n",
      kWidth, kHeight);
  // Grid lines at 0, half and the most findings any run had.
  for (const std::int64_t n : std::set<std::int64_t>{0, most / 2, most}) {
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n",
        kLeft, kWidth - kRight, y_of(n), y_of(n), kLeft - 6, y_of(n), n);
  }
  for (size_t series = 0; series < names.size(); ++series) {
    // A step line: a run's count holds until the next run of its database.
    std::string points;
    double last_y = 0;
    for (size_t i = page.runs.size(); i-- > 0;) {
      const auto& run = page.runs[i];
      if (run.database != names[series] || run.status == "trouble") continue;
      const double x = kLeft + plot_w * at[i], y = y_of(run.finding_count);
      if (!points.empty()) points += fmt::format(" {:.1f},{:.1f}", x, last_y);
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x, y);
      last_y = y;
    }
    if (points.empty()) continue;
    out += fmt::format(
        "<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
        "points=\"{}\"><title>{}</title></polyline>\n",
        series_colour(series), points, markup_escape(names[series]));
  }
  out += time_axis_labels(page, at, kLeft, kWidth - kRight, kHeight - 6);
  return out + "</svg>\n</section>\n";
}

// A unified diff with its lines marked added, removed or hunk header.
std::string diff_block(const std::string& text) {
  std::string out = "<pre class=\"diff\">";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    const char* cls = line.rfind("@@", 0) == 0          ? "hunk"
                      : !line.empty() && line[0] == '+' ? "add"
                      : !line.empty() && line[0] == '-' ? "del"
                                                        : nullptr;
    out += cls ? fmt::format("<span class=\"{}\">{}</span>", cls, markup_escape(line))
               : markup_escape(line) + "\n";
    start = end + 1;
  }
  return out + "</pre>\n";
}

std::string finding_article(const PageFinding& f) {
  std::string out = "<article class=\"finding\">\n";
  out += fmt::format("<h3>{} <code>{}</code> <span class=\"change {}\">{}</span></h3>\n",
                     markup_escape(f.kind), markup_escape(f.object), markup_escape(f.change),
                     markup_escape(f.change));
  out += fmt::format(
      "<p class=\"seen\"><code>{}</code> · first seen <time class=\"first-seen\">{}</time> · "
      "last seen <time class=\"last-seen\">{}</time></p>\n",
      markup_escape(f.database), markup_escape(readable_time(f.first_seen)),
      markup_escape(readable_time(f.last_seen)));
  if (!f.summary.empty()) out += fmt::format("<p><code>{}</code></p>\n", markup_escape(f.summary));
  std::string rows;
  for (const auto& field : f.fields) {
    if (diff::is_long_text_field(field.field)) continue;  // its diff block says more
    rows += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
                        markup_escape(field.field), markup_escape(field.before),
                        markup_escape(field.after));
  }
  if (!rows.empty()) {
    out += "<table class=\"fields\">\n<tr><th>field</th><th>history</th><th>live</th></tr>\n" +
           rows + "</table>\n";
  }
  if (!f.text_diff.empty()) out += diff_block(f.text_diff);
  if (!f.legacy_details.empty()) out += "<pre>" + markup_escape(f.legacy_details) + "</pre>\n";
  if (!f.sql.empty()) {
    out += "<details open><summary>Reproduced by</summary><pre class=\"sql\">" +
           markup_escape(f.sql) + "</pre></details>\n";
  }
  return out + "</article>\n";
}

std::string open_findings_section(const HistoryPage& page) {
  std::string out = fmt::format("<section id=\"open-findings\">\n<h2>Open findings ({})</h2>\n",
                                page.open.size());
  if (page.open.empty())
    out += "<p class=\"empty\">None: every database matches its history.</p>\n";
  for (const auto& f : page.open) out += finding_article(f);
  return out + "</section>\n";
}

std::string resolved_section(const HistoryPage& page) {
  std::string out = "<section id=\"resolved\">\n<h2>Recently resolved</h2>\n";
  if (page.resolved.empty()) return out + "<p class=\"empty\">Nothing yet.</p>\n</section>\n";
  out +=
      "<table>\n<tr><th>finding</th><th>database</th><th>first seen</th><th>resolved</th>"
      "<th>by</th></tr>\n";
  for (const auto& f : page.resolved) {
    out += fmt::format(
        "<tr><td>{} <code>{}</code> <span class=\"change {}\">{}</span></td><td><code>{}</code>"
        "</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        markup_escape(f.kind), markup_escape(f.object), markup_escape(f.change),
        markup_escape(f.change), markup_escape(f.database),
        markup_escape(readable_time(f.first_seen)), markup_escape(readable_time(f.resolved_at)),
        markup_escape(f.resolved_by.empty() ? "no longer seen" : f.resolved_by));
  }
  return out + "</table>\n</section>\n";
}

std::string runs_section(const HistoryPage& page) {
  std::string out =
      fmt::format("<section id=\"runs\">\n<h2>Runs ({}, newest first)</h2>\n", page.runs.size());
  if (page.runs.empty()) return out + "<p class=\"empty\">No runs recorded yet.</p>\n</section>\n";
  out +=
      "<table>\n<tr><th>started</th><th>database</th><th>command</th><th>status</th>"
      "<th>findings</th><th class=\"num\">seconds</th></tr>\n";
  for (const auto& run : page.runs) {
    std::string findings;
    if (run.status == "trouble") {
      findings = markup_escape(run.reason);
    } else {
      findings = std::to_string(run.finding_count);
      std::string kinds;
      for (const auto& [kind, n] : run.counts)
        kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, markup_escape(kind));
      if (!kinds.empty()) findings += " (" + kinds + ")";
    }
    out += fmt::format(
        "<tr class=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{:.1f}</td></tr>\n",
        markup_escape(run.status), markup_escape(readable_time(run.started_at)),
        markup_escape(run.database), markup_escape(run.command), status_badge(run.status), findings,
        static_cast<double>(run.duration_ms) / 1000.0);
  }
  return out + "</table>\n</section>\n";
}

}  // namespace

std::string history_html(const HistoryPage& page) {
  const auto names = databases_of(page);
  const auto at = time_positions(page.runs);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing on the page may reach the network: styles are inline, there is no script.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"pgdrift\">\n"
      "<title>pgdrift: drift history</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>Drift history</h1>\n";
  out += fmt::format(
      "<p class=\"meta\">{} run(s) of {} database(s) · {} open finding(s) · store "
      "<code>{}</code> · made {}</p>\n</header>\n",
      page.runs.size(), names.size(), page.open.size(), markup_escape(page.store),
      markup_escape(readable_time(page.generated_at)));
  out += databases_section(page, names);
  out += timeline_section(page, names, at);
  out += chart_section(page, names, at);
  out += open_findings_section(page);
  out += resolved_section(page);
  out += runs_section(page);
  return out + "</body>\n</html>\n";
}

}  // namespace pgdrift::report

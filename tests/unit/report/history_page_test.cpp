#include "report/history_page.h"
#include "report/markup.h"

#include <catch2/catch.hpp>
#include <regex>

using namespace pgdrift;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

report::HistoryPage two_databases() {
  report::HistoryPage page;
  page.store = "reports/pgdrift.sqlite3";
  page.generated_at = "2026-12-05T08:00:00.000Z";
  // Newest first, as the store lists them.
  page.runs = {
      {"2026-12-04T02:00:00.000Z", "db:5432/shop", "check", "drift", "", 2, 900, {{"column", 2}}},
      {"2026-12-04T02:00:00.000Z",
       "db:5432/app",
       "check",
       "trouble",
       "20260101_a.sql did not replay: syntax error at or near \"<\"",
       0,
       300,
       {}},
      {"2026-12-03T02:00:00.000Z", "db:5432/shop", "check", "clean", "", 0, 800, {}},
      {"2026-12-02T02:00:00.000Z", "db:5432/app", "check", "clean", "", 0, 700, {}},
  };
  report::PageFinding f;
  f.database = "db:5432/shop";
  f.kind = "view";
  f.object = "public.\"<b>odd</b>\"";
  f.change = "changed";
  f.first_seen = "2026-12-04T02:00:00.000Z";
  f.last_seen = "2026-12-04T02:00:00.000Z";
  f.fields = {{"owner", "\"app\"", "\"alice\""}, {"definition", "\"x\"", "\"y\""}};
  f.text_diff = "@@ -1 +1 @@\n- SELECT 1\n+ SELECT 2\n";
  f.sql = "CREATE OR REPLACE VIEW ...";
  page.open = {f};
  return page;
}

}  // namespace

TEST_CASE("markup_escape makes text safe in elements and attributes", "[report][html]") {
  CHECK(report::markup_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(report::markup_escape("plain\nline\ttab") == "plain\nline\ttab");
  CHECK(report::markup_escape("bell\a") == "bell ");  // XML 1.0 has no place for it
}

TEST_CASE("the history page is one document without scripts or requests", "[report][html]") {
  const std::string html = report::history_html(two_databases());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);  // the CSP forbids requests
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("://") == std::string::npos);  // no address of any kind
  // A name with markup in it is text, never markup.
  CHECK(html.find("<b>odd</b>") == std::string::npos);
  CHECK(html.find("&lt;b&gt;odd&lt;/b&gt;") != std::string::npos);
}

TEST_CASE("the history page shows every run, the findings with their diffs", "[report][html]") {
  const std::string html = report::history_html(two_databases());
  // The timeline: one dot per run, coloured by its status; the trouble says why.
  CHECK(count(html, "<circle class=\"run ") == 4);
  CHECK(count(html, "<circle class=\"run clean\"") == 2);
  CHECK(count(html, "<circle class=\"run trouble\"") == 1);
  CHECK(html.find("did not replay: syntax error at or near &quot;&lt;&quot;") != std::string::npos);
  // The chart: one line per database, trouble runs left out (nothing was compared).
  CHECK(count(html, "<polyline class=\"series\"") == 2);
  // The finding: first and last seen, the fields (long texts only as their diff), the diff
  // with its lines marked, and the SQL.
  CHECK(html.find("<time class=\"first-seen\">2026-12-04 02:00:00 UTC</time>") !=
        std::string::npos);
  CHECK(html.find("<td>owner</td><td><code>&quot;app&quot;</code></td>") != std::string::npos);
  CHECK(html.find("<td>definition</td>") == std::string::npos);
  CHECK(html.find("<span class=\"del\">- SELECT 1</span>") != std::string::npos);
  CHECK(html.find("<span class=\"add\">+ SELECT 2</span>") != std::string::npos);
  CHECK(html.find("<span class=\"hunk\">@@ -1 +1 @@</span>") != std::string::npos);
  CHECK(html.find("CREATE OR REPLACE VIEW ...") != std::string::npos);
  CHECK(html.find("Open findings (1)") != std::string::npos);
}

TEST_CASE("runs sit on the timeline by their time", "[report][html]") {
  const std::string html = report::history_html(two_databases());
  // Four runs over two days between the plot's ends (230 and 1030): the oldest at the
  // left end, the newest at the right end, the middle day halfway.
  const std::regex dot("<circle class=\"run [a-z]+\" cx=\"([0-9.]+)\"");
  std::vector<std::string> xs;
  for (std::sregex_iterator it(html.begin(), html.end(), dot), end; it != end; ++it)
    xs.push_back((*it)[1]);
  CHECK(xs == std::vector<std::string>{"230.0", "1030.0", "630.0", "1030.0"});
}

TEST_CASE("an empty store gives a page that says so", "[report][html]") {
  report::HistoryPage page;
  page.store = "s.sqlite3";
  const std::string html = report::history_html(page);
  CHECK(html.find("No runs recorded yet.") != std::string::npos);
  CHECK(html.find("None: every database matches its history.") != std::string::npos);
  CHECK(count(html, "<circle") == 0);
}

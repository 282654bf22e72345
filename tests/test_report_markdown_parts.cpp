#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "report/markdown_parts.h"
#include "support/sample_report.h"

namespace report = scopegate::report;

TEST_SUITE("report.markdown_parts") {
  TEST_CASE("markdown_code: a code span that cannot break the table's cell") {
    CHECK(report::markdown_code("repo") == "`repo`");
    CHECK(report::markdown_code("a|b").find("a|b") == std::string::npos);  // a raw '|' would end the cell
  }

  TEST_CASE("the features table: one row per feature, the missing scope with its label") {
    const std::string table = report::markdown_features_table(scopegate::testing::sample_report());
    CHECK(table.starts_with("| Feature | Provider | Status | Details |\n|---|---|---|---|\n"));
    CHECK(table.find("`export`") != std::string::npos);
    CHECK(table.find("`documents:signed:export` (Documents / Signed / Export)") != std::string::npos);
    CHECK(std::count(table.begin(), table.end(), '\n') == 2 + 3);
  }

  TEST_CASE("markdown_link_page: the page becomes a link where the sentence names it") {
    const std::string page = "https://session.sonar.de/acme/settings/api-keys";
    const std::string linked = report::markdown_link_page("add a at " + page, page);
    CHECK(linked.find("<" + page + ">") != std::string::npos);
    CHECK(report::markdown_link_page("no page here", page) == "no page here");
  }
}

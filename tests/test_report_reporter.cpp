#include <doctest/doctest.h>

#include <string>

#include "report/reporter.h"
#include "support/sample_report.h"

namespace report = scopegate::report;

TEST_SUITE("report.reporter") {
  TEST_CASE("the format table: every format the contract names, found by name, each rendering the sample") {
    CHECK(report::format_names() == std::vector<std::string>{"text", "json", "github", "junit", "markdown", "sarif"});
    for (const std::string& name : report::format_names()) {
      CAPTURE(name);
      const report::FormatInfo* format = report::find_format(name);
      REQUIRE(format != nullptr);
      CHECK_FALSE(format->summary.empty());
      CHECK_FALSE(format->create({})->render(scopegate::testing::sample_report()).empty());
    }
    CHECK(report::find_format("JSON") == nullptr);
    CHECK(report::find_format("yaml") == nullptr);
  }
}

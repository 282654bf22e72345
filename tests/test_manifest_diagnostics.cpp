#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "manifest/diagnostics.h"
#include "support/manifest_loading.h"

using namespace scopegate::manifest;
using scopegate::testing::load;
using scopegate::testing::Loaded;

// FILE:LINE:COL diagnostics and their quoted lines (manifest/diagnostics.cpp).
TEST_SUITE("manifest.diagnostics") {
  TEST_CASE("format: FILE:LINE:COL: error: MESSAGE, the line, and a caret") {
    Diagnostic diagnostic{Severity::kError, {2, 5}, "unknown key 'x'"};
    CHECK(format_diagnostic("m.yaml", diagnostic, "version: 1\nfoo:bar: 1\n") ==
          "m.yaml:2:5: error: unknown key 'x'\n  2 | foo:bar: 1\n    |     ^\n");
    Diagnostic warning{Severity::kWarning, {1, 1}, "careful"};
    CHECK(format_diagnostic("m.yaml", warning, "") == "m.yaml:1:1: warning: careful\n");
    Diagnostic unplaced{Severity::kError, {}, "cannot read"};
    CHECK(format_diagnostic("m.yaml", unplaced, "x") == "m.yaml: error: cannot read\n");
  }

  TEST_CASE("a quoted line cannot pass for a CI workflow command") {
    Diagnostic diagnostic{Severity::kError, {1, 1}, "bad"};
    const std::string out = format_diagnostic("m.yaml", diagnostic, "::error::injected\r\n");
    CHECK(out == "m.yaml:1:1: error: bad\n  1 | ::error::injected\n    | ^\n");
    // Every line, trimmed of leading space as the Actions runner trims it, starts with something else.
    std::size_t start = 0;
    while (start < out.size()) {
      const std::size_t end = out.find('\n', start);
      std::string line = out.substr(start, end - start);
      line.erase(0, line.find_first_not_of(' '));
      CHECK_FALSE(line.starts_with("::"));
      start = end + 1;
    }
  }

  TEST_CASE("location_of_offset counts lines and columns from 1") {
    CHECK(location_of_offset("ab\ncd", 4).line == 2);
    CHECK(location_of_offset("ab\ncd", 4).column == 2);
    CHECK(location_of_offset("ab", 0).column == 1);
  }
}

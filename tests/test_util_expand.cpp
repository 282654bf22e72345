#include <doctest/doctest.h>

#include "support/fakes.h"
#include "util/expand.h"
#include "support/check_strings.h"
#include "util/strings.h"

using namespace scopegate;

TEST_SUITE("util/expand") {
  using scopegate::testing::FakeEnvironment;

  TEST_CASE("expand_variables replaces set variables") {
    const FakeEnvironment env{{"SONAR_INSTANCE", "acme"}, {"HOST", "example.com"}};
    const auto result = util::expand_variables("https://${HOST}/${SONAR_INSTANCE}/api", env);
    CHECK(result.text == "https://example.com/acme/api");
    CHECK(result.undefined.empty());
    CHECK(result.malformed.empty());
  }

  TEST_CASE("text without references is unchanged") {
    const FakeEnvironment env{{"HOME", "/root"}};
    const auto result = util::expand_variables("$HOME and $ and {x} and $ {y}", env);
    CHECK(result.text == "$HOME and $ and {x} and $ {y}");
    CHECK(result.undefined.empty());
    CHECK(result.malformed.empty());
    CHECK(util::expand_variables("", env).text == "");
  }

  TEST_CASE("${VAR:-default} uses the default only when VAR is unset or empty") {
    FakeEnvironment env{{"SET", "value"}, {"EMPTY", ""}};
    SUBCASE("set") {
      const auto result = util::expand_variables("${SET:-fallback}", env);
      CHECK(result.text == "value");
      CHECK(result.undefined.empty());
    }
    SUBCASE("unset") {
      const auto result = util::expand_variables("a/${MISSING:-fallback}/b", env);
      CHECK(result.text == "a/fallback/b");
      CHECK(result.undefined.empty());
    }
    SUBCASE("empty") {
      const auto result = util::expand_variables("${EMPTY:-fallback}", env);
      CHECK(result.text == "fallback");
      CHECK(result.undefined.empty());
    }
    SUBCASE("empty default") {
      const auto result = util::expand_variables("[${MISSING:-}]", env);
      CHECK(result.text == "[]");
      CHECK(result.undefined.empty());
    }
    SUBCASE("default containing punctuation") {
      const auto result = util::expand_variables("${MISSING:-https://x.test:8443/a}", env);
      CHECK(result.text == "https://x.test:8443/a");
    }
  }

  TEST_CASE("unset and empty variables without a default are undefined") {
    const FakeEnvironment env{{"EMPTY", ""}, {"SET", "v"}};
    const auto result = util::expand_variables("${UNSET}-${EMPTY}-${SET}-${UNSET}", env);
    CHECK(result.text == "${UNSET}-${EMPTY}-v-${UNSET}");
    CHECK_STRINGS(result.undefined, {"UNSET", "EMPTY", "UNSET"});
    CHECK(result.malformed.empty());
  }

  TEST_CASE("malformed references are reported and kept verbatim") {
    const FakeEnvironment env{{"A", "x"}};
    SUBCASE("unclosed") {
      const auto result = util::expand_variables("url/${A", env);
      CHECK(result.text == "url/${A");
      CHECK_STRINGS(result.malformed, {"${A"});
      CHECK(result.undefined.empty());
    }
    SUBCASE("bare ${ at the end") {
      const auto result = util::expand_variables("abc${", env);
      CHECK(result.text == "abc${");
      CHECK_STRINGS(result.malformed, {"${"});
    }
    SUBCASE("name starting with a digit") {
      const auto result = util::expand_variables("${1X}/${A}", env);
      CHECK(result.text == "${1X}/x");
      CHECK_STRINGS(result.malformed, {"${1X}"});
    }
    SUBCASE("empty name and bad characters") {
      const auto result = util::expand_variables("${}${A-B}${ A }${A}", env);
      CHECK(result.text == "${}${A-B}${ A }x");
      CHECK_STRINGS(result.malformed, {"${}", "${A-B}", "${ A }"});
      CHECK(result.undefined.empty());
    }
  }

  TEST_CASE("referenced_variables lists names without looking them up") {
    CHECK_STRINGS(util::referenced_variables("${A}/${B_2:-x}/${A}/$C/${1bad}/${_u}"),
                  {"A", "B_2", "A", "_u"});
    CHECK(util::referenced_variables("no refs").empty());
    CHECK(util::referenced_variables("${unclosed").empty());
  }

  TEST_CASE("malformed_references lists only the bad ones") {
    CHECK_STRINGS(util::malformed_references("${GOOD} ${1X} ${} ${tail"), {"${1X}", "${}", "${tail"});
    CHECK(util::malformed_references("${GOOD:-x} $PLAIN").empty());
  }
}

#include <doctest/doctest.h>

#include <cstdlib>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <string>
#include <vector>

#include "support/fakes.h"
#include "util/duration.h"
#include "util/edit_distance.h"
#include "util/expand.h"
#include "util/file_system.h"
#include "util/json_stream.h"
#include "util/redactor.h"
#include "util/strings.h"
#include "util/time.h"
#include "support/check_strings.h"

using namespace scopegate;
using namespace std::chrono_literals;

namespace {
using testing::Strings;

std::string show(const std::optional<util::TimePoint>& time) {
  return time ? util::format_timestamp(*time) : std::string("nullopt");
}
}  // namespace

// ---------------------------------------------------------------------------
TEST_SUITE("util/strings") {
  TEST_CASE("trim removes leading and trailing whitespace only") {
    CHECK(util::trim("  \t a b \r\n") == "a b");
    CHECK(util::trim("ab") == "ab");
    CHECK(util::trim("") == "");
    CHECK(util::trim(" \t\n ") == "");
    CHECK(util::trim("\va\f") == "a");
  }

  TEST_CASE("to_lower and iequals are ASCII case-insensitive") {
    CHECK(util::to_lower("X-OAuth-Scopes") == "x-oauth-scopes");
    CHECK(util::iequals("X-OAuth-Scopes", "x-oauth-SCOPES"));
    CHECK_FALSE(util::iequals("abc", "abcd"));
    CHECK_FALSE(util::iequals("abc", "abd"));
    CHECK(util::iequals("", ""));
  }

  TEST_CASE("split_any splits on any separator, trims and drops empty pieces") {
    SUBCASE("comma") { CHECK_STRINGS(util::split_any(" a , b,,c ,", ","), {"a", "b", "c"}); }
    SUBCASE("several separators") {
      CHECK_STRINGS(util::split_any("a;b|c;|d", ";|"), {"a", "b", "c", "d"});
    }
    SUBCASE("empty and separator-only input") {
      CHECK(util::split_any("", ",").empty());
      CHECK(util::split_any(",,,", ",").empty());
      CHECK(util::split_any(" , , ", ",").empty());
    }
    SUBCASE("no separator present") { CHECK_STRINGS(util::split_any(" single ", ","), {"single"}); }
    SUBCASE("inner spaces are kept when space is not a separator") {
      CHECK_STRINGS(util::split_any("a b, c d", ","), {"a b", "c d"});
    }
  }

  TEST_CASE("split_scope_list reads scope lists as people type them") {
    CHECK_STRINGS(util::split_scope_list("a,b c"), {"a", "b", "c"});
    CHECK_STRINGS(util::split_scope_list("repo, read:org"), {"repo", "read:org"});
    CHECK_STRINGS(util::split_scope_list("  a\tb\nc\r\nd,,  e ,"), {"a", "b", "c", "d", "e"});
    CHECK_STRINGS(util::split_scope_list("documents:signed:read"), {"documents:signed:read"});
    CHECK(util::split_scope_list("").empty());
    CHECK(util::split_scope_list(" , \t").empty());
  }

  TEST_CASE("join") {
    CHECK(util::join({}, ", ") == "");
    CHECK(util::join({"a"}, ", ") == "a");
    CHECK(util::join({"a", "b", "c"}, ", ") == "a, b, c");
    CHECK(util::join({"a", "", "c"}, "|") == "a||c");
    CHECK(util::join({"x", "y"}, "") == "xy");
  }

  TEST_CASE("plural and quoted") {
    CHECK(util::plural(0, "feature", "features") == "0 features");
    CHECK(util::plural(1, "feature", "features") == "1 feature");
    CHECK(util::plural(2, "scope", "scopes") == "2 scopes");
    CHECK(util::plural(1, "entry", "entries") == "1 entry");
    CHECK(util::plural(3, "entry", "entries") == "3 entries");
    CHECK(util::quoted("name") == "'name'");
    CHECK(util::quoted("") == "''");
  }

  TEST_CASE("is_valid_utf8 accepts well-formed text") {
    const char* valid[] = {
        "",
        "plain ascii",
        "caf\xC3\xA9",            // U+00E9, 2 bytes
        "\xC2\x80",               // U+0080, smallest 2-byte
        "\xDF\xBF",               // U+07FF, largest 2-byte
        "\xE0\xA0\x80",           // U+0800, smallest 3-byte
        "\xE2\x82\xAC",           // U+20AC euro
        "\xED\x9F\xBF",           // U+D7FF, just below the surrogates
        "\xEE\x80\x80",           // U+E000, just above the surrogates
        "\xEF\xBF\xBF",           // U+FFFF
        "\xF0\x90\x80\x80",       // U+10000, smallest 4-byte
        "\xF0\x9F\x98\x80",       // U+1F600
        "\xF4\x8F\xBF\xBF",       // U+10FFFF, the last code point
    };
    for (const std::string text : valid) {
      CAPTURE(text);
      std::size_t offset = 12345;
      CHECK(util::is_valid_utf8(text, &offset));
      CHECK(offset == 12345);  // untouched on success
    }
    CHECK(util::is_valid_utf8("works without an offset pointer"));
  }

  TEST_CASE("is_valid_utf8 rejects malformed text and reports the first bad byte") {
    struct Case {
      std::string text;
      std::size_t offset;
      const char* what;
    };
    const Case cases[] = {
        {"\x80", 0, "lone continuation byte"},
        {"ab\xBF", 2, "continuation byte after ascii"},
        {"\xC0\x80", 0, "overlong NUL (C0)"},
        {"\xC1\xBF", 0, "overlong 2-byte (C1)"},
        {"ok\xE0\x80\x80", 2, "overlong 3-byte"},
        {"\xE0\x9F\xBF", 0, "overlong 3-byte (U+07FF)"},
        {"\xF0\x80\x80\x80", 0, "overlong 4-byte"},
        {"\xF0\x8F\xBF\xBF", 0, "overlong 4-byte (U+FFFF)"},
        {"\xED\xA0\x80", 0, "high surrogate U+D800"},
        {"x\xED\xBF\xBF", 1, "low surrogate U+DFFF"},
        {"\xF4\x90\x80\x80", 0, "above U+10FFFF"},
        {"\xF5\x80\x80\x80", 0, "F5 lead byte"},
        {"\xFF", 0, "FF byte"},
        {"\xFE", 0, "FE byte"},
        {"abc\xE2\x82", 3, "truncated 3-byte at end"},
        {"\xC3", 0, "truncated 2-byte at end"},
        {"\xF0\x9F\x98", 0, "truncated 4-byte at end"},
        {"\xE2\x82" "A", 0, "3-byte sequence interrupted by ascii"},
        {"\xC3\xA9\xC3(", 2, "second sequence bad after a good one"},
        {std::string("a\0b\xC3", 4), 3, "embedded NUL is fine, truncated tail is not"},
    };
    for (const Case& c : cases) {
      CAPTURE(std::string(c.what));
      std::size_t offset = 999;
      CHECK_FALSE(util::is_valid_utf8(c.text, &offset));
      CHECK(offset == c.offset);
      CHECK_FALSE(util::is_valid_utf8(c.text));
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("util/neutralize") {
  TEST_CASE("line breaks, controls, escape sequences and C1 controls are shown escaped") {
    CHECK(util::neutralize("a\nb\r\nc\td") == "a\\nb\\r\\nc\\td");
    CHECK(util::neutralize("red \x1b[31mtext\x1b[0m") == "red \\x1b[31mtext\\x1b[0m");
    CHECK(util::neutralize(std::string("nul \x00 del \x7f", 11)) == "nul \\x00 del \\x7f");
    CHECK(util::neutralize("c1 \xC2\x85 next") == "c1 \\u{0085} next");
    CHECK(util::neutralize("x\r::error title=Injected::text") == "x\\r::error title=Injected::text");
    CHECK(util::neutralize("hint%0A::warning::x\n::error::y") == "hint%0A::warning::x\\n::error::y");
  }
  TEST_CASE("invisible and reordering characters are shown escaped, ordinary UTF-8 stays") {
    CHECK(util::neutralize("caf\xC3\xA9 \xE2\x9C\x85") == "caf\xC3\xA9 \xE2\x9C\x85");
    CHECK(util::neutralize("abc\xE2\x80\xAE" "evil") == "abc\\u{202e}evil");    // right-to-left override
    CHECK(util::neutralize("a\xE2\x80\x8B" "b") == "a\\u{200b}b");            // zero-width space
    CHECK(util::neutralize("a\xE2\x80\xA8" "b") == "a\\u{2028}b");            // line separator
    CHECK(util::neutralize("\xEF\xBB\xBF" "bom") == "\\u{feff}bom");
  }
  TEST_CASE("bytes that are not UTF-8 are shown by value, so JSON and XML stay valid") {
    CHECK(util::neutralize("latin-1 caf\xE9") == "latin-1 caf\\xe9");
    CHECK(util::neutralize("\xC3") == "\\xc3");
    CHECK(util::is_valid_utf8(util::neutralize("\xFF\xFE\xC0\x80")));
  }
  TEST_CASE("neutralize_keeping_lines keeps the tool's line feeds and tabs, and colours only when asked") {
    CHECK(util::neutralize_keeping_lines("a\n\tb\r\n") == "a\n\tb\\r\n");
    CHECK(util::neutralize_keeping_lines("\x1b[1;31mred\x1b[0m") == "\\x1b[1;31mred\\x1b[0m");
    CHECK(util::neutralize_keeping_lines("\x1b[1;31mred\x1b[0m", true) == "\x1b[1;31mred\x1b[0m");
    // Only SGR colour sequences: a title, a cursor move or a hyperlink is escaped.
    CHECK(util::neutralize_keeping_lines("\x1b]0;title\x07 \x1b[2J \x1b]8;;http://x\x1b\\", true) ==
          "\\x1b]0;title\\x07 \\x1b[2J \\x1b]8;;http://x\\x1b\\");
  }
  TEST_CASE("neutralize_in_place leaves clean text alone and is idempotent") {
    std::string clean = "documents:signed:read";
    util::neutralize_in_place(clean);
    CHECK(clean == "documents:signed:read");
    std::string dirty = "a\nb";
    util::neutralize_in_place(dirty);
    CHECK(dirty == "a\\nb");
    CHECK(util::neutralize(dirty) == dirty);
  }
  TEST_CASE("describe_character names what a message must not quote") {
    CHECK(util::describe_character("\xC2\xA0", 0) == "U+00A0 (no-break space)");
    CHECK(util::describe_character("\n", 0) == "U+000A (line feed)");
    CHECK(util::describe_character("\x01", 0) == "U+0001 (a control character)");
    CHECK(util::describe_character("\xE9", 0) == "the byte 0xE9 (not UTF-8; Latin-1 or another encoding?)");
    std::size_t length = 0;
    CHECK(util::describe_character("\xE2\x80\x9C", 0, &length) == "U+201C (left double quotation mark)");
    CHECK(length == 3);
  }
}

TEST_SUITE("util/edit_distance") {
  TEST_CASE("edit_distance is the Levenshtein distance") {
    CHECK(util::edit_distance("kitten", "sitting", 10) == 3);
    CHECK(util::edit_distance("flaw", "lawn", 10) == 2);
    CHECK(util::edit_distance("", "abc", 10) == 3);
    CHECK(util::edit_distance("abc", "", 10) == 3);
    CHECK(util::edit_distance("", "", 0) == 0);
    CHECK(util::edit_distance("same", "same", 0) == 0);
    CHECK(util::edit_distance("read", "raed", 10) == 2);  // a swap is two edits
    CHECK(util::edit_distance("abc", "abd", 10) == 1);
  }

  TEST_CASE("edit_distance stops at limit + 1") {
    CHECK(util::edit_distance("kitten", "sitting", 1) == 2);
    CHECK(util::edit_distance("kitten", "sitting", 2) == 3);
    CHECK(util::edit_distance("kitten", "sitting", 3) == 3);
    CHECK(util::edit_distance("a", "abcdef", 2) == 3);  // length gap alone exceeds it
    CHECK(util::edit_distance("abcdef", "uvwxyz", 0) == 1);
  }

  TEST_CASE("closest_match suggests plausible typos") {
    const Strings sonar = {"documents:signed:read", "documents:signed:export",
                           "documents:generated:read"};
    CHECK(util::closest_match("documents:signed:raed", sonar) == std::optional<std::string>("documents:signed:read"));
    CHECK(util::closest_match("documents:signd:export", sonar) ==
          std::optional<std::string>("documents:signed:export"));
    CHECK(util::closest_match("wrte", Strings{"read", "write"}) == std::optional<std::string>("write"));
  }

  TEST_CASE("closest_match picks the closest candidate, first on ties") {
    CHECK(util::closest_match("abcdefgh", Strings{"abcdexyz", "abcdefgx"}) ==
          std::optional<std::string>("abcdefgx"));
    CHECK(util::closest_match("abcd", Strings{"abce", "abcf"}) == std::optional<std::string>("abce"));
  }

  TEST_CASE("closest_match's typo budget grows with the word") {
    SUBCASE("up to 3 letters: one edit") {
      CHECK(util::closest_match("abc", Strings{"abd"}) == std::optional<std::string>("abd"));
      CHECK(util::closest_match("abc", Strings{"axd"}) == std::nullopt);
      CHECK(util::closest_match("rep", Strings{"repo"}) == std::optional<std::string>("repo"));
    }
    SUBCASE("4 to 6 letters: two edits") {
      CHECK(util::closest_match("gitlab", Strings{"gatlob"}) == std::optional<std::string>("gatlob"));
      CHECK(util::closest_match("abcdef", Strings{"abxyzf"}) == std::nullopt);
      CHECK(util::closest_match("abcd", Strings{"axyd"}) == std::optional<std::string>("axyd"));
      CHECK(util::closest_match("abcd", Strings{"xyzd"}) == std::nullopt);
    }
    SUBCASE("7 letters and more: three edits") {
      CHECK(util::closest_match("abcdefg", Strings{"abcxyzg"}) == std::optional<std::string>("abcxyzg"));
      CHECK(util::closest_match("abcdefg", Strings{"awxyzfg"}) == std::nullopt);
    }
  }

  TEST_CASE("closest_match gives nothing for unrelated words or exact matches") {
    CHECK(util::closest_match("deploy", Strings{"read", "write", "admin"}) == std::nullopt);
    CHECK(util::closest_match("anything", Strings{}) == std::nullopt);
    CHECK(util::closest_match("repo", Strings{"repo"}) == std::nullopt);
    // The exact match is skipped, the next plausible one is still offered.
    CHECK(util::closest_match("repo", Strings{"repo", "repos"}) == std::optional<std::string>("repos"));
  }

  TEST_CASE("closest_match compares case-insensitively but returns the candidate's spelling") {
    CHECK(util::closest_match("REPO:Status", Strings{"repo:status"}) ==
          std::optional<std::string>("repo:status"));
  }

  TEST_CASE("did_you_mean") {
    CHECK(util::did_you_mean("wrte", Strings{"read", "write"}) == " (did you mean 'write'?)");
    CHECK(util::did_you_mean("deploy", Strings{"read", "write"}) == "");
    CHECK(util::did_you_mean("read", Strings{"read"}) == "");
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("util/duration") {
  TEST_CASE("parse_duration reads s, m, h, d and bare seconds") {
    CHECK(util::parse_duration("30s") == std::optional(30s));
    CHECK(util::parse_duration("5m") == std::optional(std::chrono::seconds(300)));
    CHECK(util::parse_duration("2h") == std::optional(std::chrono::seconds(7200)));
    CHECK(util::parse_duration("7d") == std::optional(std::chrono::seconds(604800)));
    CHECK(util::parse_duration("45") == std::optional(45s));
    CHECK(util::parse_duration("0") == std::optional(0s));
    CHECK(util::parse_duration("0d") == std::optional(0s));
    CHECK(util::parse_duration(" 10m ") == std::optional(std::chrono::seconds(600)));
    CHECK(util::parse_duration("9223372036854775807") ==
          std::optional(std::chrono::seconds(9223372036854775807LL)));
    CHECK(util::parse_duration("106751991167300d") ==
          std::optional(std::chrono::seconds(106751991167300LL * 86400)));
  }

  TEST_CASE("parse_duration rejects anything else") {
    const char* bad[] = {"",     "   ",  "7x",   "-1",      "-5m",  "1.5h", "s",
                         "m5",   "5 m",  "+5",   "5mm",     "d7",   "5M",   "0x10",
                         "1e3",  "7 d",  "five", "99999999999999999999",
                         "9223372036854775808", "106751991167301d", "153722867280912931m"};
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_duration(text) == std::nullopt);
    }
  }

  TEST_CASE("format_duration writes the shortest exact spelling") {
    CHECK(util::format_duration(std::chrono::seconds(604800)) == "7d");
    CHECK(util::format_duration(std::chrono::seconds(86400)) == "1d");
    CHECK(util::format_duration(std::chrono::seconds(90000)) == "25h");
    CHECK(util::format_duration(std::chrono::seconds(3600)) == "1h");
    CHECK(util::format_duration(std::chrono::seconds(5400)) == "90m");
    CHECK(util::format_duration(std::chrono::seconds(60)) == "1m");
    CHECK(util::format_duration(std::chrono::seconds(90)) == "90s");
    CHECK(util::format_duration(std::chrono::seconds(1)) == "1s");
    CHECK(util::format_duration(std::chrono::seconds(0)) == "0s");
  }

  TEST_CASE("format_duration and parse_duration round-trip") {
    for (std::int64_t value : {0LL, 1LL, 59LL, 60LL, 61LL, 3599LL, 3600LL, 86399LL, 86400LL,
                               604800LL, 1234567LL}) {
      CAPTURE(value);
      const std::chrono::seconds duration(value);
      CHECK(util::parse_duration(util::format_duration(duration)) == std::optional(duration));
    }
  }

  TEST_CASE("describe_duration gives a rough reading in the largest unit") {
    CHECK(util::describe_duration(std::chrono::seconds(3 * 86400 + 5 * 3600)) == "3 days");
    CHECK(util::describe_duration(std::chrono::seconds(86400)) == "1 day");
    CHECK(util::describe_duration(std::chrono::seconds(86399)) == "23 hours");
    CHECK(util::describe_duration(std::chrono::seconds(5 * 3600 + 59 * 60)) == "5 hours");
    CHECK(util::describe_duration(std::chrono::seconds(3600)) == "1 hour");
    CHECK(util::describe_duration(std::chrono::seconds(12 * 60 + 30)) == "12 minutes");
    CHECK(util::describe_duration(std::chrono::seconds(60)) == "1 minute");
    CHECK(util::describe_duration(std::chrono::seconds(59)) == "59 seconds");
    CHECK(util::describe_duration(std::chrono::seconds(1)) == "1 second");
    CHECK(util::describe_duration(std::chrono::seconds(0)) == "0 seconds");
    CHECK(util::describe_duration(std::chrono::seconds(-1)) == "already past");
  }
}

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
TEST_SUITE("util/time") {
  const util::TimePoint kNewYear2026 = util::from_unix_seconds(1767225600);  // 2026-01-01T00:00:00Z

  TEST_CASE("from_unix_seconds and format_timestamp") {
    CHECK(util::format_timestamp(util::from_unix_seconds(0)) == "1970-01-01T00:00:00Z");
    CHECK(util::format_timestamp(kNewYear2026) == "2026-01-01T00:00:00Z");
    CHECK(util::format_timestamp(util::from_unix_seconds(784111777)) == "1994-11-06T08:49:37Z");
    CHECK(util::format_timestamp(util::from_unix_seconds(-1)) == "1969-12-31T23:59:59Z");
    CHECK(util::from_unix_seconds(42).time_since_epoch() == std::chrono::seconds(42));
  }

  TEST_CASE("time points reach 9999-12-31 without overflowing") {
    // 253402300799 is 9999-12-31T23:59:59Z, the latest expiry providers::read_expiry accepts.
    const util::TimePoint last = util::from_unix_seconds(253402300799);
    CHECK(util::format_timestamp(last) == "9999-12-31T23:59:59Z");
    CHECK(util::parse_timestamp("9999-12-31T23:59:59Z") == std::optional(last));
    CHECK(show(util::parse_timestamp("9999-12-31")) == "9999-12-31T00:00:00Z");
    CHECK(*util::parse_timestamp("9999-12-31") > kNewYear2026);
    CHECK(*util::parse_timestamp("2300-01-01") > *util::parse_timestamp("2262-04-12"));
    CHECK(util::RealClock().now() < last);
    CHECK(util::RealClock().now() > kNewYear2026 - std::chrono::hours(24 * 365 * 2));
  }

  TEST_CASE("parse_timestamp: date only is midnight UTC") {
    CHECK(show(util::parse_timestamp("2026-01-01")) == "2026-01-01T00:00:00Z");
    CHECK(util::parse_timestamp("2026-01-01") == std::optional(kNewYear2026));
    CHECK(show(util::parse_timestamp("2026-12-31")) == "2026-12-31T00:00:00Z");
    CHECK(show(util::parse_timestamp(" 2024-02-29 ")) == "2024-02-29T00:00:00Z");
  }

  TEST_CASE("parse_timestamp: ISO 8601 forms") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00Z")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01t12:00:00z")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00")) == "2026-12-01T12:00:00Z");
    CHECK(util::parse_timestamp("2026-01-01T00:00:01Z") ==
          std::optional(kNewYear2026 + std::chrono::seconds(1)));
  }

  TEST_CASE("parse_timestamp: fractional seconds are dropped") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00.123Z")) == "2026-12-01T12:00:00Z");
    CHECK(util::parse_timestamp("2026-12-01T12:00:00.999999Z") ==
          util::parse_timestamp("2026-12-01T12:00:00Z"));
  }

  TEST_CASE("parse_timestamp: offsets") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+02:00")) == "2026-12-01T10:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00.123+02:00")) == "2026-12-01T10:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00-0530")) == "2026-12-01T17:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00-05:30")) == "2026-12-01T17:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+0000")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-31T23:30:00-01:00")) == "2027-01-01T00:30:00Z");
    CHECK(show(util::parse_timestamp("2026-01-01T00:30:00+01:00")) == "2025-12-31T23:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+23:59")) == "2026-11-30T12:01:00Z");
  }

  TEST_CASE("parse_timestamp: GitHub's expiry header form") {
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 UTC")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 GMT")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 +0100")) == "2026-12-01T11:00:00Z");
  }

  TEST_CASE("parse_timestamp rejects invalid dates, times and zones") {
    const char* bad[] = {
        "",
        "2026",
        "2026-12",
        "2026-1-01",
        "26-12-01",
        "2026/12/01",
        "2026-02-30",  // no such day
        "2025-02-29",  // not a leap year
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-12-00",
        "2026-12-01X12:00:00Z",
        "2026-12-01T",
        "2026-12-01T12:00Z",
        "2026-12-01T12:00",
        "2026-12-01T24:00:00Z",
        "2026-12-01T12:60:00Z",
        "2026-12-01T12:00:61Z",
        "2026-12-01T1a:00:00Z",
        "2026-12-01T12:00:00PST",
        "2026-12-01 12:00:00 CEST",
        "2026-12-01T12:00:00+2:00",
        "2026-12-01T12:00:00+02",
        "2026-12-01T12:00:00+02:0",
        "2026-12-01T12:00:00+02:000",
        "2026-12-01T12:00:00+24:00",  // offsets are -23:59..+23:59
        "2026-12-01T12:00:00+02:60",
        "2026-12-01T12:00:00+99:99",
        "2026-12-01T12:00:00Zjunk",
        "not a date",
    };
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_timestamp(text) == std::nullopt);
    }
  }

  TEST_CASE("format_timestamp round-trips parse_timestamp") {
    for (const char* text : {"2026-12-01T12:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
                             "9999-12-31T23:59:59Z", "2000-01-01T00:00:00Z"}) {
      CAPTURE(std::string(text));
      const auto parsed = util::parse_timestamp(text);
      REQUIRE(parsed);
      CHECK(util::format_timestamp(*parsed) == text);
      CHECK(util::parse_timestamp(util::format_timestamp(*parsed)) == parsed);
    }
  }

  TEST_CASE("parse_http_date reads IMF-fixdate") {
    CHECK(util::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") ==
          std::optional(util::from_unix_seconds(784111777)));
    CHECK(show(util::parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT")) == "2026-01-01T00:00:00Z");
    CHECK(show(util::parse_http_date("  Tue, 29 Dec 2026 23:59:59 GMT\r\n")) == "2026-12-29T23:59:59Z");
    CHECK(show(util::parse_http_date("Wed, 30 Dec 2026 10:00:00 GMT")) == "2026-12-30T10:00:00Z");
  }

  TEST_CASE("parse_http_date rejects other forms") {
    const char* bad[] = {
        "",
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
        "Sun Nov  6 08:49:37 1994",        // asctime
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:49:37 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, xx Nov 1994 08:49:37 GMT",
        "120",
    };
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_http_date(text) == std::nullopt);
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("util/redactor") {
  TEST_CASE("percent_encode keeps unreserved characters only") {
    CHECK(util::percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(util::percent_encode("a b/c+d=e&f") == "a%20b%2Fc%2Bd%3De%26f");
    CHECK(util::percent_encode("caf\xC3\xA9") == "caf%C3%A9");
    CHECK(util::percent_encode("") == "");
  }

  TEST_CASE("redacts the secret wherever it appears") {
    util::Redactor redactor;
    redactor.add_secret(testing::kFakeToken);
    const std::string token = testing::kFakeToken;
    CHECK(redactor.redact("Authorization: Bearer " + token) == "Authorization: Bearer [REDACTED]");
    CHECK(redactor.redact(token + token + " " + token) == "[REDACTED] [REDACTED]");  // a run is one mask
    CHECK(redactor.redact(token) == "[REDACTED]");
  }

  TEST_CASE("redacts the percent-encoded form too") {
    util::Redactor redactor;
    redactor.add_secret("sk_live_abc/def+ghi");
    CHECK_STRINGS(redactor.secrets(), {"sk_live_abc%2Fdef%2Bghi", "sk_live_abc%2fdef%2bghi", "sk_live_abc/def+ghi"});
    CHECK(redactor.redact("GET /x?token=sk_live_abc%2Fdef%2Bghi, raw sk_live_abc/def+ghi") ==
          "GET /x?token=[REDACTED], raw [REDACTED]");
    CHECK(redactor.redact("lower case: sk_live_abc%2fdef%2bghi") == "lower case: [REDACTED]");
  }

  TEST_CASE("a secret without special characters is registered once") {
    util::Redactor redactor;
    redactor.add_secret("plainsecret");
    redactor.add_secret("plainsecret");
    CHECK_STRINGS(redactor.secrets(), {"plainsecret"});
  }

  TEST_CASE("longer secrets are replaced first") {
    for (bool longer_first : {true, false}) {
      CAPTURE(longer_first);
      util::Redactor redactor;
      if (longer_first) {
        redactor.add_secret("abcdefghijkl");
        redactor.add_secret("abcdefgh");
      } else {
        redactor.add_secret("abcdefgh");
        redactor.add_secret("abcdefghijkl");
      }
      CHECK_STRINGS(redactor.secrets(), {"abcdefghijkl", "abcdefgh"});
      CHECK(redactor.redact("x.abcdefghijkl.x abcdefgh abcdefghij.") == "x.[REDACTED].x [REDACTED] [REDACTED].");
    }
  }

  TEST_CASE("a secret inside a longer word masks the whole word: no fragment of either is left") {
    util::Redactor redactor;
    redactor.add_secret("placeholder");
    CHECK(redactor.redact("placeholders, xplaceholder-y and placeholder.") == "[REDACTED], [REDACTED] and [REDACTED].");
    CHECK(redactor.redact("key=placeholder&x=1") == "key=[REDACTED]&x=1");  // '=' and '&' end a word
  }

  TEST_CASE("secrets shorter than 8 characters are not scrubbed: they would garble ordinary words") {
    util::Redactor redactor;
    redactor.add_secret("");
    redactor.add_secret("test");
    redactor.add_secret("abcdefg");
    CHECK(redactor.secrets().empty());
    CHECK(redactor.redact("testing abcdefg") == "testing abcdefg");
    redactor.add_secret("abcdefgh");  // exactly eight is a secret
    CHECK(redactor.redact("abcdefg abcdefgh") == "abcdefg [REDACTED]");
  }

  TEST_CASE("a secret is found in each registered output encoding, whenever the encoding is registered") {
    const util::Redactor::Encoding quote_as_entity = +[](std::string_view text) {
      std::string out;
      for (char c : text) out += c == '"' ? std::string("&quot;") : std::string(1, c);
      return out;
    };
    util::Redactor redactor;
    redactor.add_secret("tok\"en1234");
    redactor.add_encoding(quote_as_entity);  // applies to the secret already known
    redactor.add_secret("second\"secret");  // and to those that come later
    CHECK(redactor.redact("a tok&quot;en1234 b") == "a [REDACTED] b");
    CHECK(redactor.redact("a second&quot;secret b") == "a [REDACTED] b");
    CHECK(redactor.redact("a tok\"en1234 b") == "a [REDACTED] b");
  }

  TEST_CASE("a secret too short to scrub is still announced, so the Actions runner can mask it") {
    util::Redactor redactor;
    std::vector<std::string> announced;
    redactor.on_new_secret([&](const std::string& form) { announced.push_back(form); });
    redactor.add_secret("abc");
    redactor.add_secret("abc");
    redactor.add_secret("");
    CHECK_STRINGS(announced, {"abc"});
    CHECK(redactor.redact("abc") == "abc");
  }

  TEST_CASE("text without secrets is unchanged") {
    util::Redactor empty;
    CHECK(empty.redact("nothing to hide") == "nothing to hide");
    CHECK(empty.redact("") == "");
    util::Redactor redactor;
    redactor.add_secret(testing::kFakeToken);
    CHECK(redactor.redact("sk_live_ but not the token") == "sk_live_ but not the token");
    CHECK(redactor.redact("") == "");
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("util/environment") {
  TEST_CASE("RealEnvironment answers from the environment as it was when it was made, set and empty apart") {
    ::setenv("SCOPEGATE_TEST_SET", "value=with=equals", 1);
    ::setenv("SCOPEGATE_TEST_EMPTY", "", 1);
    ::unsetenv("SCOPEGATE_TEST_UNSET");
    const util::RealEnvironment environment;
    CHECK(environment.get("SCOPEGATE_TEST_SET") == std::optional<std::string>("value=with=equals"));
    CHECK(environment.get("SCOPEGATE_TEST_EMPTY") == std::optional<std::string>(""));
    CHECK_FALSE(environment.get_non_empty("SCOPEGATE_TEST_EMPTY"));
    CHECK_FALSE(environment.get("SCOPEGATE_TEST_UNSET"));
    if (const char* path = std::getenv("PATH")) CHECK(environment.get("PATH") == std::optional<std::string>(path));
  }
}

TEST_SUITE("util/looks_like_secret") {
  TEST_CASE("known token formats anywhere, random-looking text only where a name belongs") {
    using util::SecretLook;
    CHECK(util::looks_like_secret("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", false) ==
          SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("glpat-AbCdEfGhIjKlMnOpQrSt", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("sk_live_51HAbCdEfGhIjKlMn", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("xoxb-123456789012-abcdefghij", false) == SecretLook::kKnownPrefix);
    // A prefix alone, or a name that merely starts like one, is no token.
    CHECK(util::looks_like_secret("ghp_", false) == SecretLook::kNo);
    CHECK(util::looks_like_secret("sk_live", false) == SecretLook::kNo);
    CHECK(util::looks_like_secret("ghs_TOKEN", true) == SecretLook::kNo);
    const std::string random = "Xk9mQ2wE7rT4yU1iO8pA3sD6fG0hJ5lZ";
    CHECK(util::looks_like_secret(random, false) == SecretLook::kNo);
    CHECK(util::looks_like_secret(random, true) == SecretLook::kHighEntropy);
    // Variable names, however long, are not random.
    for (const char* name : {"SONAR_API_KEY", "SONAR_API_KEY_FOR_THE_RELEASE_PIPELINE_OF_ACME_2024",
                             "GITHUB_TOKEN", "my_release_token_for_the_staging_environment"}) {
      CAPTURE(name);
      CHECK(util::looks_like_secret(name, true) == SecretLook::kNo);
    }
  }
}

TEST_SUITE("util/json_stream") {
  TEST_CASE("indents objects and arrays of objects, keeps flat arrays on one line") {
    std::string out;
    util::JsonStream json(&out);
    json.begin_object();
    json.field("schema", "v1");
    json.field("ok", false);
    json.field("granted", std::vector<std::string>{"a", "b"});
    json.key("key");
    json.begin_object();
    json.field("name", std::optional<std::string>("CI"));
    json.field("prefix", std::optional<std::string>());
    json.end_object();
    json.field("empty_list", std::vector<std::string>{});
    json.key("empty_object");
    json.begin_object();
    json.end_object();
    json.key("features");
    json.begin_array();
    json.begin_object();
    json.field("name", "x");
    json.field("missing", std::vector<std::string>{});
    json.end_object();
    json.end_array();
    json.end_object();
    json.finish();
    const std::string expected =
        "{\n"
        "  \"schema\": \"v1\",\n"
        "  \"ok\": false,\n"
        "  \"granted\": [\"a\", \"b\"],\n"
        "  \"key\": {\n"
        "    \"name\": \"CI\",\n"
        "    \"prefix\": null\n"
        "  },\n"
        "  \"empty_list\": [],\n"
        "  \"empty_object\": {},\n"
        "  \"features\": [\n"
        "    {\n"
        "      \"name\": \"x\",\n"
        "      \"missing\": []\n"
        "    }\n"
        "  ]\n"
        "}\n";
    CHECK(out == expected);
  }

  TEST_CASE("flat arrays of mixed scalars stay on one line") {
    std::string out;
    util::JsonStream json(&out);
    json.begin_flat_array();
    json.value(1);
    json.value("two");
    json.value(true);
    json.null();
    json.end_array();
    json.finish();
    CHECK(out == "[1, \"two\", true, null]\n");
  }

  TEST_CASE("output parses back to what was written, whatever the strings hold") {
    const std::vector<std::string> texts{"",
                                         "quote\"d",
                                         "line\nbreak\ttab \\ slash",
                                         std::string("nul \0 and \x01 \x1f", 14),
                                         "caf\xC3\xA9",
                                         "key with spaces"};
    for (const std::string& text : texts) {
      CAPTURE(text);
      std::string out;
      util::JsonStream json(&out);
      json.begin_object();
      json.field(text, text);
      json.field("list", std::vector<std::string>{text, text});
      json.field("n", std::int64_t{-12});
      json.end_object();
      json.finish();
      const boost::json::value parsed = boost::json::parse(out);
      CHECK(parsed.at(text).as_string() == text);
      CHECK(parsed.at("list").as_array().at(1).as_string() == text);
      CHECK(parsed.at("n").as_int64() == -12);
      CHECK(out.back() == '\n');
    }
  }
}

TEST_SUITE("util/file_system") {
  TEST_CASE("a report into folders that do not exist yet: checked writable, then created, as CI reporters do") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("scopegate-fs-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    util::RealFileSystem files;
    const std::string report = (root / "reports" / "scopegate" / "report.json").string();
    std::string error;
    CHECK(files.check_writable(report, &error));
    CHECK(files.write_file(report, "{}", util::FileSystem::Mode::kPrivate, &error));
    CHECK(fs::is_regular_file(report));
    // A file where a folder would go cannot become one.
    std::ofstream(root / "plain") << "x";
    const std::string under_file = (root / "plain" / "sub" / "r.json").string();
    CHECK_FALSE(files.check_writable(under_file, &error));
    CHECK(error.find("ot a directory") != std::string::npos);
    CHECK_FALSE(files.write_file(under_file, "{}", util::FileSystem::Mode::kPrivate, &error));
    fs::remove_all(root);
  }
}

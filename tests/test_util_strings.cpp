#include <doctest/doctest.h>

#include <string>

#include "support/check_strings.h"
#include "util/strings.h"

using namespace scopegate;

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

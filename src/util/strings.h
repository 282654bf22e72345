#pragma once
// Small string helpers shared by every layer.
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::util {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// An HTTP token (RFC 9110 section 5.6.2): a header name or a method; false when empty.
bool is_http_token(std::string_view text);

// Splits on any of `separators`, trims each piece and drops empty ones.
std::vector<std::string> split_any(std::string_view text, std::string_view separators);

// Scope lists as people type them: "a,b c" -> {a, b, c}.
std::vector<std::string> split_scope_list(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// "1 feature" / "2 features".
std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form);

// Quotes a string for a message: 'name'.
std::string quoted(std::string_view text);

// One character of UTF-8 text: its code point and byte length, or, for a
// byte that does not start a well-formed sequence, `valid` false and length 1.
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = true;
};
Utf8Char decode_utf8_at(std::string_view text, std::size_t at);

// What the character at byte `at` is, for a message that must not quote the
// text: "a line feed (U+000A)", "U+00A0 (no-break space)", "the byte 0xE9
// (not UTF-8)". `length` receives its size in bytes.
std::string describe_character(std::string_view text, std::size_t at, std::size_t* length = nullptr);

// Characters that can change what a reader or a CI runner sees without being
// seen themselves: C0 and C1 controls and DEL (line breaks, ESC), line and
// paragraph separators, bidirectional overrides and invisible format
// characters (Unicode category Cf: zero-width space, BOM, soft hyphen).
bool is_unsafe_code_point(char32_t code_point);

// THE neutraliser for text from outside (servers, manifests, file names,
// the environment): every unsafe character and every byte that is not UTF-8
// is shown escaped ("\r", "\n", "\x1b", "\u{202e}", "\xe9"), so no value can
// start a line, a workflow command or an escape sequence; everything else is
// unchanged. Cheap when there is nothing to escape (one scan, no copy).
std::string neutralize(std::string_view text);
void neutralize_in_place(std::string& text);
// For whole documents the tool wrote: the same, but its own line feeds and
// tabs stay (the values inside were neutralised where they came in), and with
// `keep_colour` so do SGR colour sequences ("\x1b[1;31m"), the only escape
// sequences the tool writes itself; any other ESC is still escaped.
std::string neutralize_keeping_lines(std::string_view text, bool keep_colour = false);

// True when every byte sequence is well-formed UTF-8; on failure `bad_offset`
// receives the offset of the first bad byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

}  // namespace scopegate::util

#pragma once
// Small string helpers shared by every layer.
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::util {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// Splits on any of `separators`, trims each piece and drops empty ones.
std::vector<std::string> split_any(std::string_view text, std::string_view separators);

// Scope lists as people type them: "a,b c" -> {a, b, c}.
std::vector<std::string> split_scope_list(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// "1 feature" / "2 features".
std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form);

// Quotes a string for a message: 'name'.
std::string quoted(std::string_view text);

// Text from outside (servers, manifests) made safe to print on one line:
// control characters, line breaks and escape sequences become spaces, so no
// value can start a new line (a CI workflow command) or drive the terminal;
// bytes that are not UTF-8 become U+FFFD, so JSON and XML stay valid.
std::string single_line(std::string_view text);

// True when every byte sequence is well-formed UTF-8; on failure `bad_offset`
// receives the offset of the first bad byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

}  // namespace scopegate::util

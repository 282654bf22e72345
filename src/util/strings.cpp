#include "util/strings.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace scopegate::util {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

bool is_http_token(std::string_view text) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  if (text.empty()) return false;
  for (char c : text) {
    const bool alphanumeric = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alphanumeric && kSymbols.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string> split_any(std::string_view text, std::string_view separators) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view piece = trim(text.substr(start, end - start));
    if (!piece.empty()) pieces.emplace_back(piece);
    start = end + 1;
  }
  return pieces;
}

std::vector<std::string> split_scope_list(std::string_view text) {
  return split_any(text, ", \t\r\n");
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += separator;
    joined += parts[i];
  }
  return joined;
}

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural_form);
}

namespace {
// Length of the UTF-8 sequence starting at `lead`, or 0 when `lead` cannot start one.
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool valid_continuation(std::string_view text, std::size_t at, std::size_t length) {
  if (at + length > text.size()) return false;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  for (std::size_t i = 1; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80) return false;
  // Reject overlong forms, surrogates and code points above U+10FFFF.
  if (length == 3 && byte(0) == 0xE0 && byte(1) < 0xA0) return false;
  if (length == 3 && byte(0) == 0xED && byte(1) > 0x9F) return false;
  if (length == 4 && byte(0) == 0xF0 && byte(1) < 0x90) return false;
  if (length == 4 && byte(0) == 0xF4 && byte(1) > 0x8F) return false;
  return true;
}
}  // namespace

Utf8Char decode_utf8_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t length = utf8_sequence_length(lead);
  if (length == 0 || !valid_continuation(text, at, length)) return {lead, 1, false};
  if (length == 1) return {lead, 1, true};
  char32_t code_point = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i)
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  return {code_point, length, true};
}

bool is_unsafe_code_point(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;            // C0, DEL, C1 (NEL among them)
  if (c == 0x00AD || c == 0x061C || c == 0x180E || c == 0xFEFF) return true;  // soft hyphen, ALM, MVS, BOM
  if (c >= 0x200B && c <= 0x200F) return true;                      // zero-width, LRM, RLM
  if (c >= 0x2028 && c <= 0x202E) return true;                      // line/paragraph separators, bidi embeddings
  if (c >= 0x2060 && c <= 0x206F) return true;                      // word joiner, bidi isolates, invisible operators
  if (c >= 0xFFF9 && c <= 0xFFFB) return true;                      // interlinear annotations
  return false;
}

namespace {
struct NamedCharacter {
  char32_t code_point;
  const char* name;
};
// The characters people paste by accident, named as a message can show them.
constexpr NamedCharacter kCharacterNames[] = {
    {0x00, "NUL"},          {0x09, "tab"},
    {0x0A, "line feed"},    {0x0D, "carriage return"},
    {0x1B, "escape"},       {0x20, "space"},
    {0x22, "double quote"}, {0x27, "single quote"},
    {0x7F, "delete"},       {0x85, "next line"},
    {0xA0, "no-break space"}, {0xAD, "soft hyphen"},
    {0x2007, "figure space"}, {0x200B, "zero-width space"},
    {0x200C, "zero-width non-joiner"}, {0x200D, "zero-width joiner"},
    {0x200E, "left-to-right mark"}, {0x200F, "right-to-left mark"},
    {0x2013, "en dash"},    {0x2014, "em dash"},
    {0x2018, "left single quotation mark"}, {0x2019, "right single quotation mark"},
    {0x201C, "left double quotation mark"}, {0x201D, "right double quotation mark"},
    {0x2028, "line separator"}, {0x2029, "paragraph separator"},
    {0x202E, "right-to-left override"}, {0x2060, "word joiner"},
    {0xFEFF, "byte order mark"},
};

std::string hex(unsigned long value, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0 && value > 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return out;
}
}  // namespace

std::string describe_character(std::string_view text, std::size_t at, std::size_t* length) {
  const Utf8Char c = decode_utf8_at(text, at);
  if (length) *length = c.length;
  if (!c.valid) return "the byte 0x" + hex(c.code_point, 2) + " (not UTF-8; Latin-1 or another encoding?)";
  const std::string code = "U+" + hex(c.code_point, c.code_point > 0xFFFF ? 6 : 4);
  for (const NamedCharacter& named : kCharacterNames)
    if (named.code_point == c.code_point) return code + " (" + named.name + ")";
  if (c.code_point < 0x20 || c.code_point == 0x7F || (c.code_point >= 0x80 && c.code_point <= 0x9F))
    return code + " (a control character)";
  return code;
}

namespace {
// The escaped form of one unsafe character or bad byte.
void append_escaped(std::string& out, const Utf8Char& c) {
  if (!c.valid) {
    out += "\\x" + util::to_lower(hex(c.code_point, 2));
  } else if (c.code_point == '\n') {
    out += "\\n";
  } else if (c.code_point == '\r') {
    out += "\\r";
  } else if (c.code_point == '\t') {
    out += "\\t";
  } else if (c.code_point < 0x80) {
    out += "\\x" + util::to_lower(hex(c.code_point, 2));
  } else {
    out += "\\u{" + util::to_lower(hex(c.code_point, 4)) + "}";
  }
}

struct Keep {
  bool lines = false;   // line feeds and tabs
  bool colour = false;  // SGR sequences
};

// Length of the SGR sequence ("\x1b[" digits and ';' "m") at `at`, or 0.
std::size_t sgr_length(std::string_view text, std::size_t at) {
  constexpr std::size_t kLongest = 16;
  if (text.substr(at, 2) != "\x1b[") return 0;
  for (std::size_t end = at + 2; end < text.size() && end - at < kLongest; ++end) {
    if (text[end] == 'm') return end - at + 1;
    if (!((text[end] >= '0' && text[end] <= '9') || text[end] == ';')) return 0;
  }
  return 0;
}

// How many bytes at `at` pass unchanged (0: escape one character there).
std::size_t kept_length(std::string_view text, std::size_t at, const Utf8Char& c, Keep keep) {
  if (c.valid && !is_unsafe_code_point(c.code_point)) return c.length;
  if (keep.lines && (c.code_point == '\n' || c.code_point == '\t')) return 1;
  if (keep.colour && c.code_point == 0x1B) return sgr_length(text, at);
  return 0;
}

// Offset of the first character to escape, or npos.
// Whether any of the 8 bytes in `word` is below 0x20 or at or above 0x7F
// (SWAR: the borrow of x - 0x20 and the carry of x + 0x01 reach bit 7 of each
// such byte). Never misses one; a neighbour of one may be flagged too, which
// only costs a byte-by-byte look.
bool any_unprintable(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  return (((word - kOnes * 0x20) & ~word) | word | (word + kOnes)) & kHighs;
}

// The offset of the first byte at or after `at` that is not printable ASCII.
std::size_t skip_printable(std::string_view text, std::size_t at) {
  for (std::uint64_t word; at + 8 <= text.size(); at += 8) {
    std::memcpy(&word, text.data() + at, 8);
    if (any_unprintable(word)) break;
  }
  while (at < text.size() && text[at] >= 0x20 && text[at] < 0x7F) ++at;
  return at;
}

std::size_t first_unsafe(std::string_view text, Keep keep) {
  for (std::size_t at = 0; at < text.size();) {
    // The common case, printable ASCII (and the kept line feed), eight bytes at a time.
    at = skip_printable(text, at);
    if (at == text.size()) break;
    if (keep.lines && text[at] == '\n') {
      ++at;
      continue;
    }
    const std::size_t kept = kept_length(text, at, decode_utf8_at(text, at), keep);
    if (kept == 0) return at;
    at += kept;
  }
  return std::string_view::npos;
}

std::string escape_from(std::string_view text, std::size_t start, Keep keep) {
  std::string out(text.substr(0, start));
  out.reserve(text.size() + 16);
  for (std::size_t at = start; at < text.size();) {
    const Utf8Char c = decode_utf8_at(text, at);
    const std::size_t kept = kept_length(text, at, c, keep);
    if (kept == 0) {
      append_escaped(out, c);
      at += c.length;
    } else {
      out.append(text.substr(at, kept));
      at += kept;
    }
  }
  return out;
}

std::string neutralized(std::string_view text, Keep keep) {
  const std::size_t start = first_unsafe(text, keep);
  return start == std::string_view::npos ? std::string(text) : escape_from(text, start, keep);
}
}  // namespace

std::string neutralize(std::string_view text) { return neutralized(text, {}); }

void neutralize_in_place(std::string& text) {
  const std::size_t start = first_unsafe(text, {});
  if (start != std::string::npos) text = escape_from(text, start, {});
}

std::string neutralize_keeping_lines(std::string_view text, bool keep_colour) {
  return neutralized(text, {true, keep_colour});
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }


bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t length = utf8_sequence_length(static_cast<unsigned char>(text[at]));
    if (length == 0 || !valid_continuation(text, at, length)) {
      if (bad_offset) *bad_offset = at;
      return false;
    }
    at += length;
  }
  return true;
}

}  // namespace scopegate::util

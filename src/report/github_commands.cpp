#include "report/github_commands.h"

#include <algorithm>
#include <cstring>

#include "util/strings.h"

namespace scopegate::report {

namespace {
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace

std::string escape_command_data(std::string_view text) { return escape(text, false); }
std::string escape_command_property(std::string_view text) { return escape(text, true); }

std::string workflow_command(std::string_view name, const std::vector<std::pair<std::string, std::string>>& properties,
                             std::string_view message) {
  std::string out = "::" + std::string(name);
  for (std::size_t i = 0; i < properties.size(); ++i) {
    out += i == 0 ? " " : ",";
    out += properties[i].first + "=" + escape_command_property(properties[i].second);
  }
  return out + "::" + escape_command_data(message) + "\n";
}

namespace {
constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";  // U+200B

// White space to .NET's String.Trim (Char.IsWhiteSpace), which the runner
// applies before it looks for "::", line ends aside.
bool is_runner_white_space(char32_t c) {
  return c == '\t' || c == '\v' || c == '\f' || c == ' ' || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// The offset of the first character at or after `at` that is no white space.
std::size_t skip_white_space(const std::string& text, std::size_t at) {
  while (at < text.size()) {
    const util::Utf8Char c = util::decode_utf8_at(text, at);
    if (!c.valid || !is_runner_white_space(c.code_point)) break;
    at += c.length;
  }
  return at;
}
}  // namespace

std::string defuse_legacy_commands(std::string text) {
  if (text.find("##") == std::string::npos) return text;  // the usual case: nothing to copy
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t hashes = text.find("##", at);
    if (hashes == std::string::npos) {
      out.append(text, at, std::string::npos);
      break;
    }
    const bool marker = text.compare(hashes + 2, 1, "[") == 0 || text.compare(hashes + 2, 4, "vso[") == 0;
    // Past a marker's "##"; otherwise past its first '#' only ("###[" holds one at 1).
    const std::size_t next = hashes + (marker ? 2 : 1);
    out.append(text, at, next - at);
    if (marker) out += kZeroWidthSpace;
    at = next;
  }
  return out;
}

// One pass, copying: a text of many lines to defuse costs no more than one.
std::string defuse_workflow_commands(std::string text) {
  text = defuse_legacy_commands(std::move(text));
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t line = 0; line < text.size();) {
    const std::size_t first = skip_white_space(text, line);
    out.append(text, line, first - line);
    if (text.compare(first, 2, "::") == 0) out += kZeroWidthSpace;
    // The runner ends a line at CR or at LF: the LF, or a CR before it.
    const std::size_t lf = std::min(text.find('\n', first), text.size());
    const void* cr = first < lf ? std::memchr(text.data() + first, '\r', lf - first) : nullptr;
    const std::size_t end = cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - text.data()) : lf;
    out.append(text, first, end + 1 - first);  // through the line end, if there is one
    line = end + 1;
  }
  return out;
}

std::string output_block(std::string_view name, std::string_view value, std::string_view delimiter) {
  if (std::string_view(name).find(delimiter) != std::string_view::npos || value.find(delimiter) != std::string_view::npos)
    return {};
  return std::string(name) + "<<" + std::string(delimiter) + "\n" + std::string(value) + "\n" + std::string(delimiter) +
         "\n";
}

}  // namespace scopegate::report

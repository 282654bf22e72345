#include "report/github_commands.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

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
    if (text[at] == ' ' || text[at] == '\t') {  // the indentation of every report line, without decoding
      ++at;
      continue;
    }
    if (static_cast<unsigned char>(text[at]) < 0x80 && text[at] != '\v' && text[at] != '\f') break;
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

// Each "::" is found by a search, not each line walked (colons are rare in a
// report, lines are not); the start of its line is carried forward, so every
// byte is looked at a bounded number of times.
std::string defuse_workflow_commands(std::string text) {
  text = defuse_legacy_commands(std::move(text));
  std::vector<std::size_t> commands;  // where a zero-width space goes
  std::size_t line_start = 0, scanned = 0;
  std::optional<std::size_t> first;  // the first non-blank character of the current line, once asked
  for (std::size_t at = text.find("::"); at != std::string::npos; at = text.find("::", at + 2)) {
    for (; scanned < at; ++scanned) {  // the runner ends a line at CR or LF
      if (text[scanned] == '\n' || text[scanned] == '\r') {
        line_start = scanned + 1;
        first.reset();
      }
    }
    if (!first) first = skip_white_space(text, line_start);
    if (*first == at) commands.push_back(at);
  }
  if (commands.empty()) return text;
  std::string out;
  out.reserve(text.size() + commands.size() * kZeroWidthSpace.size());
  std::size_t copied = 0;
  for (std::size_t at : commands) {
    out.append(text, copied, at - copied);
    out += kZeroWidthSpace;
    copied = at;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

std::string output_block(std::string_view name, std::string_view value, std::string_view delimiter) {
  if (std::string_view(name).find(delimiter) != std::string_view::npos || value.find(delimiter) != std::string_view::npos)
    return {};
  return std::string(name) + "<<" + std::string(delimiter) + "\n" + std::string(value) + "\n" + std::string(delimiter) +
         "\n";
}

}  // namespace scopegate::report

#include "report/github_commands.h"

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

std::string neutralize_legacy_commands(std::string text) {
  for (std::size_t at = text.find("##["); at != std::string::npos; at = text.find("##[", at))
    text.insert(at + 2, "\xE2\x80\x8B");  // U+200B
  return text;
}

std::string output_block(std::string_view name, std::string_view value, std::string_view delimiter) {
  if (std::string_view(name).find(delimiter) != std::string_view::npos || value.find(delimiter) != std::string_view::npos)
    return {};
  return std::string(name) + "<<" + std::string(delimiter) + "\n" + std::string(value) + "\n" + std::string(delimiter) +
         "\n";
}

}  // namespace scopegate::report

#pragma once
// What the GitHub Actions runner makes of a step's stdout and of the file that
// $GITHUB_OUTPUT names, written after the runner's own rules
// (src/Runner.Common/ActionCommand.cs, ActionCommandManager.cs and the file
// commands), so the tests can ask "which commands would GitHub see?".
//
// Both forms the runner reads: "::name k=v,k=v::data" at the start of a line
// (after white space), and, when a line is not that, the legacy "##[name]data"
// anywhere in it. Two deliberate differences, both stricter: any command name
// counts, not only the registered ones (error, warning, notice, add-mask,
// stop-commands, ...), and ::stop-commands:: does not pause the parsing. A
// test that finds no extra command here finds none in the runner either.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scopegate::testing {

struct RunnerCommand {
  std::string name;
  std::map<std::string, std::string> properties;  // keys as written; the runner ignores their case
  std::string data;
  std::size_t line = 0;  // 0-based index of the stdout line
  bool legacy = false;   // the "##[name k=v;]data" form, which matches anywhere in a line

  bool has(const std::string& key) const { return properties.count(key) > 0; }
  std::string property(const std::string& key) const {
    const auto found = properties.find(key);
    return found == properties.end() ? std::string() : found->second;
  }
};

struct RunnerLog {
  std::vector<RunnerCommand> commands;
  std::vector<std::string> lines;  // every line, as read
  std::vector<std::string> plain;  // the lines that are no command

  std::vector<RunnerCommand> named(const std::string& name) const {
    std::vector<RunnerCommand> out;
    for (const RunnerCommand& command : commands)
      if (command.name == name) out.push_back(command);
    return out;
  }
};

namespace runner_detail {

// Replace every occurrence, left to right, as .NET String.Replace does.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t found = text.find(from, at);
    if (found == std::string::npos) break;
    out.append(text, at, found - at);
    out.append(to);
    at = found + from.size();
  }
  out.append(text, at, std::string::npos);
  return out;
}

// The runner's mappings, applied one after the other in its order.
inline std::string unescape(std::string text, const std::vector<std::pair<std::string_view, std::string_view>>& map) {
  for (const auto& [escaped, plain] : map) text = replace_all(std::move(text), escaped, plain);
  return text;
}

// One code point at `at` (0 when the bytes are not UTF-8), and its length.
inline std::uint32_t decode(std::string_view text, std::size_t at, std::size_t* length) {
  const auto byte = static_cast<unsigned char>(text[at]);
  std::size_t count = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
  if (count == 0 || at + count > text.size()) {
    *length = 1;
    return 0xFFFD;
  }
  std::uint32_t code = count == 1 ? byte : byte & (0x7F >> count);
  for (std::size_t i = 1; i < count; ++i) code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  *length = count;
  return code;
}

// .NET Char.IsWhiteSpace.
inline bool is_white_space(std::uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

inline std::string_view trim_start(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t length = 0;
    if (!is_white_space(decode(text, at, &length))) break;
    at += length;
  }
  return text.substr(at);
}

inline std::string_view trim(std::string_view text) {
  text = trim_start(text);
  while (!text.empty() && (text.back() == ' ' || (text.back() >= '\t' && text.back() <= '\r'))) text.remove_suffix(1);
  return text;
}

inline std::vector<std::string_view> split_non_empty(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find(separator, at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// "k=v" split at the first '=', with empty pieces dropped (StringSplitOptions.RemoveEmptyEntries).
inline std::optional<std::pair<std::string, std::string>> key_value(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == text.size()) return std::nullopt;
  return std::make_pair(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
}

}  // namespace runner_detail

// The runner's UnescapeData / UnescapeProperty (ActionCommand.cs).
inline std::string runner_unescape_data(std::string_view text) {
  return runner_detail::unescape(std::string(text), {{"%0D", "\r"}, {"%0A", "\n"}, {"%25", "%"}});
}
inline std::string runner_unescape_property(std::string_view text) {
  return runner_detail::unescape(std::string(text),
                                 {{"%0D", "\r"}, {"%0A", "\n"}, {"%3A", ":"}, {"%2C", ","}, {"%25", "%"}});
}

// Lines as StreamReader.ReadLine reads them: CR, LF and CRLF each end one.
inline std::vector<std::string> runner_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(at));
      break;
    }
    lines.emplace_back(text.substr(at, end - at));
    at = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

// ActionCommand.TryParseV2: "::name k=v,k=v::data" once leading white space is trimmed.
inline std::optional<RunnerCommand> parse_command_v2(std::string_view line) {
  const std::string_view message = runner_detail::trim_start(line);
  if (!message.starts_with("::")) return std::nullopt;
  const std::size_t end = message.find("::", 2);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view info = message.substr(2, end - 2);
  const std::size_t space = info.find(' ');
  RunnerCommand command;
  command.name = std::string(space == std::string_view::npos ? info : info.substr(0, space));
  if (command.name.empty()) return std::nullopt;
  if (space != std::string_view::npos && space > 0)
    for (std::string_view property : runner_detail::split_non_empty(runner_detail::trim(info.substr(space + 1)), ','))
      if (auto pair = runner_detail::key_value(property))
        command.properties[pair->first] = runner_unescape_property(pair->second);
  command.data = runner_unescape_data(message.substr(end + 2));
  return command;
}

// ActionCommand.TryParse, the legacy form the runner tries when V2 fails:
// the first "##[" anywhere in the line, "name k=v;k=v" up to ']', then the data.
inline std::optional<RunnerCommand> parse_command_v1(std::string_view line) {
  const std::size_t prefix = line.find("##[");
  if (prefix == std::string_view::npos) return std::nullopt;
  const std::size_t bracket = line.find(']', prefix);
  if (bracket == std::string_view::npos) return std::nullopt;
  const std::string_view info = line.substr(prefix + 3, bracket - prefix - 3);
  const std::size_t space = info.find(' ');
  RunnerCommand command;
  command.name = std::string(space == std::string_view::npos ? info : info.substr(0, space));
  if (command.name.empty()) return std::nullopt;
  const std::vector<std::pair<std::string_view, std::string_view>> map{
      {"%3B", ";"}, {"%0D", "\r"}, {"%0A", "\n"}, {"%5D", "]"}, {"%25", "%"}};
  if (space != std::string_view::npos && space > 0)
    for (std::string_view property : runner_detail::split_non_empty(info.substr(space + 1), ';'))
      if (auto pair = runner_detail::key_value(property))
        command.properties[pair->first] = runner_detail::unescape(pair->second, map);
  command.data = runner_detail::unescape(std::string(line.substr(bracket + 1)), map);
  command.legacy = true;
  return command;
}

inline RunnerLog parse_runner_stdout(std::string_view text) {
  RunnerLog log;
  log.lines = runner_lines(text);
  for (std::size_t i = 0; i < log.lines.size(); ++i) {
    std::optional<RunnerCommand> command = parse_command_v2(log.lines[i]);
    if (!command) command = parse_command_v1(log.lines[i]);
    if (command) {
      command->line = i;
      log.commands.push_back(std::move(*command));
    } else {
      log.plain.push_back(log.lines[i]);
    }
  }
  return log;
}

// The file $GITHUB_OUTPUT names, read as the runner reads file commands on
// Linux: lines end at "\n" only; "name=value" lines and "name<<DELIMITER"
// blocks whose value is the text up to a line equal to the delimiter. A block
// that never ends fails the step ("Matching delimiter not found"), and so does
// a line of neither form.
struct OutputFile {
  std::vector<std::pair<std::string, std::string>> entries;
  std::string error;  // "" when the runner would accept the file
  bool ok() const { return error.empty(); }
};

namespace runner_detail {
struct FileLine {
  std::string_view text;
  bool ended = false;  // followed by "\n"
};

inline std::optional<FileLine> read_file_line(std::string_view text, std::size_t* at) {
  if (*at >= text.size()) return std::nullopt;
  const std::size_t start = *at;
  const std::size_t lf = text.find('\n', start);
  if (lf == std::string_view::npos) {
    *at = text.size();
    return FileLine{text.substr(start), false};
  }
  *at = lf + 1;
  return FileLine{text.substr(start, lf - start), true};
}
}  // namespace runner_detail

inline OutputFile parse_github_output_file(std::string_view text) {
  OutputFile file;
  std::size_t at = 0;
  while (const auto line = runner_detail::read_file_line(text, &at)) {
    const std::string_view content = line->text;
    if (content.empty()) continue;
    const std::size_t equals = content.find('=');
    const std::size_t heredoc = content.find("<<");
    if (equals != std::string_view::npos && (heredoc == std::string_view::npos || equals < heredoc)) {
      if (equals == 0) {
        file.error = "Invalid format '" + std::string(content) + "'. Name must not be empty";
        return file;
      }
      file.entries.emplace_back(std::string(content.substr(0, equals)), std::string(content.substr(equals + 1)));
      continue;
    }
    if (heredoc == std::string_view::npos) {
      file.error = "Invalid format '" + std::string(content) + "'";
      return file;
    }
    const std::string_view name = content.substr(0, heredoc);
    const std::string_view delimiter = content.substr(heredoc + 2);
    if (name.empty() || delimiter.empty()) {
      file.error =
          "Invalid format '" + std::string(content) + "'. Name must not be empty and delimiter must not be empty";
      return file;
    }
    const std::size_t start = at;
    std::size_t end = at;
    while (true) {
      const auto value_line = runner_detail::read_file_line(text, &at);
      if (!value_line) {
        file.error = "Invalid value. Matching delimiter not found '" + std::string(delimiter) + "'";
        return file;
      }
      if (value_line->text == delimiter) break;
      if (!value_line->ended) {
        file.error = "Invalid value. EOF marker missing new line.";
        return file;
      }
      end = at - 1;
    }
    file.entries.emplace_back(std::string(name), std::string(text.substr(start, end - start)));
  }
  return file;
}

}  // namespace scopegate::testing

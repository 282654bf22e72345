#pragma once
// GitHub Actions workflow commands, escaped exactly as the Actions toolkit
// escapes them (packages/core/src/command.ts), so no message or property can
// end a command early or start another: '%', CR and LF in messages; also ':'
// and ',' in properties.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scopegate::report {

std::string escape_command_data(std::string_view text);
std::string escape_command_property(std::string_view text);

// "::name key=value,key=value::message"
std::string workflow_command(std::string_view name, const std::vector<std::pair<std::string, std::string>>& properties,
                             std::string_view message);

// The runner also reads a legacy form, "##[name]data", anywhere in a line.
// A zero-width space between "##" and "[" (U+200B, invisible) defuses it;
// used on everything printed inside a GitHub Actions job.
std::string neutralize_legacy_commands(std::string text);

// One `name<<DELIMITER` block for $GITHUB_OUTPUT (toolkit file-command.ts).
// Returns "" when the value contains the delimiter (never, with a random one).
std::string output_block(std::string_view name, std::string_view value, std::string_view delimiter);

}  // namespace scopegate::report

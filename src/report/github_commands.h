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

// Everything printed to a CI log, except the tool's own workflow commands,
// passes here. The runner reads a line whose first non-blank characters are
// "::" as a command, and the legacy "##[name]" form (Azure Pipelines'
// "##vso[" too) anywhere in a line: a zero-width space (U+200B, invisible,
// not white space to the runner's trim) in front of "::" and after "##"
// defuses both, whatever the text, on any CI.
std::string defuse_workflow_commands(std::string text);
// Only the legacy forms: for the tool's own "::" commands, whose data may
// quote outside text.
std::string defuse_legacy_commands(std::string text);

// One `name<<DELIMITER` block for $GITHUB_OUTPUT (toolkit file-command.ts).
// Returns "" when the value contains the delimiter (never, with a random one).
std::string output_block(std::string_view name, std::string_view value, std::string_view delimiter);

}  // namespace scopegate::report

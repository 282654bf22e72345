#include <algorithm>

#include "cli/app.h"
#include "providers/provider.h"
#include "report/reporter.h"
#include "scopegate_version.h"

namespace scopegate::cli {

namespace {
// Under `init --help`: which presets --commands works with, and what it names.
std::string commands_note(const Command& command, const providers::PresetInfo& preset) {
  if (command.name != "init" || !preset.requirement_source) return {};
  return "; --commands: " + std::string(preset.requirement_source->noun) + "s (" +
         std::string(preset.requirement_source->key) + ": in requires:)";
}
}  // namespace

std::string command_help(const Command& command) {
  std::string out = "usage: " + std::string(command.usage) + "\n\n" + std::string(command.description) + "\n\n";
  out += "options:\n" + describe_options(command.options);
  if (command.name == "init" || command.name == "catalog") {
    out += "\npresets:\n";
    for (const auto& preset : providers::preset_table())
      out += "  " + std::string(preset.name) + std::string(10 - std::min<std::size_t>(preset.name.size(), 9), ' ') +
             std::string(preset.summary) + commands_note(command, preset) + '\n';
  }
  return out;
}

std::string program_help() {
  std::string out =
      "scopegate " SCOPEGATE_VERSION
      ": check an API token's scopes before the pipeline needs them\n\n"
      "usage: scopegate COMMAND [options]\n\ncommands:\n";
  for (const Command& command : command_table())
    out += "  " + std::string(command.name) + std::string(10 - command.name.size(), ' ') + std::string(command.summary) + '\n';
  out +=
      "\n  scopegate COMMAND --help    options of one command\n"
      "  scopegate --version         print the version\n\n"
      "exit codes: 0 ok, 1 scope missing, 2 usage or manifest error, 3 token rejected,\n"
      "            4 provider could not be asked, 5 scope unverifiable\n";
  return out;
}

}  // namespace scopegate::cli

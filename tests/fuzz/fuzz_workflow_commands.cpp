// libFuzzer: GitHub Actions workflow commands built from any text must read
// back, through a parser written after the runner's own, as exactly one
// command whose title and message are that text - nothing more, nothing less.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "report/github_commands.h"
#include "support/github_runner.h"
#include "util/strings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t split = text.size() / 2;
  const std::string title = text.substr(0, split);
  const std::string message = text.substr(split);
  const std::string line = scopegate::report::workflow_command("error", {{"file", "m.yaml"}, {"title", title}}, message);
  const auto log = scopegate::testing::parse_runner_stdout(line);
  if (log.commands.size() != 1) std::abort();
  const auto& command = log.commands.front();
  // The runner trims the (still escaped) properties string, so trailing white
  // space of the last property is lost there; everything else must come back.
  namespace runner = scopegate::testing::runner_detail;
  const std::string escaped = scopegate::report::escape_command_property(title);
  const std::string title_back = scopegate::testing::runner_unescape_property(std::string(runner::trim("x" + escaped)).substr(1));
  if (command.name != "error" || command.property("title") != title_back || command.data != message) std::abort();
  // Outside text as the log gets it (neutralised, then defused at the output)
  // never reads as a command of either form, alone on a line or behind words.
  for (const std::string& printed : {scopegate::util::neutralize(text), "  hint: " + scopegate::util::neutralize(text)})
    if (!scopegate::testing::parse_runner_stdout(scopegate::report::defuse_workflow_commands(printed)).commands.empty())
      std::abort();
  // The same text as the output layer gets it (line feeds kept, everything
  // else escaped, then defused): still no command, on any line.
  const std::string document = scopegate::util::neutralize_keeping_lines(text);
  if (!scopegate::testing::parse_runner_stdout(scopegate::report::defuse_workflow_commands(document)).commands.empty())
    std::abort();
  return 0;
}

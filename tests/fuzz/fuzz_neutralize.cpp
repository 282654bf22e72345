// libFuzzer: the one neutraliser for text from outside. Whatever the bytes,
// its output is valid UTF-8 with no control, invisible or reordering
// character, it is stable (neutralising twice changes nothing), and once the
// output layer has defused it no line reads as a CI workflow command.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "report/github_commands.h"
#include "support/github_runner.h"
#include "util/strings.h"

namespace {
bool has_unsafe(const std::string& text, bool keep_lines) {
  for (std::size_t at = 0; at < text.size();) {
    const scopegate::util::Utf8Char c = scopegate::util::decode_utf8_at(text, at);
    const bool kept = keep_lines && (c.code_point == '\n' || c.code_point == '\t');
    if (!c.valid || (scopegate::util::is_unsafe_code_point(c.code_point) && !kept)) return true;
    at += c.length;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace util = scopegate::util;
  const std::string text(reinterpret_cast<const char*>(data), size);

  const std::string once = util::neutralize(text);
  if (!util::is_valid_utf8(once) || has_unsafe(once, false)) std::abort();
  if (util::neutralize(once) != once) std::abort();
  std::string in_place = text;
  util::neutralize_in_place(in_place);
  if (in_place != once) std::abort();

  // The output layer: the tool's line feeds kept, nothing else.
  const std::string document = util::neutralize_keeping_lines(text);
  if (!util::is_valid_utf8(document) || has_unsafe(document, true)) std::abort();
  const std::string logged = scopegate::report::defuse_workflow_commands(document);
  if (!scopegate::testing::parse_runner_stdout(logged).commands.empty()) std::abort();
  // With colours kept, an ESC survives only as the start of an SGR sequence.
  const std::string coloured = util::neutralize_keeping_lines(text, true);
  for (std::size_t at = coloured.find('\x1b'); at != std::string::npos; at = coloured.find('\x1b', at + 1))
    if (coloured.compare(at + 1, 1, "[") != 0) std::abort();
  return 0;
}

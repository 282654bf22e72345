#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "report/github_commands.h"
#include "support/check_strings.h"
#include "support/github_runner.h"

using scopegate::report::escape_command_data;
using scopegate::report::escape_command_property;
using scopegate::report::output_block;
using scopegate::report::workflow_command;
using scopegate::testing::parse_github_output_file;
using scopegate::testing::parse_runner_stdout;

namespace {
// Texts that would end a command early or start another one if escaped badly.
const std::vector<std::string> kHostile{
    "%0A::warning::x",
    "\n::error::y",
    "a: b, c",
    "\r::error::z",
    "::error::x",
    "100%",
    "%25%0D%3A%2C",
    "x%0Dy\r\n::notice file=f::n",
    "title=evil,line=1::data",
    "ends with a line break\n",
    "##[error]legacy",
    "::",
    ":,:,",
};
}  // namespace

TEST_SUITE("report.github_commands") {
  TEST_CASE("data escapes percent and line breaks and keeps colons and commas") {
    CHECK(escape_command_data("") == "");
    CHECK(escape_command_data("plain text") == "plain text");
    CHECK(escape_command_data("100%") == "100%25");
    CHECK(escape_command_data("a\rb") == "a%0Db");
    CHECK(escape_command_data("a\nb") == "a%0Ab");
    CHECK(escape_command_data("a\r\nb") == "a%0D%0Ab");
    CHECK(escape_command_data("a:b,c") == "a:b,c");
    CHECK(escape_command_data("%0A::warning::x") == "%250A::warning::x");
    CHECK(escape_command_data("\n::error::y") == "%0A::error::y");
  }

  TEST_CASE("properties also escape colons and commas") {
    CHECK(escape_command_property("") == "");
    CHECK(escape_command_property("plain text") == "plain text");
    CHECK(escape_command_property("a:b") == "a%3Ab");
    CHECK(escape_command_property("a,b") == "a%2Cb");
    CHECK(escape_command_property("100%") == "100%25");
    CHECK(escape_command_property("a\r\nb") == "a%0D%0Ab");
    CHECK(escape_command_property("%3A:,%2C") == "%253A%3A%2C%252C");
    CHECK(escape_command_property("title=x") == "title=x");
  }

  TEST_CASE("a command is name, properties, two colons, data and a line break") {
    CHECK(workflow_command("error", {{"file", "a"}, {"line", "3"}, {"title", "T"}}, "msg") ==
          "::error file=a,line=3,title=T::msg\n");
    CHECK(workflow_command("add-mask", {}, "value") == "::add-mask::value\n");
    CHECK(workflow_command("warning", {{"title", "a:b,c"}}, "x:y,z\n%") == "::warning title=a%3Ab%2Cc::x:y,z%0A%25\n");
    CHECK(workflow_command("notice", {}, "") == "::notice::\n");
  }

  TEST_CASE("an output block is a heredoc, and nothing when the delimiter occurs") {
    CHECK(output_block("name", "value", "D") == "name<<D\nvalue\nD\n");
    CHECK(output_block("ok", "", "ghadelimiter_1") == "ok<<ghadelimiter_1\n\nghadelimiter_1\n");
    CHECK(output_block("text", "two\nlines", "EOF") == "text<<EOF\ntwo\nlines\nEOF\n");
    CHECK(output_block("name", "a D b", "D") == "");
    CHECK(output_block("name", "D", "D") == "");
    CHECK(output_block("xDx", "value", "D") == "");
    CHECK(output_block("name", "line\nEOF\nafter", "EOF") == "");
  }

  TEST_CASE("the runner parser follows the runner") {
    SUBCASE("leading white space is trimmed, text before the colons is not") {
      const auto log = parse_runner_stdout(" \t::warning::a\n\xC2\xA0::notice::b\ntext ::error::c\n::error no end\n");
      REQUIRE(log.commands.size() == 2);
      CHECK(log.commands[0].name == "warning");
      CHECK(log.commands[0].data == "a");
      CHECK(log.commands[0].line == 0);
      CHECK(log.commands[1].name == "notice");
      CHECK(log.commands[1].data == "b");
      CHECK(log.lines.size() == 4);
      CHECK_STRINGS(log.plain, {"text ::error::c", "::error no end"});
    }
    SUBCASE("properties and data are unescaped the runner's way") {
      const auto log = parse_runner_stdout("::error file=a%2Cb,line=3,title=x%3Ay%25%0A::d%25%0D%0A:,\n");
      REQUIRE(log.commands.size() == 1);
      CHECK(log.commands[0].property("file") == "a,b");
      CHECK(log.commands[0].property("line") == "3");
      CHECK(log.commands[0].property("title") == "x:y%\n");
      CHECK(log.commands[0].data == "d%\r\n:,");
      CHECK(log.commands[0].properties.size() == 3);
    }
    SUBCASE("CR, LF and CRLF each end a line") {
      const auto log = parse_runner_stdout("a\r::error::b\r\n::warning::c\nd");
      CHECK_STRINGS(log.lines, {"a", "::error::b", "::warning::c", "d"});
      CHECK(log.commands.size() == 2);
    }
    SUBCASE("the legacy form counts anywhere in a line") {
      const auto log = parse_runner_stdout("  hint: ##[error]boom\n");
      REQUIRE(log.commands.size() == 1);
      CHECK(log.commands[0].name == "error");
      CHECK(log.commands[0].data == "boom");
      CHECK(log.commands[0].legacy);
    }
  }

  TEST_CASE("the output file parser reads blocks and lines and rejects an open block") {
    SUBCASE("blocks and name=value lines") {
      const auto file = parse_github_output_file("a<<EOF\none\ntwo\nEOF\nb=x=y\nc<<Z\n\nZ\n");
      REQUIRE(file.ok());
      REQUIRE(file.entries.size() == 3);
      CHECK(file.entries[0] == std::make_pair(std::string("a"), std::string("one\ntwo")));
      CHECK(file.entries[1] == std::make_pair(std::string("b"), std::string("x=y")));
      CHECK(file.entries[2] == std::make_pair(std::string("c"), std::string("")));
    }
    SUBCASE("a block without its delimiter line is an error") {
      CHECK_FALSE(parse_github_output_file("a<<EOF\none\n").ok());
      CHECK_FALSE(parse_github_output_file("a<<EOF\none EOF\n").ok());
      CHECK_FALSE(parse_github_output_file("a<<EOF\noneEOF").ok());
      CHECK(parse_github_output_file("a<<EOF\none\nEOF").ok());
    }
    SUBCASE("a line that is neither form is an error") {
      CHECK_FALSE(parse_github_output_file("just text\n").ok());
      CHECK_FALSE(parse_github_output_file("=value\n").ok());
      CHECK_FALSE(parse_github_output_file("<<EOF\nx\nEOF\n").ok());
    }
  }

  TEST_CASE("hostile data stays one command and comes back unchanged") {
    for (const std::string& text : kHostile) {
      CAPTURE(text);
      const std::string line = workflow_command("error", {{"file", "scopegate.yaml"}, {"line", "7"}}, text);
      const auto log = parse_runner_stdout(line);
      REQUIRE(log.commands.size() == 1);
      CHECK(log.commands[0].name == "error");
      CHECK(log.commands[0].data == text);
      CHECK(log.commands[0].property("file") == "scopegate.yaml");
      CHECK(log.commands[0].property("line") == "7");
      CHECK(log.commands[0].properties.size() == 2);
      CHECK_FALSE(log.commands[0].legacy);
      CHECK(log.lines.size() == 1);
    }
  }

  TEST_CASE("hostile properties stay one property and come back unchanged") {
    for (const std::string& text : kHostile) {
      CAPTURE(text);
      const std::string line =
          workflow_command("warning", {{"file", text}, {"line", "3"}, {"title", "Missing scope " + text}}, "msg");
      const auto log = parse_runner_stdout(line);
      REQUIRE(log.commands.size() == 1);
      CHECK(log.commands[0].name == "warning");
      CHECK(log.commands[0].property("file") == text);
      CHECK(log.commands[0].property("line") == "3");
      CHECK(log.commands[0].property("title") == "Missing scope " + text);
      CHECK(log.commands[0].properties.size() == 3);
      CHECK(log.commands[0].data == "msg");
    }
  }

  TEST_CASE("several hostile commands in a row are as many commands") {
    std::string out;
    for (const std::string& text : kHostile) out += workflow_command("notice", {{"title", text}}, text);
    const auto log = parse_runner_stdout(out);
    REQUIRE(log.commands.size() == kHostile.size());
    CHECK(log.plain.empty());
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
      CHECK(log.commands[i].line == i);
      CHECK(log.commands[i].data == kHostile[i]);
      CHECK(log.commands[i].property("title") == kHostile[i]);
    }
  }

  TEST_CASE("an output value with line breaks and look-alike lines stays one output") {
    const std::string delimiter = "ghadelimiter_0123456789abcdef";
    const std::vector<std::string> values{"x\nok=true", "EOF\nname<<EOF", "",
                                          "a\r\nb",     "ghadelimiter",   "[\"a\",\"b\"]"};
    std::string file;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string block = output_block("v" + std::to_string(i), values[i], delimiter);
      REQUIRE_FALSE(block.empty());
      file += block;
    }
    const auto parsed = parse_github_output_file(file);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.entries.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      CHECK(parsed.entries[i].first == "v" + std::to_string(i));
      CHECK(parsed.entries[i].second == values[i]);
    }
  }
}

TEST_SUITE("report.github_commands.defuse") {
  using scopegate::report::defuse_legacy_commands;
  using scopegate::report::defuse_workflow_commands;
  const std::string kZwsp = "\xE2\x80\x8B";

  TEST_CASE("a line that would start a command gets a zero-width space before its colons, whatever leads it") {
    CHECK(defuse_workflow_commands("::error::x\n") == kZwsp + "::error::x\n");
    CHECK(defuse_workflow_commands("ok\n  ::warning::y\n") == "ok\n  " + kZwsp + "::warning::y\n");
    CHECK(defuse_workflow_commands("a\r::error::cr") == "a\r" + kZwsp + "::error::cr");  // CR ends a line too
    // The runner's trim takes Unicode white space: no-break space, em quad, ideographic space.
    for (const std::string& space : {std::string("\xC2\xA0"), std::string("\xE2\x80\x81"), std::string("\xE3\x80\x80")})
      CHECK(defuse_workflow_commands(space + "::error::u") == space + kZwsp + "::error::u");
    CHECK(defuse_workflow_commands("text :: not at the start\n") == "text :: not at the start\n");
    CHECK(defuse_workflow_commands("") == "");
  }

  TEST_CASE("the legacy forms are split anywhere in a line, however many hashes lead them") {
    CHECK(defuse_legacy_commands("x ##[error]y") == "x ##" + kZwsp + "[error]y");
    CHECK(defuse_legacy_commands("###[error]") == "###" + kZwsp + "[error]");
    CHECK(defuse_legacy_commands("##vso[task.complete]") == "##" + kZwsp + "vso[task.complete]");
    CHECK(defuse_legacy_commands("## heading #[x] ##") == "## heading #[x] ##");
  }

  TEST_CASE("whatever the text, the runner finds no command in what defuse returns") {
    for (const std::string& text : kHostile) {
      CAPTURE(text);
      CHECK(parse_runner_stdout(defuse_workflow_commands(text)).commands.empty());
    }
  }

  TEST_CASE("one long line of colons, or of blanks before them, costs one pass too") {
    const std::string colons = "x" + std::string(400000, ':');
    CHECK(defuse_workflow_commands(colons) == colons);
    const std::string blanks = std::string(200000, ' ') + "::error::x" + std::string(200000, ':');
    CHECK(defuse_workflow_commands(blanks) ==
          std::string(200000, ' ') + kZwsp + "::error::x" + std::string(200000, ':'));
  }

  TEST_CASE("many lines to defuse cost one pass") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "::error::x ##[y]\n";
    const std::string out = defuse_workflow_commands(text);
    CHECK(out.size() == text.size() + 100000 * 2 * kZwsp.size());
    CHECK(parse_runner_stdout(out).commands.empty());
  }
}

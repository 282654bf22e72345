#include <doctest/doctest.h>

#include <stdexcept>

#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::kFakeToken;
using testing::run_cli;
using testing::kManifest;
using testing::files_with_manifest;

namespace {
// An environment that throws when one variable is asked for: a stand-in for
// any bug that lets an exception escape a command.
class ThrowingEnvironment final : public util::Environment {
 public:
  ThrowingEnvironment(const util::Environment& inner, std::string trigger, std::string message, bool standard = true)
      : inner_(inner), trigger_(std::move(trigger)), message_(std::move(message)), standard_(standard) {}
  std::optional<std::string> get(std::string_view name) const override {
    if (name == trigger_) {
      if (standard_) throw std::runtime_error(message_);
      throw 42;
    }
    return inner_.get(name);
  }

 private:
  const util::Environment& inner_;
  std::string trigger_;
  std::string message_;
  bool standard_;
};
}  // namespace

// the command table, options, colour, the manifest found, a bug contained (cli/app.cpp).
TEST_SUITE("cli.app") {
  TEST_CASE("unknown commands and options: exit 2 with did-you-mean") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto command = run_cli({"chek"}, env, files);
    CHECK(command.exit_code == 2);
    CHECK(command.err.find("unknown command 'chek' (did you mean 'check'?)") != std::string::npos);
    const auto option = run_cli({"check", "--granted-files", "x"}, env, files);
    CHECK(option.exit_code == 2);
    CHECK(option.err.find("(did you mean '--granted-file'?)") != std::string::npos);
    CHECK(option.err.find("Try 'scopegate check --help'.") != std::string::npos);
    CHECK(run_cli({"lint", "stray"}, env, files).err.find("unexpected argument 'stray'") != std::string::npos);
  }

  TEST_CASE("the manifest is found as scopegate.yaml, then .scopegate.yaml") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto none = run_cli({"lint"}, env, files);
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("no manifest: scopegate.yaml is not in this directory") != std::string::npos);
    files.files[".scopegate.yaml"] = kManifest;
    CHECK(run_cli({"lint"}, env, files).out.starts_with(".scopegate.yaml: ok"));
    files.files["scopegate.yaml"] = kManifest;
    CHECK(run_cli({"lint"}, env, files).out.starts_with("scopegate.yaml: ok"));
  }

  TEST_CASE("colour: only on a terminal, never under NO_COLOR or TERM=dumb, forced by CLICOLOR_FORCE") {
    FakeFileSystem files = files_with_manifest();
    const std::vector<std::string> args{"check", "--response-file", "answer.json"};
    FakeEnvironment plain;
    CHECK(run_cli(args, plain, files, /*tty=*/false).out.find('\x1b') == std::string::npos);
    CHECK(run_cli(args, plain, files, /*tty=*/true).out.find('\x1b') != std::string::npos);
    FakeEnvironment no_color{{"NO_COLOR", "1"}};
    CHECK(run_cli(args, no_color, files, true).out.find('\x1b') == std::string::npos);
    FakeEnvironment dumb{{"TERM", "dumb"}};
    CHECK(run_cli(args, dumb, files, true).out.find('\x1b') == std::string::npos);
    FakeEnvironment forced{{"CLICOLOR_FORCE", "1"}};
    CHECK(run_cli(args, forced, files, false).out.find('\x1b') != std::string::npos);
    FakeEnvironment both{{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}};
    CHECK(run_cli(args, both, files, false).out.find('\x1b') == std::string::npos);
  }

  TEST_CASE("colour: NO_COLOR set to the empty string still turns it off, as the contract says") {
    FakeFileSystem files = files_with_manifest();
    const std::vector<std::string> args{"check", "--response-file", "answer.json"};
    FakeEnvironment empty{{"NO_COLOR", ""}};
    CHECK(run_cli(args, empty, files, /*tty=*/true).out.find('\x1b') == std::string::npos);
    FakeEnvironment forced{{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", ""}};
    CHECK(run_cli(args, forced, files, false).out.find('\x1b') == std::string::npos);
    const auto to_file = run_cli({"check", "--response-file", "answer.json", "--format", "json", "-o", "r.json"},
                                 empty, files, true);
    CHECK(to_file.err.find("MISSING") != std::string::npos);
    CHECK(to_file.err.find('\x1b') == std::string::npos);
  }

  TEST_CASE("an exception escaping a command: one redacted line, exit 4, a bug to report") {
    FakeEnvironment inner{{"SONAR_API_KEY", kFakeToken}};
    FakeFileSystem files = files_with_manifest();
    // NO_COLOR is asked when the report is printed, after the token was read.
    const ThrowingEnvironment thrower(inner, "NO_COLOR", std::string("boom: ") + kFakeToken + "\nsecond line");
    const auto run = run_cli({"check", "--response-file", "answer.json"}, thrower, files, /*tty=*/true);
    CHECK(run.exit_code == 4);
    CHECK(run.err.find("scopegate: internal error: boom: [REDACTED]\\nsecond line (this is a bug in scopegate; please "
                       "report it") != std::string::npos);
    CHECK(run.all().find(kFakeToken) == std::string::npos);
    const ThrowingEnvironment odd(inner, "NO_COLOR", "", /*standard=*/false);
    const auto other = run_cli({"check", "--response-file", "answer.json"}, odd, files, true);
    CHECK(other.exit_code == 4);
    CHECK(other.err.find("scopegate: internal error: an exception that is not a std::exception") != std::string::npos);
  }
}

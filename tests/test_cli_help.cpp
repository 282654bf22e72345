#include <doctest/doctest.h>


#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::run_cli;

// --version and --help (cli/help.cpp).
TEST_SUITE("cli.help") {
  TEST_CASE("--version, --help, help COMMAND, COMMAND --help") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto version = run_cli({"--version"}, env, files);
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("scopegate 0."));
    const auto help = run_cli({"--help"}, env, files);
    CHECK(help.exit_code == 0);
    for (const char* command : {"check", "scopes", "lint", "catalog", "init"})
      CHECK(help.out.find(std::string("  ") + command) != std::string::npos);
    for (const char* command : {"check", "scopes", "lint", "catalog", "init"}) {
      const auto own = run_cli({command, "--help"}, env, files);
      CHECK(own.exit_code == 0);
      CHECK(own.out.starts_with(std::string("usage: scopegate ") + command));
      CHECK(run_cli({"help", command}, env, files).out == own.out);
    }
    CHECK(run_cli({"check", "--help"}, env, files).out.find("--response-file [NAME=]FILE") != std::string::npos);
    CHECK(run_cli({}, env, files).exit_code == 2);
  }
}

#include <doctest/doctest.h>


#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::run_cli;

// scopegate lint (cli/lint_command.cpp).
TEST_SUITE("cli.lint_command") {
  TEST_CASE("lint: every error with FILE:LINE:COL, exit 2, warnings alone pass") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["bad.yaml"] = "version: 1\nproviders:\n  g: {preset: gthub}\nfeatures:\n  a: {requirs: [repo]}\n";
    const auto bad = run_cli({"lint", "-m", "bad.yaml"}, env, files);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.yaml:3:15: error: unknown preset 'gthub' (did you mean 'github'?)") != std::string::npos);
    CHECK(bad.err.find("bad.yaml:5:7: error: unknown key 'requirs' in feature 'a' (did you mean 'requires'?)") !=
          std::string::npos);
    CHECK(bad.err.find("bad.yaml: 3 errors\n") != std::string::npos);
    files.files["warn.yaml"] = "version: 1\nproviders:\n  s: {preset: sonar, base_url: 'https://s.example'}\n"
                               "features:\n  a: {requires: [documents:signed:exprot]}\n";
    const auto warned = run_cli({"lint", "-m", "warn.yaml"}, env, files);
    CHECK(warned.exit_code == 0);
    CHECK(warned.err.find("warn.yaml:5:18: warning: scope 'documents:signed:exprot' is not in scopegate's list of "
                          "Sonar scopes (did you mean 'documents:signed:export'?); the list may lag Sonar") !=
          std::string::npos);
    CHECK(warned.out == "warn.yaml: ok (1 provider, 1 feature, 1 warning)\n");
  }
}

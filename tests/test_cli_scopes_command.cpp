#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::kFakeToken;
using testing::run_cli;
using testing::files_with_manifest;

// scopegate scopes and catalog (cli/scopes_command.cpp).
TEST_SUITE("cli.scopes_catalog") {
  TEST_CASE("scopes prints key, expiry and scopes, json has the same") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto text = run_cli({"scopes", "--response-file", "answer.json"}, env, files);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("  key:     CI key\n  prefix:  sk_live...\n") != std::string::npos);
    CHECK(text.out.find("  scopes:  documents:signed:read\n") != std::string::npos);
    const auto json = run_cli({"scopes", "--response-file", "answer.json", "--format", "json"}, env, files);
    const auto root = boost::json::parse(json.out);
    CHECK(root.at("providers").at(0).at("granted").at(0).as_string() == "documents:signed:read");
    CHECK(run_cli({"scopes", "--provider", "sonnar", "--granted", "x"}, env, files).err.find("did you mean 'sonar'") !=
          std::string::npos);
  }

  TEST_CASE("catalog: a preset's vocabulary, from the manifest or by name") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto sonar = run_cli({"catalog"}, env, files);
    CHECK(sonar.exit_code == 0);
    CHECK(sonar.out.find("documents:signed:export       Documents / Signed / Export") != std::string::npos);
    const auto github = run_cli({"catalog", "--preset", "github", "--format", "json"}, env, files);
    const auto root = boost::json::parse(github.out);
    CHECK(root.at("providers").at(0).at("implies").at("admin:org").at(0).as_string() == "write:org");
    const auto socket = run_cli({"catalog", "--preset", "socket"}, env, files);
    CHECK(socket.out.find("a bare group grants all of its actions") != std::string::npos);
  }

  TEST_CASE("catalog: the advice on where the names came from fits the run") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    CHECK(run_cli({"catalog"}, env, files).out.find("from built in (set SONAR_API_KEY to ask the provider") !=
          std::string::npos);
    env.set("SONAR_API_KEY", kFakeToken);
    const auto offline = run_cli({"catalog", "--offline"}, env, files);
    CHECK(offline.out.find("from built in (--offline; without it, the provider is asked") != std::string::npos);
    CHECK(offline.out.find("set SONAR_API_KEY") == std::string::npos);  // it is set: the advice would be false
  }
}

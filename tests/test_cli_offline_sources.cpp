#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::run_cli;
using testing::kTwoProviders;

// --granted, --granted-file, --response-file and NAME= on the command line (cli/offline_sources.cpp).
TEST_SUITE("cli.offline_sources") {
  TEST_CASE("offline sources: NAME= targets one provider, a source without it covers the rest") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kTwoProviders;
    files.files["gh.txt"] = "repo\n";
    files.files["./odd=name.txt"] = "repo # a file whose name has '=' in it\n";
    CHECK(run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted", "gh=repo"}, env, files).exit_code == 0);
    CHECK(run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted-file", "gh=gh.txt"}, env, files)
              .exit_code == 0);
    // One targeted, one for every other provider.
    CHECK(run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted", "repo"}, env, files).exit_code == 0);
    const auto json = run_cli({"check", "--granted", "gh=repo", "--granted", "documents:signed:read", "--format", "json"},
                              env, files);
    CHECK(json.exit_code == 0);
    const auto root = boost::json::parse(json.out);
    CHECK(root.at("providers").at(0).at("granted").at(0).as_string() == "documents:signed:read");
    CHECK(root.at("providers").at(1).at("granted").at(0).as_string() == "repo");
    // A path with '=' in it, written with ./ in front.
    CHECK(run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted-file", "./odd=name.txt"}, env, files)
              .exit_code == 0);
  }

  TEST_CASE("offline sources: a NAME= that is no provider is exit 2 with did-you-mean and the providers") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kTwoProviders;
    const auto typo = run_cli({"check", "--granted", "sonr=documents:signed:read", "--granted", "gh=repo"}, env, files);
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("--granted sonr=documents:signed:read: no provider named 'sonr' in scopegate.yaml (did you "
                        "mean 'sonar'?); NAME= must be one of: sonar, gh\n") != std::string::npos);
    // Not close to any name: once taken as the scope "other=documents:signed:read" and reported as excess.
    const auto other = run_cli({"check", "--granted", "other=documents:signed:read", "--granted", "gh=repo"}, env, files);
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("no provider named 'other' in scopegate.yaml; NAME= must be one of: sonar, gh") !=
          std::string::npos);
    CHECK(other.out.empty());
    const auto file = run_cli({"check", "--response-file", "sonra=answer.json"}, env, files);
    CHECK(file.exit_code == 2);
    CHECK(file.err.find("(did you mean 'sonar'?)") != std::string::npos);
    CHECK(file.err.find("(for a file whose name has '=' in it, write ./sonra=answer.json)") != std::string::npos);
    CHECK(files.reads == std::set<std::string>{"scopegate.yaml"});
  }

  TEST_CASE("offline sources: two for one provider, or two for every provider, are exit 2, not merged") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kTwoProviders;
    files.files["more.txt"] = "documents:signed:export\n";
    const auto two = run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted-file", "sonar=more.txt",
                              "--granted", "gh=repo"},
                             env, files);
    CHECK(two.exit_code == 2);
    CHECK(two.err.find("provider 'sonar' is given two offline sources") != std::string::npos);
    const auto same_flag =
        run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted", "sonar=x", "--granted", "gh=repo"},
                env, files);
    CHECK(same_flag.exit_code == 2);
    const auto untargeted = run_cli({"check", "--granted", "documents:signed:read", "--granted", "repo"}, env, files);
    CHECK(untargeted.exit_code == 2);
    CHECK(untargeted.err.find("only one offline source may apply to every provider") != std::string::npos);
    CHECK(files.reads.count("more.txt") == 0);
  }

  TEST_CASE("one offline source for several providers is allowed, with a warning naming them") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kTwoProviders;
    const auto run = run_cli({"check", "--granted", "documents:signed:read repo"}, env, files);
    CHECK(run.exit_code == 0);
    CHECK(run.err.find("warning: the offline source without NAME= applies to 2 providers (sonar, gh); put NAME= in "
                       "front to give each its own") != std::string::npos);
    CHECK(run_cli({"check", "--granted", "sonar=documents:signed:read", "--granted", "gh=repo"}, env, files)
              .err.empty());
  }
}

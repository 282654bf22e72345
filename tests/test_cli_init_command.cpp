#include <doctest/doctest.h>


#include "cli/app.h"
#include "manifest/loader.h"
#include "providers/provider.h"
#include "support/cli_fixtures.h"
#include "support/fakes.h"
#include "support/load_options.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::run_cli;

// scopegate init: starter manifests (cli/init_command.cpp).
TEST_SUITE("cli.init") {
  TEST_CASE("every preset's starter manifest lints clean, without a single warning") {
    // Every row of the table, so a new preset's starter is checked the day it lands.
    for (const std::string& preset : providers::preset_names()) {
      CAPTURE(preset);
      FakeEnvironment env;
      FakeFileSystem files;
      const auto init = run_cli({"init", "--preset", preset}, env, files);
      CHECK(init.exit_code == 0);
      REQUIRE(files.files.count("scopegate.yaml"));
      manifest::Manifest manifest;
      manifest::Diagnostics diagnostics;
      CHECK(manifest::parse_manifest("scopegate.yaml", files.files["scopegate.yaml"], scopegate::testing::load_options(), &manifest, &diagnostics));
      CHECK(diagnostics.items().empty());
      CHECK(manifest.providers.at(0).preset.value == preset);
      CHECK(run_cli({"lint"}, env, files).exit_code == 0);
    }
  }

  TEST_CASE("init refuses to overwrite without --force, -o - prints, unknown presets") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "mine";
    const auto refused = run_cli({"init", "--preset", "github"}, env, files);
    CHECK(refused.exit_code == 2);
    CHECK(files.files["scopegate.yaml"] == "mine");
    CHECK(run_cli({"init", "--preset", "github", "--force"}, env, files).exit_code == 0);
    CHECK(files.files["scopegate.yaml"].find("preset: github") != std::string::npos);
    const auto printed = run_cli({"init", "--preset", "gitlab", "-o", "-"}, env, files);
    CHECK(printed.out.find("preset: gitlab") != std::string::npos);
    const auto unknown = run_cli({"init", "--preset", "gitlb"}, env, files);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("(did you mean 'gitlab'?)") != std::string::npos);
    CHECK(run_cli({"init"}, env, files).exit_code == 2);
  }
}

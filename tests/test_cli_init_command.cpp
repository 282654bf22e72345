#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

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

namespace {
// socket-cli 1.2.1's table, installed under npm's global prefix as lint finds it.
FakeFileSystem with_socket_cli(FakeEnvironment& env) {
  std::ifstream in(std::string(SCOPEGATE_SOURCE_DIR) + "/tests/fixtures/socket-cli/requirements.json");
  std::ostringstream table;
  table << in.rdbuf();
  FakeFileSystem files;
  env.set("npm_config_prefix", "/usr/local");
  files.files["/usr/local/lib/node_modules/@socketsecurity/cli/requirements.json"] = table.str();
  return files;
}
}  // namespace

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

  TEST_CASE("init --commands writes one feature per socket-cli command, and it lints clean") {
    FakeEnvironment env;
    FakeFileSystem files = with_socket_cli(env);
    const auto init = run_cli({"init", "--preset", "socket", "--commands", "scan:create,fix, scan:create"}, env, files);
    REQUIRE(init.exit_code == 0);
    const std::string& text = files.files["scopegate.yaml"];
    CHECK(text.find("  scan-create:\n    description: What socket-cli scan:create needs, by its own table\n"
                    "    requires:\n      socket-cli: [scan:create]\n") != std::string::npos);
    CHECK(text.find("  fix:\n") != std::string::npos);
    CHECK(text.find("dashboard-config") == std::string::npos);  // the starter's own features give way
    CHECK(text.find("preset: socket") != std::string::npos);
    const auto lint = run_cli({"lint"}, env, files);
    CHECK(lint.exit_code == 0);
    CHECK(lint.err.find("warning") == std::string::npos);
    CHECK(run_cli({"check", "--granted", "full-scans:create", "-f", "scan-create"}, env, files).exit_code == 0);
  }

  TEST_CASE("init --commands: a typo, a preset without commands, an empty list are usage errors") {
    FakeEnvironment env;
    FakeFileSystem files = with_socket_cli(env);
    const auto typo = run_cli({"init", "--preset", "socket", "--commands", "scan:creat"}, env, files);
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("unknown socket-cli command 'scan:creat' (did you mean 'scan:create'?)") != std::string::npos);
    const auto other = run_cli({"init", "--preset", "github", "--commands", "fix"}, env, files);
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("preset github has no commands to name; --commands is for socket (socket-cli commands)") !=
          std::string::npos);
    CHECK(run_cli({"init", "--preset", "socket", "--commands", ","}, env, files).exit_code == 2);
    CHECK(run_cli({"init", "--preset", "socket", "--commands", "scan/create"}, env, files).exit_code == 2);
    CHECK(files.files.count("scopegate.yaml") == 0);
  }

  TEST_CASE("init --commands without socket-cli installed still writes, and lint then says how to fix") {
    FakeEnvironment env;
    FakeFileSystem files;
    CHECK(run_cli({"init", "--preset", "socket", "--commands", "fix"}, env, files).exit_code == 0);
    const auto lint = run_cli({"lint"}, env, files);
    CHECK(lint.exit_code == 2);
    CHECK(lint.err.find("npm install -g @socketsecurity/cli") != std::string::npos);
  }

  TEST_CASE("init --help names the presets --commands works with") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto help = run_cli({"init", "--help"}, env, files);
    CHECK(help.out.find("--commands LIST") != std::string::npos);
    CHECK(help.out.find("; --commands: socket-cli commands (socket-cli: in requires:)") != std::string::npos);
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

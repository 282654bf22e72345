// The real binary with socket-cli's own table of what each command needs:
// the committed copy of 1.2.1's table (always, offline), the package as the
// npm registry serves it today (when the fetch step could get it), and a
// check against a local Socket API where features are named by commands.
#include <doctest/doctest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/fake_token.h"
#include "support/live_world.h"
#include "support/mock_server.h"
#include "support/subprocess.h"

using namespace scopegate::testing;
namespace fs = std::filesystem;

namespace {
const std::string kCommittedPackage = std::string(SCOPEGATE_SOURCE_DIR) + "/tests/fixtures/socket-cli";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Commands of socket-cli a pipeline runs, named instead of their scopes.
std::string commands_manifest(const std::string& extra_provider_keys, const std::string& base_url = "") {
  return "version: 1\nproviders:\n  socket:\n    preset: socket\n    org: acme\n" +
         (base_url.empty() ? "" : "    base_url: \"" + base_url + "\"\n") + extra_provider_keys +
         "features:\n"
         "  list-scans:\n    requires: {socket-cli: [scan:list]}\n"
         "  repos:\n    requires:\n      socket-cli: [repository:list, login]\n";
}

// lint and an offline check against the table in `package` (a package directory).
void lint_and_check_offline(World& world, const std::string& package) {
  const std::string manifest = world.manifest(commands_manifest("    socket_cli: " + package + "\n"));
  const auto lint = world.run({"lint", "-m", manifest});
  CHECK(lint.exit_code == 0);
  CHECK_FALSE(has(lint.err, "warning"));
  const auto check = world.run({"check", "-m", manifest, "--granted", "full-scans:list"});
  CHECK(check.exit_code == 1);
  CHECK(has(check.out, "  ok          list-scans"));
  CHECK(has(check.out, "  MISSING     repos"));
  CHECK(has(check.out, "repo:list for socket-cli repository:list"));
  const auto typo = world.run({"lint", "-m", world.manifest(commands_manifest("    socket_cli: " + package + "\n") +
                                                              "  typo: {requires: {socket-cli: [scan:crate]}}\n")});
  CHECK(typo.exit_code == 2);
  CHECK(has(typo.err, "scopegate.yaml:13:34: error: unknown socket-cli command 'scan:crate' (did you mean "
                      "'scan:create'?)"));
}
}  // namespace

TEST_SUITE("integration.socket_cli") {
  TEST_CASE("socket-cli: the committed copy of 1.2.1's table, named by socket_cli: and found as npm installs it") {
    World world;
    lint_and_check_offline(world, kCommittedPackage);
    lint_and_check_offline(world, kCommittedPackage + "/requirements.json");  // the table file itself
    // npm's global prefix, as `npm install -g` would have put the package there.
    const fs::path global = fs::path(world.dir.path()) / "prefix/lib/node_modules/@socketsecurity/cli";
    fs::create_directories(global);
    fs::copy_file(kCommittedPackage + "/requirements.json", global / "requirements.json");
    world.env["npm_config_prefix"] = world.dir.path() + "/prefix";
    const auto lint = world.run({"lint", "-m", world.manifest(commands_manifest(""))});
    CHECK(lint.exit_code == 0);
    CHECK(lint.err.empty());
    // Nowhere: the error says where it looked and how to fix it.
    world.env["npm_config_prefix"] = world.dir.path() + "/empty";
    const auto missing = world.run({"lint", "-m", world.manifest(commands_manifest(""))});
    CHECK(missing.exit_code == 2);
    CHECK(has(missing.err, world.dir.path() + "/empty/lib/node_modules/@socketsecurity/cli (npm's global prefix, "
                                             "from npm_config_prefix)"));
    CHECK(has(missing.err, "or set socket_cli: on the provider"));
  }

  TEST_CASE("socket-cli: init --commands writes a manifest that lints clean with the package installed") {
    World world;
    world.env["npm_config_prefix"] = world.dir.path() + "/prefix";
    const fs::path global = fs::path(world.dir.path()) / "prefix/lib/node_modules/@socketsecurity/cli";
    fs::create_directories(global);
    fs::copy_file(kCommittedPackage + "/requirements.json", global / "requirements.json");
    const std::string path = world.dir.path() + "/written.yaml";
    const auto init = world.run({"init", "--preset", "socket", "--commands", "scan:create,fix", "-o", path});
    REQUIRE(init.exit_code == 0);
    CHECK(has(read_text(path), "      socket-cli: [scan:create]\n"));
    const auto lint = world.run({"lint", "-m", path});
    CHECK(lint.exit_code == 0);
    CHECK(lint.err.empty());
  }

  // The package the npm registry serves now, fetched by the CTest fixture
  // "fetch: socket-cli package" (tests/integration/fetch_socket_cli.cmake).
  TEST_CASE("socket-cli: the real package from the npm registry") {
    const fs::path fetched = SCOPEGATE_SOCKET_CLI_PACKAGE;
    if (!fs::exists(fetched / "package/package.json")) {
      std::string why = read_text(fetched / "unavailable.txt");
      while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
      std::printf("SKIPPED: socket-cli's package was not fetched (%s)\n",
                  why.empty() ? "the fetch step did not run: ctest -R socket-cli runs it" : why.c_str());
      return;
    }
    World world;
    lint_and_check_offline(world, (fetched / "package").string());
  }

  TEST_CASE("socket-cli: check against a Socket API, commands ok and missing, and the fix names socket-cli's page") {
    World world;
    world.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    MockServer server(
        [](const MockRequest& r) {
          if (r.header("Authorization") != std::string("Bearer ") + kFakeToken)
            return MockResponse::json(401, R"({"error": {"message": "Unauthorized"}})");
          if (r.target == "/v0/quota") return MockResponse::json(200, R"({"quota": 1000})");
          if (r.target == "/v0/orgs/acme/full-scans?per_page=1") return MockResponse::json(200, R"({"results": []})");
          if (r.target == "/v0/orgs/acme/repos?per_page=1")
            return MockResponse::json(403, R"({"error": {"message": "Insufficient permissions for API method getOrgRepoList", "details": null}})");
          return MockResponse::json(404, R"({"error": {"message": "Not found"}})");
        },
        world.https());
    const std::string manifest = commands_manifest("    socket_cli: " + kCommittedPackage + "\n", server.url());
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  ok          list-scans"));
    CHECK(has(result.out, "  MISSING     repos"));
    CHECK(has(result.out, "add repo:list to the API token in the Socket dashboard"));
    CHECK(has(result.out, "repo:list for socket-cli repository:list; socket-cli's own advice: "
                          "https://socket.dev/settings/api-tokens"));
    CHECK(server.requests().size() == 3);  // the quota, then one probe per scope the commands need
    no_token_in(result);
    // The token granted repo:list too: every feature named by commands is ok.
    const auto json = world.check(manifest, {"--format", "json", "-f", "list-scans"});
    CHECK(json.exit_code == 0);
    CHECK(has(json.out, R"("required": ["full-scans:list"])"));
  }
}

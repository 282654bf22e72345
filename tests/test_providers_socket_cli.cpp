#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "providers/socket_cli.h"
#include "support/fakes.h"

using namespace scopegate;
using providers::RequirementTable;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
namespace socket_cli = providers::socket_cli;

namespace {
// socket-cli 1.2.1's requirements.json, as the npm registry ships it (data, not code).
std::string committed_table() {
  std::ifstream in(std::string(SCOPEGATE_SOURCE_DIR) + "/tests/fixtures/socket-cli/requirements.json");
  std::ostringstream text;
  text << in.rdbuf();
  REQUIRE_FALSE(text.str().empty());
  return text.str();
}

// A one-command table, told apart from another by its only command.
std::string table_of(const std::string& command, const std::string& scope) {
  return R"({"api": {")" + command + R"(": {"quota": 1, "permissions": [")" + scope + R"("]}}})";
}

const std::vector<std::string>* scopes_of(const RequirementTable& table, std::string_view command) {
  for (const auto& [name, scopes] : table.entries)
    if (name == command) return &scopes;
  return nullptr;
}

struct Setup {
  FakeFileSystem files;
  FakeEnvironment environment;
  manifest::ProviderSpec spec;
  std::string manifest_path = "/repo/scopegate.yaml";

  std::optional<RequirementTable> load(std::string* error) const {
    return socket_cli::load({spec, manifest_path, files, environment}, error);
  }
  // The command the loaded table holds (tables here hold one), or the error.
  std::string loaded() const {
    std::string error;
    const auto table = load(&error);
    if (!table) return "error: " + error;
    return table->entries.front().first + " from " + table->path;
  }
};
}  // namespace

TEST_SUITE("providers.socket_cli") {
  TEST_CASE("the real table: 29 commands, each with its permissions, login with none") {
    std::string error;
    const auto table = socket_cli::parse_table(committed_table(), "requirements.json", &error);
    REQUIRE_MESSAGE(table, error);
    CHECK(table->entries.size() == 29);
    REQUIRE(scopes_of(*table, "fix"));
    CHECK(*scopes_of(*table, "fix") == std::vector<std::string>{"full-scans:create", "packages:list", "fixes:list"});
    REQUIRE(scopes_of(*table, "scan:create"));
    CHECK(*scopes_of(*table, "scan:create") == std::vector<std::string>{"full-scans:create"});
    REQUIRE(scopes_of(*table, "login"));
    CHECK(scopes_of(*table, "login")->empty());
    CHECK(table->path == "requirements.json");
  }

  TEST_CASE("a table not of the shape is refused, naming the file and what is wrong") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"not json", "not JSON"},
        {"[]", "no \"api\" object"},
        {R"({"commands": {}})", "no \"api\" object"},
        {R"({"api": []})", "no \"api\" object"},
        {R"({"api": {}})", "lists no command"},
        {R"({"api": {"fix": {"quota": 1}}})", "command 'fix' has no \"permissions\" list"},
        {R"({"api": {"fix": ["fixes:list"]}})", "command 'fix' has no \"permissions\" list"},
        {R"({"api": {"fix": {"permissions": "fixes:list"}}})", "command 'fix' has no \"permissions\" list"},
        {R"({"api": {"fix": {"permissions": [7]}}})", "a permission of command 'fix' is not a scope name"},
        {R"({"api": {"fix": {"permissions": ["fixes list"]}}})", "a permission of command 'fix' is not a scope name ('fixes list')"},
        {R"({"api": {"fix": {"permissions": ["a\u001b[31m"]}}})", "is not a scope name ('a\\x1b[31m')"},
        {R"({"api": {"scan create": {"permissions": []}}})", "command 'scan create' is not a command name"},
        {R"({"api": {"": {"permissions": []}}})", "command '' is not a command name"},
        {R"({"api": {")" + std::string(socket_cli::kMaxNameBytes + 1, 'a') + R"(": {"permissions": []}}})",
         "is not a command name"},
    };
    for (const auto& [text, problem] : cases) {
      CAPTURE(text);
      std::string error;
      CHECK_FALSE(socket_cli::parse_table(text, "/p/requirements.json", &error));
      CHECK(error.find("socket-cli's table /p/requirements.json is not of socket-cli's shape") == 0);
      CHECK(error.find(problem) != std::string::npos);
    }
  }

  TEST_CASE("more commands than the bound is refused") {
    std::string text = R"({"api": {)";
    for (std::size_t i = 0; i <= socket_cli::kMaxCommands; ++i)
      text += (i ? "," : "") + std::string("\"c") + std::to_string(i) + R"(": {"permissions": []})";
    text += "}}";
    std::string error;
    CHECK_FALSE(socket_cli::parse_table(text, "t.json", &error));
    CHECK(error.find("more than 1000 commands") != std::string::npos);
  }

  TEST_CASE("a package beside the manifest: the data/ layout before the 1.2.x root file") {
    Setup setup;
    const std::string package = "/repo/node_modules/@socketsecurity/cli/";
    setup.files.files[package + "requirements.json"] = table_of("old", "a:b");
    CHECK(setup.loaded() == "old from " + package + "requirements.json");
    setup.files.files[package + "data/command-api-requirements.json"] = table_of("new", "a:b");
    CHECK(setup.loaded() == "new from " + package + "data/command-api-requirements.json");
  }

  TEST_CASE("a manifest in the working directory finds node_modules there") {
    Setup setup;
    setup.manifest_path = "scopegate.yaml";
    setup.files.files["node_modules/@socketsecurity/cli/requirements.json"] = table_of("here", "a:b");
    CHECK(setup.loaded() == "here from node_modules/@socketsecurity/cli/requirements.json");
  }

  TEST_CASE("socket_cli: a package directory or the table itself, relative to the manifest") {
    Setup setup;
    setup.files.files["/repo/node_modules/@socketsecurity/cli/requirements.json"] = table_of("local", "a:b");
    setup.files.files["/opt/cli/requirements.json"] = table_of("dir", "a:b");
    setup.files.files["/repo/tables/socket.json"] = table_of("file", "a:b");
    setup.spec.socket_cli = manifest::Text{"/opt/cli", {4, 5}};
    CHECK(setup.loaded() == "dir from /opt/cli/requirements.json");  // named: nothing else is looked at
    setup.spec.socket_cli->value = "tables/socket.json";
    CHECK(setup.loaded() == "file from /repo/tables/socket.json");
    setup.environment.set("HOME", "/home/ci");
    setup.files.files["/home/ci/cli/data/command-api-requirements.json"] = table_of("home", "a:b");
    setup.spec.socket_cli->value = "~/cli";
    CHECK(setup.loaded() == "home from /home/ci/cli/data/command-api-requirements.json");
    setup.spec.socket_cli->value = "/nowhere";
    CHECK(setup.loaded() ==
          "error: socket_cli: /nowhere is neither socket-cli's table nor a package directory holding one "
          "(data/command-api-requirements.json or requirements.json); give the directory of @socketsecurity/cli, "
          "or its requirements.json");
  }

  TEST_CASE("npm's global prefix: the environment, then the user's npmrc, then where node is") {
    FakeFileSystem files;
    FakeEnvironment environment{{"HOME", "/home/ci"}, {"PATH", "relative:/opt/node/bin/:/usr/bin"}};
    files.files["/usr/bin/node"] = "";
    files.files["/opt/node/bin/node"] = "";
    auto prefix = [&] {
      const auto found = socket_cli::npm_global_prefix(files, environment);
      return found ? found->directory + " <- " + found->why : std::string("none");
    };
    CHECK(prefix() == "/opt/node <- npm's global prefix, from the node at /opt/node/bin/node");
    files.files["/home/ci/.npmrc"] =
        "; comment\n//registry.npmjs.org/:_authToken=npm_secret\nprefix = /first\n# prefix=/commented\nprefix = "
        "\"${HOME}/.npm-global\"\n";
    CHECK(prefix() == "/home/ci/.npm-global <- npm's global prefix, from the prefix of /home/ci/.npmrc");
    environment.set("NPM_CONFIG_USERCONFIG", "/etc/ci-npmrc");
    files.files["/etc/ci-npmrc"] = "prefix=~/tools\n";
    CHECK(prefix() == "/home/ci/tools <- npm's global prefix, from the prefix of /etc/ci-npmrc");
    environment.set("NPM_CONFIG_PREFIX", "/upper");
    CHECK(prefix() == "/upper <- npm's global prefix, from NPM_CONFIG_PREFIX");
    environment.set("npm_config_prefix", "/lower");
    CHECK(prefix() == "/lower <- npm's global prefix, from npm_config_prefix");
  }

  TEST_CASE("no prefix at all: no PATH, no HOME, no variable") {
    FakeFileSystem files;
    FakeEnvironment environment;
    CHECK_FALSE(socket_cli::npm_global_prefix(files, environment));
    environment.set("PATH", "/usr/bin");  // no node there
    CHECK_FALSE(socket_cli::npm_global_prefix(files, environment));
  }

  TEST_CASE("beside the manifest wins over the global package, which is found under lib/node_modules") {
    Setup setup;
    setup.environment.set("npm_config_prefix", "/usr/local");
    setup.files.files["/usr/local/lib/node_modules/@socketsecurity/cli/requirements.json"] = table_of("global", "a:b");
    CHECK(setup.loaded() == "global from /usr/local/lib/node_modules/@socketsecurity/cli/requirements.json");
    setup.files.files["/repo/node_modules/@socketsecurity/cli/requirements.json"] = table_of("local", "a:b");
    CHECK(setup.loaded() == "local from /repo/node_modules/@socketsecurity/cli/requirements.json");
  }

  TEST_CASE("not found: the error says where it looked and how to fix it") {
    Setup setup;
    setup.environment.set("PATH", "/usr/bin");
    setup.files.files["/usr/bin/node"] = "";
    const std::string said = setup.loaded();
    CHECK(said.find("looked in /repo/node_modules/@socketsecurity/cli (beside the manifest, where npx finds it "
                    "first), /usr/lib/node_modules/@socketsecurity/cli (npm's global prefix, from the node at "
                    "/usr/bin/node)") != std::string::npos);
    CHECK(said.find("npm install -g @socketsecurity/cli") != std::string::npos);
    CHECK(said.find("set socket_cli: on the provider") != std::string::npos);
    setup.environment.unset("PATH");
    CHECK(setup.loaded().find("found no npm prefix") != std::string::npos);
  }

  TEST_CASE("an oversized table is refused unread, a broken one is an error, not a fallback") {
    Setup setup;
    const std::string local = "/repo/node_modules/@socketsecurity/cli/requirements.json";
    setup.environment.set("npm_config_prefix", "/usr/local");
    setup.files.files["/usr/local/lib/node_modules/@socketsecurity/cli/requirements.json"] = table_of("global", "a:b");
    setup.files.files[local] = std::string(socket_cli::kMaxTableBytes + 1, ' ');
    CHECK(setup.loaded() == "error: socket-cli's table " + local + " is larger than 262144 bytes; refusing to read it");
    setup.files.files[local] = R"({"api": {"fix": {}}})";
    CHECK(setup.loaded().find("error: socket-cli's table " + local + " is not of socket-cli's shape") == 0);
  }

  TEST_CASE("the source's row: its key, its noun, and socket-cli's own page") {
    const providers::RequirementSource& source = socket_cli::source();
    CHECK(source.key == "socket-cli");
    CHECK(source.noun == "socket-cli command");
    CHECK((source.load == &socket_cli::load));
    CHECK(source.fix_note.find("https://socket.dev/settings/api-tokens") != std::string_view::npos);
  }
}

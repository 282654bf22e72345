#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "providers/named_requirements.h"
#include "support/fakes.h"
#include "support/manifest_loading.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::Loaded;

namespace {
const std::string kPackage = "/repo/node_modules/@socketsecurity/cli/requirements.json";

std::string committed_table() {
  std::ifstream in(std::string(SCOPEGATE_SOURCE_DIR) + "/tests/fixtures/socket-cli/requirements.json");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A manifest beside a node_modules holding socket-cli 1.2.1's table.
struct Repo {
  FakeFileSystem files;
  FakeEnvironment environment;
  Repo() { files.files[kPackage] = committed_table(); }

  Loaded load(const std::string& text, bool with_files = true) const {
    Loaded result;
    manifest::LoadOptions options = testing::load_options();
    if (with_files) {
      options.files = &files;
      options.environment = &environment;
    }
    result.ok = manifest::parse_manifest("/repo/scopegate.yaml", text, options, &result.manifest, &result.diagnostics);
    return result;
  }
};

// "scope <- origin" for each scope a feature requires in all:.
std::vector<std::string> all_of(const Loaded& loaded, std::string_view feature) {
  std::vector<std::string> out;
  for (const manifest::ScopeRef& ref : loaded.manifest.find_feature(feature)->requires_.all)
    out.push_back(ref.scope + " <- " + (ref.origin.empty() ? "manifest" : ref.origin) + " @" +
                  std::to_string(ref.where.line) + ":" + std::to_string(ref.where.column));
  return out;
}

constexpr const char* kSocket = "version: 1\nproviders:\n  socket: {preset: socket, org: acme}\nfeatures:\n";
}  // namespace

TEST_SUITE("providers.named_requirements") {
  TEST_CASE("commands expand to the table's permissions, each once, saying which commands need it") {
    const Repo repo;
    const Loaded loaded = repo.load(std::string(kSocket) + R"(  scan:
    requires:
      all: [packages:list]
      socket-cli: [scan:create, fix]
  login: {requires: {socket-cli: [login]}}
)");
    REQUIRE_MESSAGE(loaded.ok, loaded.first_line());
    CHECK(loaded.lines().empty());
    CHECK(all_of(loaded, "scan") == std::vector<std::string>{
                                       "packages:list <- manifest @7:13",
                                       "full-scans:create <- socket-cli scan:create, fix @8:20",
                                       "fixes:list <- socket-cli fix @8:33",
                                   });
    CHECK(all_of(loaded, "login").empty());  // socket-cli's login needs no scope
  }

  TEST_CASE("unknown commands: every one at its line, with the closest command") {
    const Repo repo;
    const Loaded loaded = repo.load(std::string(kSocket) + R"(  a: {requires: {socket-cli: [scan:crate]}}
  b:
    requires:
      socket-cli:
        - fix
        - repository:lst
)");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.lines() ==
          std::vector<std::string>{
              "5:31: error: unknown socket-cli command 'scan:crate' (did you mean 'scan:create'?) (" + kPackage +
                  " lists 29)",
              "10:11: error: unknown socket-cli command 'repository:lst' (did you mean 'repository:list'?) (" +
                  kPackage + " lists 29)",
          });
  }

  TEST_CASE("socket-cli on a provider whose preset does not read it is an error") {
    const Repo repo;
    const Loaded loaded = repo.load(R"(version: 1
providers:
  gh: {preset: github}
features:
  a: {requires: {socket-cli: [scan:create]}}
)");
    CHECK(loaded.lines() == std::vector<std::string>{"5:18: error: 'socket-cli' is read by preset socket only; "
                                                     "feature 'a' uses provider 'gh', which is preset github"});
  }

  TEST_CASE("a table not found is said once, at the first feature naming it") {
    Repo repo;
    repo.files.files.clear();
    const Loaded loaded = repo.load(std::string(kSocket) + R"(  a: {requires: {socket-cli: [scan:create]}}
  b: {requires: {socket-cli: [fix]}}
)");
    REQUIRE(loaded.lines().size() == 1);
    CHECK(loaded.first_line().find("5:18: error: socket-cli commands are read from socket-cli's own table") == 0);
  }

  TEST_CASE("socket_cli: on the provider names the table, and a bad one is said with its file") {
    Repo repo;
    repo.files.files["/repo/ci/table.json"] = R"({"api": {"scan:create": {"permissions": ["full-scans:create"]}}})";
    const Loaded good = repo.load(R"(version: 1
providers:
  socket: {preset: socket, org: acme, socket_cli: ci/table.json}
features:
  a: {requires: {socket-cli: [scan:create]}}
)");
    CHECK(good.lines().empty());
    CHECK(all_of(good, "a") == std::vector<std::string>{"full-scans:create <- socket-cli scan:create @5:31"});
    repo.files.files["/repo/ci/table.json"] = R"({"api": {"scan:create": {"permissions": "full-scans:create"}}})";
    const Loaded bad = repo.load(good.manifest.source);
    CHECK(bad.first_line() == "5:18: error: socket-cli's table /repo/ci/table.json is not of socket-cli's shape "
                              "({\"api\": {COMMAND: {\"permissions\": [...]}}}): command 'scan:create' has no "
                              "\"permissions\" list");
  }

  TEST_CASE("a load that reads no files cannot expand commands, and says so") {
    const Repo repo;
    const Loaded loaded = repo.load(std::string(kSocket) + "  a: {requires: {socket-cli: [fix]}}\n", false);
    CHECK(loaded.lines() ==
          std::vector<std::string>{"5:18: error: socket-cli commands need their table, which this run does not read"});
  }

  TEST_CASE("the table's scopes are not held to the manifest's spelling checks") {
    Repo repo;
    // A group the built-in list lacks would be a warning if the manifest wrote it.
    repo.files.files[kPackage] = R"({"api": {"new": {"permissions": ["brand-new-group:list"]}}})";
    const Loaded loaded = repo.load(std::string(kSocket) + "  a: {requires: {socket-cli: [new]}}\n");
    CHECK(loaded.lines().empty());
    const Loaded written = repo.load(std::string(kSocket) + "  a: {requires: [brand-new-group:list]}\n");
    CHECK(written.lines().size() == 1);
  }

  TEST_CASE("the keys requires: may name come from the preset table") {
    CHECK(providers::requirement_source_keys() == std::vector<std::string>{"socket-cli"});
  }
}

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/manifest_loading.h"

using namespace scopegate::manifest;
using scopegate::testing::load;
using scopegate::testing::Loaded;

// features: their providers, requires: and when: (manifest/feature_parser.cpp).
TEST_SUITE("manifest.feature_parser") {
  TEST_CASE("a feature must name its provider when there are several") {
    const Loaded loaded = load(R"(version: 1
providers:
  g: {preset: github}
  l: {preset: gitlab}
features:
  a:
    requires: [repo]
)");
    CHECK(loaded.has("6:3: error: feature 'a' must say which provider it uses (provider: g or l)"));
  }

  TEST_CASE("requires: a preset's requirement source beside all: and any:, and its typo") {
    const Loaded loaded = load(R"(version: 1
providers:
  s: {preset: socket}
features:
  a: {requires: {socket-clii: [fix]}}
  b: {requires: {socket-cli: []}}
  c: {requires: {any: [repo:list], socket-cli: [fix, fix]}}
)");
    CHECK(loaded.lines() == std::vector<std::string>{
                                "5:17: error: 'requires' of feature 'a' is empty; a feature needs at least one scope",
                                "5:18: error: unknown key 'socket-clii' in 'requires' (use all: or any:) (did you "
                                "mean 'socket-cli'?)",
                                "6:18: error: 'socket-cli' lists nothing; name at least one",
                                // parse_manifest here reads no files: the commands cannot be expanded.
                                "7:36: error: socket-cli commands need their table, which this run does not read",
                                "7:54: warning: scope 'fix' is listed twice",
                            });
    const Requirement& c = loaded.manifest.find_feature("c")->requires_;
    REQUIRE(c.named.size() == 1);
    CHECK(c.named.front().source.value == "socket-cli");
    CHECK(c.named.front().names.size() == 1);
    CHECK(c.any.size() == 1);
  }

  TEST_CASE("requires as a single scalar, and when: forms") {
    const Loaded loaded = load(R"(version: 1
providers:
  g: {preset: github}
features:
  a: {requires: repo}
  b:
    requires: {any: [read:org, admin:org]}
    when: {env: [A, B], env_unset: C}
  c:
    requires: [repo]
    when: {env: STAGE, equals: production}
  d:
    requires: [repo]
    when: {equals: x}
  e:
    requires: [repo]
    when: {}
)");
    CHECK(loaded.manifest.features.at(0).requires_.all.at(0).scope == "repo");
    CHECK(loaded.manifest.features.at(1).when->env.size() == 2);
    CHECK(loaded.manifest.features.at(2).when->equals->value == "production");
    CHECK(loaded.has("14:20: error: 'equals' compares one variable: give exactly one 'env' beside it"));
    CHECK(loaded.has("17:11: error: 'when' needs env, env_unset or equals"));
  }

  TEST_CASE("unused providers and repeated scopes are warnings") {
    const Loaded loaded = load(R"(version: 1
providers:
  g: {preset: github}
  l: {preset: gitlab}
features:
  a: {provider: g, requires: [repo, repo]}
)");
    CHECK(loaded.ok);
    CHECK(loaded.has("4:3: warning: provider 'l' is used by no feature"));
    CHECK(loaded.has("6:37: warning: scope 'repo' is listed twice"));
  }
}

TEST_SUITE("manifest.feature_parser") {
  TEST_CASE("one clear error at an empty scope or an empty variable name") {
    const Loaded loaded = load(R"(version: 1
providers:
  g: {preset: github}
features:
  a: {requires: [""]}
  b:
    requires: [repo]
    when: {env: ""}
  c:
    requires: {any: [""]}
)");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.lines() == std::vector<std::string>{
                                "5:18: error: scope '' is empty; write the scope's name, or remove the item",
                                "8:17: error: 'env' names an empty variable; write the variable's name, such as "
                                "EXPORT_ENABLED",
                                "10:22: error: scope '' is empty; write the scope's name, or remove the item"});
  }
}

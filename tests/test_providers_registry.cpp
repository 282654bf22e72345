#include <doctest/doctest.h>

#include <algorithm>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::Strings;

// providers/registry.cpp: the preset table and vocabularies.
TEST_SUITE("providers.registry") {
  TEST_CASE("the preset table lists every preset, in order") {
    const Strings expected = {"sonar", "socket", "github", "gitlab", "slack", "oauth2", "jwt", "generic", "vault", "gcp", "aws", "kubernetes",
                              "sentry", "shopify", "sendgrid", "fastly", "huggingface", "bitbucket", "cloudflare", "pypi", "dockerhub"};
    const auto& table = providers::preset_table();
    REQUIRE(table.size() == expected.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
      CAPTURE(expected[i]);
      CHECK(table[i].name == expected[i]);
      CHECK(static_cast<bool>(table[i].vocabulary));
      CHECK(static_cast<bool>(table[i].create));
      CHECK_FALSE(table[i].summary.empty());
      CHECK_FALSE(table[i].fix_template.empty());
      CHECK(contains(table[i].fix_template, "{scopes}"));
    }
    CHECK_STRINGS(providers::preset_names(), expected);
  }

  TEST_CASE("find_preset finds exact names only") {
    for (const std::string& name : providers::preset_names()) {
      CAPTURE(name);
      const auto* preset = providers::find_preset(name);
      REQUIRE(preset != nullptr);
      CHECK(preset->name == name);
      CHECK(preset == &*std::find_if(providers::preset_table().begin(), providers::preset_table().end(),
                                     [&](const providers::PresetInfo& p) { return p.name == name; }));
      manifest::ProviderSpec spec;
      CHECK(preset->create(spec) != nullptr);
    }
    CHECK(providers::find_preset("nope") == nullptr);
    CHECK(providers::find_preset("") == nullptr);
    CHECK(providers::find_preset("Sonar") == nullptr);
    CHECK(providers::find_preset("sonar ") == nullptr);
    CHECK(providers::find_preset("git") == nullptr);
  }

  TEST_CASE("preset rows carry the defaults the spec describes") {
    const auto* sonar = providers::find_preset("sonar");
    const auto* github = providers::find_preset("github");
    const auto* gitlab = providers::find_preset("gitlab");
    const auto* socket = providers::find_preset("socket");
    const auto* jwt = providers::find_preset("jwt");
    const auto* generic = providers::find_preset("generic");
    const auto* oauth2 = providers::find_preset("oauth2");
    REQUIRE((sonar && github && gitlab && socket && jwt && generic && oauth2));
    CHECK(sonar->needs_base_url);
    CHECK(sonar->default_token_env == "SONAR_API_KEY");
    CHECK(github->default_base_url == "https://api.github.com");
    CHECK(github->default_token_env == "GITHUB_TOKEN");
    CHECK_FALSE(github->needs_base_url);
    CHECK(gitlab->default_base_url == "https://gitlab.com");
    CHECK(socket->default_base_url == "https://api.socket.dev");
    CHECK(socket->default_token_env == "SOCKET_SECURITY_API_KEY");
    CHECK_FALSE(jwt->uses_network);
    CHECK(github->uses_network);
    CHECK(std::find(generic->own_keys.begin(), generic->own_keys.end(), "scopes") != generic->own_keys.end());
    CHECK(std::find(oauth2->own_keys.begin(), oauth2->own_keys.end(), "introspection_url") !=
          oauth2->own_keys.end());
    CHECK(std::find(socket->own_keys.begin(), socket->own_keys.end(), "org") != socket->own_keys.end());
    CHECK(std::find(socket->own_keys.begin(), socket->own_keys.end(), "socket_cli") != socket->own_keys.end());
    // Only socket names commands instead of scopes (socket-cli's table).
    REQUIRE(socket->requirement_source);
    CHECK(socket->requirement_source->key == "socket-cli");
    for (const auto& row : providers::preset_table())
      if (row.name != "socket") CHECK_MESSAGE(!row.requirement_source, row.name);
    for (const auto* claim_based : {jwt, oauth2})
      CHECK(std::find(claim_based->own_keys.begin(), claim_based->own_keys.end(), "scope_claims") !=
            claim_based->own_keys.end());
  }

  TEST_CASE("build_vocabulary keeps the preset's vocabulary") {
    const auto* github = providers::find_preset("github");
    REQUIRE(github);
    const scope::Vocabulary vocabulary = providers::build_vocabulary(*github, manifest::ProviderSpec{});
    CHECK(vocabulary.wildcard_separator() == "");
    const auto* repo = vocabulary.implied_by("repo");
    REQUIRE(repo);
    // Its classic implications, then the permissions GitHub documents it as covering.
    CHECK_STRINGS(*repo, {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events",
                            "metadata:read", "contents:write", "issues:write", "pull_requests:write", "statuses:write",
                            "deployments:write", "actions:write", "administration:write", "environments:write",
                            "pages:write", "secrets:write", "variables:write"});
    CHECK(vocabulary.is_known("read:org"));
    CHECK_FALSE(vocabulary.is_known("raed:org"));

    const auto* sonar = providers::find_preset("sonar");
    REQUIRE(sonar);
    CHECK(providers::build_vocabulary(*sonar, manifest::ProviderSpec{}).wildcard_separator() == ":");
  }

  TEST_CASE("build_vocabulary merges the manifest's implies and wildcards") {
    manifest::ProviderSpec spec;
    spec.wildcards = text(":");
    spec.implies.push_back({text("repo"), {text("custom:thing"), text("public_repo")}});
    spec.implies.push_back({text("my:admin"), {text("my:read"), text("my:write")}});

    SUBCASE("on a preset with its own implications") {
      const auto* github = providers::find_preset("github");
      REQUIRE(github);
      const scope::Vocabulary vocabulary = providers::build_vocabulary(*github, spec);
      CHECK(vocabulary.wildcard_separator() == ":");
      const auto* repo = vocabulary.implied_by("repo");
      REQUIRE(repo);
      // The preset's list, then the manifest's additions; "public_repo" is not repeated.
      CHECK_STRINGS(*repo, {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events",
                            "metadata:read", "contents:write", "issues:write", "pull_requests:write", "statuses:write",
                            "deployments:write", "actions:write", "administration:write", "environments:write",
                            "pages:write", "secrets:write", "variables:write",
                            "custom:thing"});
      const auto* admin = vocabulary.implied_by("my:admin");
      REQUIRE(admin);
      CHECK_STRINGS(*admin, {"my:read", "my:write"});
      const auto* org = vocabulary.implied_by("admin:org");
      REQUIRE(org);
      CHECK(std::find(org->begin(), org->end(), "write:org") != org->end());
    }
    SUBCASE("on an open vocabulary") {
      const auto* generic = providers::find_preset("generic");
      REQUIRE(generic);
      CHECK(providers::build_vocabulary(*generic, manifest::ProviderSpec{}).implied_by("repo") == nullptr);
      const scope::Vocabulary vocabulary = providers::build_vocabulary(*generic, spec);
      CHECK(vocabulary.wildcard_separator() == ":");
      REQUIRE(vocabulary.implied_by("repo"));
      CHECK_STRINGS(*vocabulary.implied_by("repo"), {"custom:thing", "public_repo"});
      CHECK(vocabulary.implied_by("my:read") == nullptr);
      CHECK_FALSE(vocabulary.has_known_names());
    }
    SUBCASE("a manifest separator overrides the preset's") {
      const auto* sonar = providers::find_preset("sonar");
      REQUIRE(sonar);
      manifest::ProviderSpec dotted;
      dotted.wildcards = text(".");
      CHECK(providers::build_vocabulary(*sonar, dotted).wildcard_separator() == ".");
    }
  }
}

TEST_SUITE("providers.registry") {
  TEST_CASE("every fix template uses only the placeholders render_fix fills") {
    const std::vector<std::string_view> known{"scopes", "scopes_comma", "key", "page", "claims"};
    for (const providers::PresetInfo& preset : providers::preset_table()) {
      CAPTURE(preset.name);
      const std::string_view text = preset.fix_template;
      for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        REQUIRE(close != std::string_view::npos);
        const std::string_view name = text.substr(open + 1, close - open - 1);
        CAPTURE(name);
        CHECK(std::find(known.begin(), known.end(), name) != known.end());
      }
    }
  }
}

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/fakes.h"
#include "support/manifest_loading.h"

using namespace scopegate::manifest;
using scopegate::testing::load;
using scopegate::testing::Loaded;
using scopegate::testing::kValid;

// the document as a whole: sections, YAML, bytes, limits, files (manifest/loader.cpp).
TEST_SUITE("manifest.loader") {
  TEST_CASE("the contract's example manifest loads into the model") {
    const Loaded loaded = load(kValid);
    REQUIRE_MESSAGE(loaded.ok, loaded.first_line());
    const Manifest& m = loaded.manifest;
    CHECK(m.version == 1);
    REQUIRE(m.providers.size() == 1);
    CHECK(m.providers[0].name == "sonar");
    CHECK(m.providers[0].preset.value == "sonar");
    CHECK(m.providers[0].base_url->value == "https://session.sonar.de/${SONAR_INSTANCE}");
    CHECK(m.providers[0].token_env->value == "SONAR_API_KEY");
    REQUIRE(m.features.size() == 2);
    const FeatureSpec& read = m.features[0];
    CHECK(read.name == "read-signed");
    CHECK(read.provider.value == "sonar");  // filled in: the only provider
    CHECK(read.description == "Read signed documents");
    REQUIRE(read.requires_.all.size() == 1);
    CHECK(read.requires_.all[0].scope == "documents:signed:read");
    CHECK(read.requires_.all[0].where.line == 11);
    CHECK(read.requires_.all[0].where.column == 16);
    const FeatureSpec& exp = m.features[1];
    CHECK(exp.optional);
    CHECK(exp.hint->value == "Ask an organisation admin.");
    CHECK(exp.requires_.any.size() == 2);
    REQUIRE(exp.when);
    CHECK(exp.when->env.at(0).value == "EXPORT_ENABLED");
    CHECK(loaded.diagnostics.items().empty());
  }

  TEST_CASE("every error is reported in one run, each at its line and column") {
    const Loaded loaded = load(R"(version: 2
providers:
  sonar:
    preset: sonr
    tokn_env: X
features:
  a:
    requirs: [x]
    provider: sonar
  b:
    provider: sonarr
    requires: []
extra: 1
)");
    CHECK_FALSE(loaded.ok);
    const std::vector<std::string> expected{
        "1:10: error: unsupported manifest version 2; this scopegate reads version 1",
        "4:13: error: unknown preset 'sonr' (did you mean 'sonar'?); presets: sonar, socket, github, gitlab, slack, "
        "oauth2, jwt, generic, vault, gcp, aws, kubernetes, sentry, shopify, sendgrid, fastly, huggingface, bitbucket, "
        "cloudflare, pypi, dockerhub",
        "5:5: error: unknown key 'tokn_env' in provider 'sonar' (did you mean 'token_env'?)",
        "7:3: error: feature 'a' needs 'requires:' (the scopes it uses)",
        "8:5: error: unknown key 'requirs' in feature 'a' (did you mean 'requires'?)",
        "11:15: error: feature 'b' names provider 'sonarr', which is not defined (did you mean 'sonar'?)",
        "12:15: error: 'requires' of feature 'b' is empty; a feature needs at least one scope",
        "13:1: error: unknown key 'extra' at the top level",
    };
    CHECK(loaded.lines() == expected);
  }

  TEST_CASE("YAML syntax errors are positioned") {
    const Loaded loaded = load("version: 1\nproviders:\n  sonar: [\n");
    CHECK_FALSE(loaded.ok);
    REQUIRE(loaded.diagnostics.items().size() == 1);
    CHECK(loaded.diagnostics.items()[0].where.line >= 3);
  }

  TEST_CASE("wrong types name what was expected and what was found") {
    const Loaded loaded = load(R"(version: one
providers: [sonar]
features:
  a:
    requires: [x]
    optional: maybe
    hint: [not, text]
    when: { env: "1BAD", equals: x }
)");
    CHECK(loaded.has("1:10: error: 'version' must be a whole number"));
    CHECK(loaded.has("2:12: error: 'providers' must be a mapping, found a list"));
    CHECK(loaded.has("6:15: error: 'optional' must be true or false"));
    CHECK(loaded.has("7:11: error: 'hint' must be a string, found a list"));
    CHECK(loaded.has("8:18: error: 'env' takes environment variable names, not '1BAD'"));
  }

  TEST_CASE("missing top-level keys") {
    const Loaded loaded = load("providers:\n  g:\n    preset: github\n");
    CHECK(loaded.has("1:1: error: missing 'version: 1' at the top of the manifest"));
    CHECK(loaded.has("1:1: error: missing 'features:'"));
    CHECK(load("version: 1\n").has("missing 'providers:'"));
  }

  TEST_CASE("a manifest that is not a mapping") {
    CHECK(load("- a\n- b\n").has("1:1: error: the manifest must be a mapping with version, providers and features; "
                                 "found a list"));
    CHECK(load("").has("the manifest is empty"));
  }

  TEST_CASE("duplicate features and keys point at the second one") {
    const Loaded loaded = load(R"(version: 1
providers:
  g: {preset: github}
features:
  a:
    requires: [repo]
    requires: [gist]
  a:
    requires: [repo]
)");
    CHECK(loaded.has("7:5: error: duplicate key 'requires' in feature 'a' (first at line 6)"));
    CHECK(loaded.has("8:3: error: duplicate feature 'a' in 'features' (first at line 5)"));
  }

  TEST_CASE("values are validated where they are written") {
    const Loaded loaded = load(R"(version: 1
providers:
  g:
    preset: generic
    token_env: lower-case-dash
    base_url: ftp://nope
    request: {url: "https://x.example/${BROKEN", method: FETCH}
    scopes: scopes
    split: spaces
    key_name: name
    wildcards: " "
    probes:
      - {scope: a, url: https://x.example/a, granted: [200, 999]}
      - {method: GET}
features:
  f:
    requires: ["two words", "a,b", "a|b", ok]
)");
    CHECK(loaded.has("5:16: error: 'token_env' must be an environment variable name"));
    CHECK(loaded.has("6:15: error: 'base_url' must be an http:// or https:// URL, not 'ftp://nope'"));
    CHECK(loaded.has("error: malformed variable reference '${BROKEN' in 'url'"));
    CHECK(loaded.has("error: unknown HTTP method 'FETCH'"));
    CHECK(loaded.has("8:13: error: 'scopes' must be a JSON pointer such as /scopes, or header:NAME"));
    CHECK(loaded.has("9:12: error: 'split' must be space, comma or none (a JSON array); found 'spaces' (did you "
                     "mean 'space'?)"));
    CHECK(loaded.has("10:15: error: 'key_name' must be a JSON pointer such as /scopes, not 'name'"));
    CHECK(loaded.has("11:16: error: 'wildcards' must not be empty"));
    CHECK(loaded.has("13:61: error: 'granted' holds 999, not an HTTP status"));
    CHECK(loaded.has("14:9: error: a probe needs the scope it proves ('scope:')"));
    CHECK(loaded.has("14:9: error: a probe needs a url"));
    CHECK(loaded.has("17:16: error: scope 'two words' contains white space"));
    CHECK(loaded.has("17:29: error: scope 'a,b' contains ','"));
    CHECK(loaded.has("17:36: error: scope 'a|b' contains '|'; use `any:` for alternatives"));
  }

  TEST_CASE("x- keys are the user's own: anchors live there and are skipped") {
    const Loaded loaded = load(R"(version: 1
x-common: &common [repo, workflow]
providers:
  g: {preset: github, x-note: "personal token"}
features:
  a: {requires: *common}
  b: {requires: *common, x-owner: release-team}
)");
    REQUIRE(loaded.ok);
    CHECK(loaded.manifest.features.at(1).requires_.all.size() == 2);
  }

  TEST_CASE("names that would break the command line are refused") {
    const Loaded loaded = load(R"(version: 1
providers:
  "a=b": {preset: github}
features:
  "x,y": {requires: [repo]}
)");
    CHECK(loaded.has("3:3: error: provider name 'a=b' contains '='"));
    CHECK(load("version: 1\nproviders:\n  \"::warning::x\": {preset: github}\nfeatures:\n  a: {requires: [repo]}\n")
              .has("3:3: error: provider name '::warning::x' must start with a letter or a digit"));
    CHECK(loaded.has("5:3: error: feature name 'x,y' contains ','"));
  }

  TEST_CASE("bad bytes: NUL, invalid UTF-8, UTF-16") {
    CHECK(load(std::string("version: 1\nproviders:\0\n", 23)).has("2:11: error: the manifest is not text: it contains a NUL byte"));
    CHECK(load("version: 1\nfeatures: \xC3\x28\n").has("2:11: error: the manifest is not valid UTF-8"));
    CHECK(load("\xFF\xFEv\0e\0").has("1:1: error: the manifest is UTF-16 encoded; save it as UTF-8"));
  }

  TEST_CASE("alias bombs and deep nesting become diagnostics") {
    std::string bomb = "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
      bomb += "b" + std::to_string(i) + ": &b" + std::to_string(i) + " [";
      const std::string ref = i == 1 ? "*a" : "*b" + std::to_string(i - 1);
      for (int j = 0; j < 10; ++j) bomb += (j ? ", " : "") + ref;
      bomb += "]\n";
    }
    CHECK(load(bomb).has("error: the document expands to more than"));
    CHECK(load("version: 1\nproviders: " + std::string(50000, '[') + std::string(50000, ']'))
              .has("2:75: error: nesting is deeper than 64"));
  }

  TEST_CASE("load_manifest: missing file, too large, unreadable") {
    scopegate::testing::FakeFileSystem files;
    Manifest manifest;
    Diagnostics diagnostics;
    CHECK_FALSE(load_manifest("nope.yaml", files, scopegate::testing::load_options(), &manifest, &diagnostics));
    CHECK(diagnostics.items().at(0).message == "cannot read the manifest: no such file");
    CHECK(diagnostics.items().at(0).where.line == 1);  // file-level: FILE:1:1, as problem matchers expect
    CHECK(diagnostics.items().at(0).where.column == 1);
    CHECK(format_diagnostic("nope.yaml", diagnostics.items().at(0), "") ==
          "nope.yaml:1:1: error: cannot read the manifest: no such file\n");

    files.files["big.yaml"] = std::string(100, 'x');
    LoadOptions small = scopegate::testing::load_options();
    small.max_file_bytes = 10;
    Diagnostics big;
    CHECK_FALSE(load_manifest("big.yaml", files, small, &manifest, &big));
    CHECK(big.items().at(0).message.find("larger than 10 bytes") != std::string::npos);

    files.files["ok.yaml"] = kValid;
    Diagnostics none;
    CHECK(load_manifest("ok.yaml", files, scopegate::testing::load_options(), &manifest, &none));
    CHECK(manifest.path == "ok.yaml");
  }
}

TEST_SUITE("manifest.pasted_secrets") {
  TEST_CASE("a token pasted where a variable name belongs is an error that never quotes it, and is kept for redaction") {
    const std::string token = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    const std::string random = "Xk9mQ2wE7rT4yU1iO8pA3sD6fG0hJ5lZ";
    const Loaded loaded = load("version: 1\nproviders:\n  gh: {preset: github, token_env: " + token +
                               "}\nfeatures:\n  a: {requires: [repo], when: {env: " + random + "}}\n");
    CHECK_FALSE(loaded.ok);
    const auto lines = loaded.lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].starts_with("3:35: error: this looks like a token, not a variable name: rotate it"));
    CHECK(lines[1].starts_with("5:37: error: this looks like a token, not a variable name: rotate it"));
    for (const std::string& line : lines) CHECK(line.find("ghp_") == std::string::npos);
    CHECK(loaded.manifest.pasted_secrets == std::vector<std::string>{token, random});
  }

  TEST_CASE("a secret under a key such as token:, and a token in a comment, whatever else is wrong") {
    const Loaded loaded = load(R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://x.example
    token: short-secret
features:
  # the old key was glpat-AbCdEfGhIjKlMnOpQrSt
  a: {requires: [documents:signed:read]}
)");
    CHECK_FALSE(loaded.ok);
    const auto lines = loaded.lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].starts_with("6:5: error: a secret never goes in the manifest (key 'token')"));
    CHECK(lines[1].starts_with("8:21: error: this looks like a token: a secret never goes in the manifest; rotate it"));
    CHECK(loaded.manifest.pasted_secrets ==
          std::vector<std::string>{"glpat-AbCdEfGhIjKlMnOpQrSt", "short-secret"});
  }

  TEST_CASE("other shapes of a pasted secret: old hex tokens and UUIDs as names, secret-sounding keys") {
    const std::string hex = "f3a9c1d2e4b5a6978877665544332211aabbccdd";
    const std::string uuid = "93a9c1d2-e4b5-4697-8877-665544332211";
    const Loaded loaded = load("version: 1\nproviders:\n  gh: {preset: github, token_env: " + hex +
                               "}\n  gl: {preset: gitlab, token_env: \"" + uuid + "\", api_token: hunter2hunter2, "
                               "bearer: xyzzy-plugh}\nfeatures:\n  a: {provider: gh, requires: [repo]}\n"
                               "  b: {provider: gl, requires: [api]}\n");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.manifest.pasted_secrets == std::vector<std::string>{hex, uuid, "hunter2hunter2", "xyzzy-plugh"});
    for (const std::string& line : loaded.lines()) {
      CHECK(line.find(hex) == std::string::npos);
      CHECK(line.find(uuid) == std::string::npos);
    }
  }

  TEST_CASE("a typo of a known key is a typo, even when it sounds like a secret") {
    const Loaded loaded = load("version: 1\nproviders:\n  s: {preset: sonar, base_url: \"https://x\", token_envv: "
                               "SONAR_API_KEY}\nfeatures:\n  a: {requires: [documents:signed:read]}\n");
    REQUIRE(loaded.lines().size() == 1);
    CHECK(loaded.lines()[0] == "3:45: error: unknown key 'token_envv' in provider 's' (did you mean 'token_env'?)");
    CHECK(loaded.manifest.pasted_secrets.empty());
  }

  TEST_CASE("a token in a file YAML cannot read is still found") {
    const Loaded loaded = load("version: 1\nproviders: [\n  sk_live_0123456789abcdefXYZ\n");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.manifest.pasted_secrets == std::vector<std::string>{"sk_live_0123456789abcdefXYZ"});
  }
}

TEST_SUITE("manifest.loader") {
  TEST_CASE("warn_unset_url_variables: lint's warning at each URL whose ${VAR} is not set") {
    const Loaded loaded = load(R"(version: 1
providers:
  s:
    preset: sonar
    base_url: https://s.example/${SONAR_INSTANCE}
    token_page: https://s.example/${PAGE:-acme}/keys
  k: {preset: socket, org: "${SOCKET_ORG}"}
features:
  a: {provider: s, requires: [documents:signed:read]}
  b: {provider: k, requires: [repo:list]}
)");
    REQUIRE(loaded.ok);
    scopegate::testing::FakeEnvironment environment;
    Diagnostics unset;
    warn_unset_url_variables(loaded.manifest, environment, &unset);
    REQUIRE(unset.items().size() == 2);
    CHECK(unset.error_count() == 0);
    CHECK(unset.items()[0].where.line == 5);
    CHECK(unset.items()[0].where.column == 15);
    CHECK(unset.items()[0].message == "base_url of provider 's' uses ${SONAR_INSTANCE}, which is not set here; check "
                                      "needs it to ask the provider live");
    CHECK(unset.items()[1].where.line == 7);
    CHECK(unset.items()[1].message.starts_with("org of provider 'k' uses ${SOCKET_ORG}"));
    environment.set("SONAR_INSTANCE", "acme");
    environment.set("SOCKET_ORG", "acme");
    Diagnostics none;
    warn_unset_url_variables(loaded.manifest, environment, &none);
    CHECK(none.items().empty());
  }
}

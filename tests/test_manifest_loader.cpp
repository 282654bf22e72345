#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "manifest/loader.h"
#include "support/fakes.h"
#include "support/load_options.h"

using namespace scopegate::manifest;

namespace {
struct Loaded {
  bool ok = false;
  Manifest manifest;
  Diagnostics diagnostics;

  // "LINE:COL: error: MESSAGE" for each diagnostic, to compare whole lists.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics.items())
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
                    (d.severity == Severity::kError ? "error: " : "warning: ") + d.message);
    return out;
  }
  std::string first_line() const { return lines().empty() ? "" : lines().front(); }
  bool has(const std::string& fragment) const {
    for (const std::string& line : lines())
      if (line.find(fragment) != std::string::npos) return true;
    return false;
  }
};

Loaded load(const std::string& text) {
  Loaded result;
  result.ok = parse_manifest("m.yaml", text, scopegate::testing::load_options(), &result.manifest, &result.diagnostics);
  return result;
}

const char* kValid = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/${SONAR_INSTANCE}
    token_env: SONAR_API_KEY
    token_page: https://session.sonar.de/${SONAR_INSTANCE}/settings/api-keys
features:
  read-signed:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    provider: sonar
    requires:
      all: [documents:signed:export]
      any: [documents:generated:read, documents:uploaded:read]
    when: { env: EXPORT_ENABLED }
    optional: true
    hint: Ask an organisation admin.
)";
}  // namespace

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
        "oauth2, jwt, generic",
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

  TEST_CASE("preset-specific keys and requirements") {
    const Loaded loaded = load(R"(version: 1
providers:
  g:
    preset: github
    org: acme
  s:
    preset: sonar
  o:
    preset: oauth2
    token_env: T
  x:
    preset: generic
    token_env: T
    request: {url: https://x.example/info}
  y:
    preset: socket
    token_env: A
    token_file: /run/secrets/socket
features:
  a: {provider: g, requires: [repo]}
  b: {provider: s, requires: [documents:signed:read]}
  c: {provider: o, requires: [read]}
  d: {provider: x, requires: [read]}
  e: {provider: y, requires: [repo:list]}
)");
    CHECK(loaded.has("5:5: error: key 'org' is read only by preset socket, not by preset github"));
    CHECK(loaded.has("6:3: error: provider 's' needs base_url"));
    CHECK(loaded.has("8:3: error: provider 'o' needs introspection_url"));
    CHECK(loaded.has("8:3: error: provider 'o' needs client_id_env"));
    CHECK(loaded.has("8:3: error: provider 'o' needs client_secret_env"));
    CHECK(loaded.has("11:3: error: provider 'x' needs scopes"));
    CHECK(loaded.has("18:17: error: provider 'y' has both token_env and token_file; keep one"));
  }

  TEST_CASE("a provider without a preset, and presets without a default token variable") {
    const Loaded loaded = load(R"(version: 1
providers:
  a: {base_url: "https://x.example"}
  j: {preset: jwt}
features:
  f: {provider: a, requires: [x]}
  g: {provider: j, requires: [x]}
)");
    CHECK(loaded.has("3:3: error: provider 'a' needs a preset (one of: sonar, socket, github"));
    CHECK(loaded.has("4:3: error: provider 'j' needs token_env"));
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

  TEST_CASE("generic providers: request, header scopes, implies, wildcards, probes") {
    const Loaded loaded = load(R"(version: 1
providers:
  api:
    preset: generic
    token_env: API_TOKEN
    request:
      method: post
      url: https://api.example.com/token/info
      headers: {Authorization: "Bearer ${TOKEN}"}
      form: {token: "${TOKEN}"}
    scopes: header:X-Scopes
    split: comma
    key_prefix: /prefix
    expires_at: /expires
    wildcards: ":"
    implies:
      admin: [read, write]
      write: read
    probes:
      - scope: billing:read
        url: https://api.example.com/billing
        granted: 200
        missing: [401, 403]
features:
  f: {requires: [read]}
)");
    REQUIRE_MESSAGE(loaded.ok, loaded.first_line());
    const ProviderSpec& api = loaded.manifest.providers.at(0);
    CHECK(api.request->method == "POST");
    CHECK(api.request->headers.at(0).name == "Authorization");
    CHECK(api.request->form.at(0).value.value == "${TOKEN}");
    CHECK(api.scopes->header.value == "X-Scopes");
    CHECK(api.scopes->split == SplitMode::kComma);
    CHECK(api.wildcards->value == ":");
    REQUIRE(api.implies.size() == 2);
    CHECK(api.implies[0].includes.size() == 2);
    CHECK(api.implies[1].includes.at(0).value == "read");
    REQUIRE(api.probes.size() == 1);
    CHECK(api.probes[0].granted == std::vector<int>{200});
    CHECK(api.probes[0].missing == std::vector<int>{401, 403});
    CHECK_FALSE(api.probes[0].is_write());
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

  TEST_CASE("unknown scope names: errors for a closed vocabulary, warnings for a list that may lag") {
    const Loaded loaded = load(R"(version: 1
providers:
  sonar: {preset: sonar, base_url: "https://s.example"}
  gh: {preset: github}
  socket: {preset: socket}
  gl: {preset: gitlab}
features:
  a: {provider: sonar, requires: [documents:signed:exprot]}
  b: {provider: gh, requires: [read:orgs, repo]}
  c: {provider: socket, requires: [full-scan:create, socket-basics:read, repo]}
  d: {provider: gl, requires: [apii, read_observability]}
)");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.has("8:35: warning: scope 'documents:signed:exprot' is not in scopegate's list of Sonar scopes (did "
                     "you mean 'documents:signed:export'?); the list may lag Sonar"));
    CHECK(loaded.has("9:32: error: scope 'read:orgs' is not a GitHub classic scope (did you mean 'read:org'?): "
                     "fix the manifest"));
    CHECK(loaded.has("10:36: warning: scope 'full-scan:create' is not in scopegate's list of Socket scopes (did you "
                     "mean 'full-scans:create'?); the list may lag Socket"));
    CHECK(loaded.has("11:32: error: scope 'apii' is not a GitLab scope (did you mean 'api'?): fix the manifest"));
    CHECK(loaded.lines().size() == 4);
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

TEST_SUITE("manifest.diagnostics") {
  TEST_CASE("format: FILE:LINE:COL: error: MESSAGE, the line, and a caret") {
    Diagnostic diagnostic{Severity::kError, {2, 5}, "unknown key 'x'"};
    CHECK(format_diagnostic("m.yaml", diagnostic, "version: 1\nfoo:bar: 1\n") ==
          "m.yaml:2:5: error: unknown key 'x'\n  2 | foo:bar: 1\n    |     ^\n");
    Diagnostic warning{Severity::kWarning, {1, 1}, "careful"};
    CHECK(format_diagnostic("m.yaml", warning, "") == "m.yaml:1:1: warning: careful\n");
    Diagnostic unplaced{Severity::kError, {}, "cannot read"};
    CHECK(format_diagnostic("m.yaml", unplaced, "x") == "m.yaml: error: cannot read\n");
  }

  TEST_CASE("a quoted line cannot pass for a CI workflow command") {
    Diagnostic diagnostic{Severity::kError, {1, 1}, "bad"};
    const std::string out = format_diagnostic("m.yaml", diagnostic, "::error::injected\r\n");
    CHECK(out == "m.yaml:1:1: error: bad\n  1 | ::error::injected\n    | ^\n");
    // Every line, trimmed of leading space as the Actions runner trims it, starts with something else.
    std::size_t start = 0;
    while (start < out.size()) {
      const std::size_t end = out.find('\n', start);
      std::string line = out.substr(start, end - start);
      line.erase(0, line.find_first_not_of(' '));
      CHECK_FALSE(line.starts_with("::"));
      start = end + 1;
    }
  }

  TEST_CASE("location_of_offset counts lines and columns from 1") {
    CHECK(location_of_offset("ab\ncd", 4).line == 2);
    CHECK(location_of_offset("ab\ncd", 4).column == 2);
    CHECK(location_of_offset("ab", 0).column == 1);
  }
  TEST_CASE("a request or probe url on another origin than base_url is an error at the url") {
    const Loaded loaded = load(R"(version: 1
providers:
  api:
    preset: generic
    base_url: http://127.0.0.1:18463
    token_env: API_TOKEN
    request: {url: /v1/whoami}
    scopes: /scopes
    probes:
      - scope: orders:read
        url: http://127.0.0.1:18464/steal
      - scope: orders:write
        url: http://127.0.0.1:18463/v1/orders
      - scope: refunds:read
        url: http://127.0.0.1:18463/${PART}
      - scope: refunds:write
        url: https://127.0.0.1:18463/v1/refunds
      - scope: admin
        url: ${ELSEWHERE}/x
features:
  a: {requires: [orders:read]}
)");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.lines() ==
          std::vector<std::string>{
              "11:14: error: probe url http://127.0.0.1:18464/steal is on another origin (http://127.0.0.1:18464) "
              "than base_url (http://127.0.0.1:18463) of provider 'api', and the token goes only to its provider's "
              "origin; write a path relative to base_url, or a URL on http://127.0.0.1:18463",
              "17:14: error: probe url https://127.0.0.1:18463/v1/refunds is on another origin "
              "(https://127.0.0.1:18463) than base_url (http://127.0.0.1:18463) of provider 'api', and the token "
              "goes only to its provider's origin; write a path relative to base_url, or a URL on "
              "http://127.0.0.1:18463"});
  }

  TEST_CASE("origins: the preset's address, a generic request url, an oauth2 introspection_url") {
    const Loaded loaded = load(R"(version: 1
providers:
  socket:
    preset: socket
    probes: [{scope: audit-log:list, url: "https://evil.example/v0/audit-log"}]
  api:
    preset: generic
    base_url: https://api.example.com/${TENANT}
    token_env: T
    request: {url: "https://other.example/v1/whoami"}
    scopes: /scopes
  idp:
    preset: oauth2
    introspection_url: https://auth.example.com/introspect
    client_id_env: ID
    client_secret_env: SECRET
    token_env: T
    probes: [{scope: read, url: "https://api.example.com/v1/me"}]
  idp2:
    preset: oauth2
    base_url: https://api.example.com
    introspection_url: https://auth.example.com/introspect
    client_id_env: ID
    client_secret_env: SECRET
    token_env: T
    probes: [{scope: read, url: "https://api.example.com/v1/me"}]
  later:
    preset: generic
    base_url: https://${HOST}/api
    token_env: T
    probes: [{scope: read, url: "https://anything.example/x"}]
features:
  a: {provider: socket, requires: [audit-log:list]}
  b: {provider: api, requires: [read]}
  c: {provider: idp, requires: [read]}
  d: {provider: idp2, requires: [read]}
  e: {provider: later, requires: [read]}
)");
    CHECK(loaded.has("5:43: error: probe url https://evil.example/v0/audit-log is on another origin "
                     "(https://evil.example:443) than the preset's address (https://api.socket.dev:443) of provider "
                     "'socket'"));
    // base_url's origin is literal even with ${TENANT} in its path.
    CHECK(loaded.has("10:20: error: the request url https://other.example/v1/whoami is on another origin "
                     "(https://other.example:443) than base_url (https://api.example.com:443) of provider 'api'"));
    CHECK(loaded.has("18:33: error: probe url https://api.example.com/v1/me is on another origin "
                     "(https://api.example.com:443) than introspection_url (https://auth.example.com:443) of provider "
                     "'idp'"));
    // idp2: its probes follow base_url; the introspection endpoint may live elsewhere.
    // later: base_url's host is not known before check, which compares then.
    CHECK(loaded.diagnostics.error_count() == 3);
  }

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

  TEST_CASE("require_key_prefix: presets that report a key prefix, and did-you-mean") {
    const Loaded loaded = load(R"(version: 1
providers:
  s: {preset: sonar, base_url: "https://s.example", require_key_prefix: sk_live}
  g: {preset: github, require_key_prefix: ghp_}
  x:
    preset: generic
    token_env: T
    request: {url: https://x.example/info}
    scopes: /scopes
    require_key_prefix: live_
  y: {preset: sonar, base_url: "https://s.example", require_key_prefx: sk_live}
features:
  a: {provider: s, requires: [documents:signed:read]}
  b: {provider: g, requires: [repo]}
  c: {provider: x, requires: [read]}
  d: {provider: y, requires: [documents:signed:read]}
)");
    CHECK(loaded.manifest.providers.at(0).require_key_prefix->value == "sk_live");
    CHECK(loaded.lines() ==
          std::vector<std::string>{
              "4:43: error: preset github does not report a key prefix, so require_key_prefix cannot be checked "
              "(presets that do: sonar, and generic with key_prefix:)",
              "10:25: error: require_key_prefix needs key_prefix: the JSON pointer to the prefix in the answer, such "
              "as /keyPrefix",
              "11:53: error: unknown key 'require_key_prefx' in provider 'y' (did you mean 'require_key_prefix'?)"});
  }

  TEST_CASE("scope_claims: claim names and JSON pointers for jwt and oauth2") {
    const Loaded loaded = load(R"(version: 1
providers:
  kc:
    preset: jwt
    token_env: T
    scope_claims: [/realm_access/roles, scope, "https://acme.example/roles", /a~1b]
  idp:
    preset: oauth2
    introspection_url: https://idp.example/introspect
    client_id_env: ID
    client_secret_env: SECRET
    token_env: T
    scope_claims: permissions
features:
  a: {provider: kc, requires: [deploy]}
  b: {provider: idp, requires: [export:reports]}
)");
    REQUIRE_MESSAGE(loaded.ok, loaded.first_line());
    const auto& kc = loaded.manifest.providers.at(0).scope_claims;
    REQUIRE(kc.size() == 4);
    CHECK(kc[0].value == "/realm_access/roles");
    CHECK(kc[0].where.line == 6);
    CHECK(kc[0].where.column == 20);
    CHECK(kc[2].value == "https://acme.example/roles");
    REQUIRE(loaded.manifest.providers.at(1).scope_claims.size() == 1);
    CHECK(loaded.manifest.providers.at(1).scope_claims[0].value == "permissions");
  }

  TEST_CASE("scope_claims: wrong types, an empty list, unsafe characters and other presets are errors") {
    const Loaded loaded = load("version: 1\n"
                               "providers:\n"
                               "  a: {preset: jwt, token_env: T, scope_claims: {roles: true}}\n"
                               "  b: {preset: jwt, token_env: T, scope_claims: []}\n"
                               "  c: {preset: jwt, token_env: T, scope_claims: [\"\", \"two words\", \"x\\u202ey\"]}\n"
                               "  d: {preset: jwt, token_env: T, scope_claims: [/a//b, /a~2, [nested], scp, scp]}\n"
                               "  e: {preset: sonar, base_url: \"https://s.example\", scope_claims: [scope]}\n"
                               "  f: {preset: jwt, token_env: T, scope_claims: }\n"
                               "features:\n"
                               "  fa: {provider: a, requires: [x]}\n"
                               "  fb: {provider: b, requires: [x]}\n"
                               "  fc: {provider: c, requires: [x]}\n"
                               "  fd: {provider: d, requires: [x]}\n"
                               "  fe: {provider: e, requires: [documents:signed:read]}\n"
                               "  ff: {provider: f, requires: [x]}\n");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.lines() ==
          std::vector<std::string>{
              "3:48: error: 'scope_claims' must be a list, found a mapping",
              "4:48: error: 'scope_claims' is empty; list the claims that carry the token's scopes, such as "
              "[permissions] or [/realm_access/roles]",
              "5:49: error: claim '' in 'scope_claims' is empty; write the claim's name, or remove the item",
              "5:53: error: claim 'two words' in 'scope_claims' contains white space; write each claim as its own "
              "list item",
              "5:66: error: claim 'x\u202ey' in 'scope_claims' contains U+202E (right-to-left override) at "
              "position 2",
              "6:49: error: claim '/a//b' in 'scope_claims' has an empty step; write a JSON pointer such as "
              "/realm_access/roles",
              "6:56: error: claim '/a~2' in 'scope_claims' is not a JSON pointer: '~' must be followed by 0 or 1 "
              "(~1 stands for '/')",
              "6:62: error: each item of 'scope_claims' must be a string, found a list",
              "6:77: warning: claim 'scp' is listed twice",
              "7:53: error: key 'scope_claims' is read only by presets oauth2 and jwt, not by preset sonar",
              "8:48: error: 'scope_claims' must be a list, found nothing"});
  }

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

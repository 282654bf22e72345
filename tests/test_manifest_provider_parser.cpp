#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "providers/provider.h"
#include "support/manifest_loading.h"

using namespace scopegate::manifest;
using scopegate::testing::load;
using scopegate::testing::Loaded;

// providers: the shared keys and each preset's own (manifest/provider_parser.cpp).
TEST_SUITE("manifest.provider_parser") {
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

  TEST_CASE("github: repository (or the contract's resource), owner/name, and workflow_token") {
    const Loaded loaded = load(R"(version: 1
providers:
  a: {preset: github, repository: acme/app, workflow_token: true}
  b: {preset: github, resource: acme/lib}
  c: {preset: github, repository: acme/app, resource: acme/app}
  d: {preset: github, repository: acme}
  e: {preset: socket, repository: acme/app}
  f: {preset: github, workflow_token: yes please}
features:
  x: {provider: a, requires: [contents:read]}
)");
    REQUIRE(loaded.manifest.providers.size() >= 2);
    const ProviderSpec& a = loaded.manifest.providers[0];
    REQUIRE(a.resource);
    CHECK(a.resource->value == "acme/app");
    CHECK(a.workflow_token);
    const ProviderSpec& b = loaded.manifest.providers[1];
    REQUIRE(b.resource);
    CHECK(b.resource->value == "acme/lib");
    CHECK_FALSE(b.workflow_token);
    CHECK(loaded.has("5:45: error: provider 'c' has both repository and resource, which name the same thing; keep one"));
    CHECK(loaded.has("6:35: error: repository 'acme' is not owner/name (for example acme/app)"));
    CHECK(loaded.has("7:23: error: key 'repository' is read only by preset github, not by preset socket"));
    CHECK(loaded.has("8:39: error: 'workflow_token'"));
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
}

TEST_SUITE("manifest.provider_parser") {
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
}

TEST_SUITE("manifest.provider_parser") {
  TEST_CASE("every key a preset accepts is read: none is dropped without a word") {
    for (const scopegate::providers::PresetInfo& preset : scopegate::providers::preset_table()) {
      for (std::string_view key : preset.own_keys) {
        CAPTURE(preset.name);
        CAPTURE(key);
        const Loaded loaded = load("version: 1\nproviders:\n  p:\n    preset: " + std::string(preset.name) + "\n    " +
                                   std::string(key) + ": x\nfeatures:\n  f: {requires: [s]}\n");
        for (const std::string& line : loaded.lines()) CHECK(line.find("not read by this scopegate") == std::string::npos);
      }
    }
  }
}

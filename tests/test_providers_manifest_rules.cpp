#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/manifest_loading.h"

using namespace scopegate::manifest;
using scopegate::testing::load;
using scopegate::testing::Loaded;

// the presets' rules over a parsed manifest: origins and scope names (providers/manifest_rules.cpp).
TEST_SUITE("providers.manifest_rules") {
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
    CHECK(loaded.has("9:32: error: scope 'read:orgs' is not a GitHub scope (did you mean 'read:org'?): "
                     "fix the manifest"));
    CHECK(loaded.has("10:36: warning: scope 'full-scan:create' is not in scopegate's list of Socket scopes (did you "
                     "mean 'full-scans:create'?); the list may lag Socket"));
    CHECK(loaded.has("11:32: error: scope 'apii' is not a GitLab scope (did you mean 'api'?): fix the manifest"));
    CHECK(loaded.lines().size() == 4);
  }
}

TEST_SUITE("providers.manifest_rules") {
  TEST_CASE("several words are one scope only where the preset reads them: Vault yes, the others no") {
    const Loaded loaded = load(R"(version: 1
providers:
  gh: {preset: github}
  vault: {preset: vault}
  api: {preset: generic, base_url: "https://api.example", request: {url: /me}, scopes: /scopes, token_env: T}
features:
  a: {provider: gh, requires: [repo read:org]}
  b: {provider: vault, requires: [read secret/data/app, reed secret/data/app]}
  c: {provider: api, requires: [deploy on prod]}
)");
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.has("7:32: error: scope 'repo read:org' contains white space; write each scope as its own list "
                     "item"));
    CHECK(loaded.has("8:57: error: 'reed' is not a Vault capability"));
    CHECK(loaded.has("9:33: error: scope 'deploy on prod' contains white space"));
    CHECK(loaded.lines().size() == 3);
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
}

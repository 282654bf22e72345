// The real binary against real local servers (HTTP, and HTTPS with a CA made
// here), each speaking one preset's documented shape, and a real proxy.
// Every case checks that the fake token appears in no output and goes only
// where it belongs. The token always travels in the environment, never argv.
#include <doctest/doctest.h>

#include <atomic>
#include <string>

#include "support/bounds.h"
#include "support/dates.h"
#include "support/fake_token.h"
#include "support/live_world.h"
#include "support/mock_server.h"
#include "support/subprocess.h"
#include "support/test_ca.h"
#include "support/tinyproxy.h"

using namespace scopegate::testing;
namespace util = scopegate::util;

namespace {
bool authorized(const MockRequest& request) { return request.header("Authorization") == std::string("Bearer ") + kFakeToken; }

MockResponse unauthorized() {
  return MockResponse::json(401, R"({"success": false, "code": "INVALID_API_KEY", "message": "The API key is invalid"})");
}

// Sonar: the key's scopes, and the catalog of every scope.
MockResponse sonar(const MockRequest& request, const std::string& scopes) {
  if (!authorized(request)) return unauthorized();
  if (request.target.ends_with("/api/sdk/v1/scopes-allowed"))
    return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": )" + scopes + "}");
  if (request.target.ends_with("/api/sdk/v1/scopes-allowed/all"))
    return MockResponse::json(200, R"([{"id": "documents", "label": "Documents", "types": [
        {"id": "signed", "label": "Signed", "scopes": [{"value": "documents:signed:read", "label": "Read"},
                                                       {"value": "documents:signed:export", "label": "Export"},
                                                       {"value": "documents:signed:archive", "label": "Archive"}]}]}])");
  return MockResponse::json(404, R"({"success": false, "code": "NOT_FOUND"})");
}

std::string sonar_manifest(const std::string& base_url, const std::string& extra_features = "") {
  return "version: 1\nproviders:\n  sonar:\n    preset: sonar\n    base_url: " + base_url +
         "\nfeatures:\n  read: {requires: [documents:signed:read]}\n  export: {requires: [documents:signed:export]}\n" +
         extra_features;
}

}  // namespace

TEST_SUITE("integration.live") {
  TEST_CASE("sonar over HTTPS: ok and missing, the token only in the Authorization header") {
    World world;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read"])"); }, world.https());
    const auto result = world.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "sonar: key 'CI key' (sk_live...), 1 scope granted, from live"));
    CHECK(has(result.out, "  MISSING     export"));
    CHECK(has(result.out, "1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at " +
                              server.url() + "/settings/api-keys"));
    const auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/api/sdk/v1/scopes-allowed");
    CHECK(authorized(requests[0]));
    token_only_in_headers(requests);
    no_token_in(result);
  }

  TEST_CASE("plain HTTP is fine on loopback, and localhost works as a name") {
    World world;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read", "documents:signed:export"])"); });
    CHECK(world.check(sonar_manifest(server.url())).exit_code == 0);
    CHECK(world.check(sonar_manifest(server.url("localhost"))).exit_code == 0);
  }

  TEST_CASE("plain HTTP to another machine is refused before anything is sent") {
    World world;
    const auto result = world.check(sonar_manifest("http://sonar.example.invalid/acme"));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "plain http:// (sonar.example.invalid); the token would travel in clear text"));
  }

  TEST_CASE("a rejected token is exit 3, with the server's own words") {
    World world;
    world.env["SONAR_API_KEY"] = "sk_live_WRONG_but_also_secret_98765";
    MockServer server([](const MockRequest& r) { return sonar(r, "[]"); }, world.https());
    const auto result = world.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 3);
    CHECK(has(result.out, "token rejected by sonar: Sonar rejected the key: INVALID_API_KEY (The API key is invalid)"));
    CHECK_FALSE(has(result.all(), "sk_live_WRONG_but_also_secret_98765"));
  }

  TEST_CASE("github: the classic scope header and expiry, and a fine-grained token") {
    World world;
    world.env["GH_TOKEN"] = kFakeToken;
    std::atomic<bool> classic{true};
    const util::TimePoint expiry = days_from_now(10);  // within --min-ttl 30d, never in the past
    MockServer server(
        [&](const MockRequest& r) {
          if (!authorized(r)) return MockResponse::json(401, R"({"message": "Bad credentials"})");
          MockResponse response = MockResponse::json(200, R"({"login": "release-bot"})");
          if (classic) response.headers.emplace_back("X-OAuth-Scopes", "repo, write:org");
          response.headers.emplace_back("GitHub-Authentication-Token-Expiration", github_expiry(expiry));
          return response;
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  gh: {preset: github, token_env: GH_TOKEN, base_url: \"" +
                                 server.url() + "\"}\nfeatures:\n  push: {requires: [public_repo]}\n  teams: {requires: [read:org]}\n";
    const auto ok = world.check(manifest);
    CHECK(ok.exit_code == 0);
    CHECK(has(ok.out, "account release-bot, 2 scopes granted, expires " + iso_timestamp(expiry)));
    CHECK(server.requests().at(0).target == "/user");
    const auto short_lived = world.check(manifest, {"--min-ttl", "30d"});
    CHECK(short_lived.exit_code == 1);
    CHECK(has(short_lived.out, "sooner than --min-ttl 30d"));
    classic = false;
    const auto fine = world.check(manifest);
    CHECK(fine.exit_code == 5);
    CHECK(has(fine.out, "scopes not listed: a token that lists no scopes (fine-grained, GitHub App or GITHUB_TOKEN) "
                        "does not list its permissions; no repository is named"));
    no_token_in(fine);
  }

  TEST_CASE("gitlab: PRIVATE-TOKEN, scopes and expiry, a revoked token is exit 3") {
    World world;
    world.env["GITLAB_TOKEN"] = kFakeToken;
    std::atomic<bool> revoked{false};
    const util::TimePoint expiry = days_from_now(300);
    MockServer server(
        [&](const MockRequest& r) {
          if (r.header("PRIVATE-TOKEN") != kFakeToken) return MockResponse::json(401, R"({"message": "401 Unauthorized"})");
          return MockResponse::json(200, std::string(R"({"id": 1, "name": "release", "revoked": )") +
                                             (revoked ? "true" : "false") +
                                             R"(, "active": true, "scopes": ["api"], "expires_at": ")" +
                                             iso_timestamp(expiry) + "\"}");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  gl: {preset: gitlab, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  read: {requires: [read_api]}\n  push: {requires: [write_repository]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: write_repository"));
    CHECK(has(result.out, "key 'release', 1 scope granted, expires " + iso_timestamp(expiry)));
    CHECK(server.requests().at(0).target == "/api/v4/personal_access_tokens/self");
    CHECK(server.requests().at(0).header("Authorization").empty());
    revoked = true;
    CHECK(world.check(manifest).exit_code == 3);
  }

  TEST_CASE("gitlab: a project access token's fix is its project's pre-filled page, a person's their own") {
    World world;
    world.env["GITLAB_TOKEN"] = kFakeToken;
    std::atomic<bool> bot{true};
    MockServer server(
        [&](const MockRequest& r) {
          if (r.target == "/api/v4/personal_access_tokens/self")
            return MockResponse::json(200, R"({"name": "deploy", "active": true, "scopes": ["read_api"], "expires_at": null})");
          if (r.target == "/api/v4/user")
            return MockResponse::json(200, std::string(R"({"username": "project_42_bot_5e1f", "bot": )") +
                                               (bot ? "true" : "false") + "}");
          if (r.target == "/api/v4/projects/42") return MockResponse::json(200, R"({"path_with_namespace": "acme/web"})");
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  gl: {preset: gitlab, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  read: {requires: [read_api]}\n  push: {requires: [write_repository]}\n";
    const auto project = world.check(manifest);
    CHECK(project.exit_code == 1);
    CHECK(has(project.out, "create a project token with write_repository at " + server.url() +
                               "/acme/web/-/settings/access_tokens?name=scopegate%20gl&scopes=read_api,write_repository"));
    bot = false;
    const auto person = world.check(manifest);
    CHECK(has(person.out, "create a token with write_repository at " + server.url() +
                              "/-/user_settings/personal_access_tokens?name=scopegate%20gl&scopes=read_api,write_repository"
                              "&description=made%20for%20scopegate%20gl"));
    for (const MockRequest& request : server.requests()) CHECK(request.header("PRIVATE-TOKEN") == kFakeToken);
  }

  TEST_CASE("slack: POST auth.test, and ok:false invalid_auth at HTTP 200 is exit 3") {
    World world;
    world.env["SLACK_TOKEN"] = kFakeToken;
    std::atomic<bool> valid{true};
    MockServer server(
        [&](const MockRequest& r) {
          if (r.method != "POST" || !authorized(r) || !valid)
            return MockResponse::json(200, R"({"ok": false, "error": "invalid_auth"})");
          MockResponse response = MockResponse::json(200, R"({"ok": true, "user": "deploy-bot", "team": "Acme"})");
          response.headers.emplace_back("x-oauth-scopes", "chat:write,channels:read");
          return response;
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  slack: {preset: slack, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  notify: {requires: [chat:write]}\n";
    CHECK(world.check(manifest).exit_code == 0);
    CHECK(server.requests().at(0).target == "/api/auth.test");
    valid = false;
    const auto rejected = world.check(manifest);
    CHECK(rejected.exit_code == 3);
    CHECK(has(rejected.out, "Slack rejected the token: invalid_auth"));
  }

  TEST_CASE("oauth2: introspection with client credentials, active false is exit 3") {
    World world;
    world.env["ACCESS_TOKEN"] = kFakeToken;
    world.env["CLIENT_ID"] = "scopegate-ci";
    world.env["CLIENT_SECRET"] = "client-secret-also-never-printed";
    std::atomic<bool> active{true};
    const std::string answer = R"({"active": true, "scope": "orders:read profile", "exp": )" +
                               std::to_string(unix_seconds(days_from_now(90))) + "}";
    MockServer server(
        [&](const MockRequest& r) {
          // "scopegate-ci:client-secret-also-never-printed" in base64
          if (r.header("Authorization") != "Basic c2NvcGVnYXRlLWNpOmNsaWVudC1zZWNyZXQtYWxzby1uZXZlci1wcmludGVk")
            return MockResponse::json(401, R"({"error": "invalid_client"})");
          if (!has(r.body, std::string("token=") + kFakeToken)) return MockResponse::json(400, R"({"error": "invalid_request"})");
          return MockResponse::json(200, active ? answer : R"({"active": false})");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  idp:\n    preset: oauth2\n    introspection_url: " + server.url() +
                                 "/oauth2/introspect\n    client_id_env: CLIENT_ID\n    client_secret_env: CLIENT_SECRET\n"
                                 "    token_env: ACCESS_TOKEN\nfeatures:\n  orders: {requires: [orders:read]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 0);
    CHECK(server.requests().at(0).method == "POST");
    CHECK(server.requests().at(0).target == "/oauth2/introspect");
    CHECK_FALSE(has(result.all(), "client-secret-also-never-printed"));
    active = false;
    CHECK(world.check(manifest).exit_code == 3);
  }

  TEST_CASE("jwt: read locally, with a proxy that would fail anything sent") {
    World world;
    world.env["API_TOKEN"] =
        unsigned_jwt(R"({"scp":["orders.read"],"exp":)" + std::to_string(unix_seconds(days_from_now(90))) + "}");
    world.env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(unused_port());
    const auto result = world.check(
        "version: 1\nproviders:\n  api: {preset: jwt, token_env: API_TOKEN}\nfeatures:\n  read: {requires: [orders.read]}\n"
        "  write: {requires: [orders.write]}\n");
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: orders.write"));
    CHECK(has(result.out, "without checking its signature"));
  }

  TEST_CASE("generic: scopes in a header, and a probe for a scope the list cannot show") {
    World world;
    world.env["BILLING_TOKEN"] = kFakeToken;
    MockServer server(
        [](const MockRequest& r) {
          if (r.header("X-Api-Key") != kFakeToken) return MockResponse::json(401, "{}");
          if (r.target == "/v1/token") {
            MockResponse response = MockResponse::json(200, R"({"name": "ci"})");
            response.headers.emplace_back("X-Scopes", "invoices:read customers:read");
            return response;
          }
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  billing:\n    preset: generic\n    base_url: " + server.url() +
                                 "\n    token_env: BILLING_TOKEN\n    request:\n      url: /v1/token\n      headers: {X-Api-Key: "
                                 "\"${TOKEN}\"}\n    scopes: header:X-Scopes\n    split: space\n    key_name: /name\n"
                                 "features:\n  invoices: {requires: [invoices:read]}\n  refunds: {requires: [refunds:write]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: refunds:write"));
    CHECK(has(result.out, "key 'ci'"));
    CHECK(server.requests().at(0).header("X-Api-Key") == kFakeToken);
    token_only_in_headers(server.requests());
  }

  TEST_CASE("socket: quota, organisation, read-only probes concurrently on kept-alive connections, and no POST without permission") {
    World world;
    world.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    MockServer server(
        [](const MockRequest& r) {
          if (!authorized(r)) return MockResponse::json(401, R"({"error": {"message": "Unauthorized"}})");
          if (r.target == "/v0/quota") return MockResponse::json(200, R"({"quota": 1000})");
          if (r.target == "/v0/organizations")
            return MockResponse::json(200, R"({"organizations": {"o1": {"id": "o1", "name": "Acme", "slug": "acme"}}})");
          if (r.target == "/v0/orgs/acme/settings/socket-basics")
            return MockResponse::json(403, R"({"error": {"message": "Insufficient permissions for API method getSocketBasicsConfig", "details": null}})");
          if (r.target == "/v0/orgs/acme/full-scans?per_page=1") return MockResponse::json(200, R"({"results": []})");
          return MockResponse::json(404, R"({"error": {"message": "Not found"}})");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  socket: {preset: socket, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  config: {requires: [socket-basics:read]}\n  list: {requires: [full-scans:list]}\n"
                                 "  submit: {requires: [full-scans:create]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: socket-basics:read"));
    CHECK(has(result.out, "Insufficient permissions for API method getSocketBasicsConfig"));
    CHECK(has(result.out, "  ok          list"));
    CHECK(has(result.out, "  unverified  submit"));
    CHECK(has(result.out, "allow it with --allow-write-probes"));
    for (const MockRequest& request : server.requests()) CHECK(request.method == "GET");
    CHECK(server.requests().size() == 4);
    // The quota and organisation share one connection; the two probes go
    // out together, one on it and one on a second.
    CHECK(server.connections() == 2);
    no_token_in(result);
  }

  TEST_CASE("socket: --allow-write-probes sends the POST, and a 2xx to it is a loud error") {
    World world;
    world.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    std::atomic<int> post_status{422};
    MockServer server(
        [&](const MockRequest& r) {
          if (r.target == "/v0/quota") return MockResponse::json(200, R"({"quota": 1000})");
          if (r.method == "POST" && r.target == "/v0/orgs/acme/full-scans")
            return MockResponse::json(post_status, R"({"error": {"message": "files are required"}})");
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  socket: {preset: socket, org: acme, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  submit: {requires: [full-scans:create]}\n";
    CHECK(world.check(manifest, {"--allow-write-probes"}).exit_code == 0);
    post_status = 403;
    CHECK(world.check(manifest, {"--allow-write-probes"}).exit_code == 1);
    post_status = 201;
    const auto created = world.check(manifest, {"--allow-write-probes"});
    CHECK(created.exit_code == 4);
    CHECK(has(created.out, "the write probe POST /v0/orgs/acme/full-scans succeeded (HTTP 201)"));
    const auto no_probe = world.check(manifest, {"--allow-write-probes", "--no-probe"});
    CHECK(no_probe.exit_code == 5);
  }

  TEST_CASE("retries: 429 with Retry-After: 1 twice, then 200, honoured") {
    World world;
    std::atomic<int> calls{0};
    MockServer server(
        [&](const MockRequest& r) {
          if (++calls <= 2) {
            MockResponse busy = MockResponse::json(429, R"({"success": false, "code": "RATE_LIMIT_EXCEEDED"})");
            busy.headers.emplace_back("Retry-After", "1");
            return busy;
          }
          return sonar(r, R"(["documents:signed:read", "documents:signed:export"])");
        },
        world.https());
    const auto result = world.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 0);
    CHECK(calls == 3);
    CHECK(result.seconds >= 1.9);
    CHECK(result.seconds < seconds_bound(5.0));
  }

  TEST_CASE("503 forever: exit 4 after the retry budget, with the status in the message") {
    World world;
    MockServer server([](const MockRequest&) { return MockResponse::json(503, R"({"message": "maintenance"})"); },
                      world.https());
    const auto result = world.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 4);
    CHECK(server.requests().size() == 3);
    CHECK(has(result.out, "could not ask sonar: the provider answered HTTP 503: maintenance"));
    CHECK(result.seconds < seconds_bound(10.0));
  }

  TEST_CASE("a redirect to another origin: the token is not forwarded, exit 4") {
    World world;
    MockServer elsewhere([](const MockRequest&) { return MockResponse::json(200, "{}"); }, world.https());
    MockServer server(
        [&](const MockRequest&) {
          MockResponse moved;
          moved.status = 302;
          moved.headers.emplace_back("Location", elsewhere.url() + "/api/sdk/v1/scopes-allowed");
          return moved;
        },
        world.https());
    const auto result = world.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 4);
    CHECK(has(result.out, "redirected to another origin, " + elsewhere.url()));
    CHECK(elsewhere.requests().empty());
    no_token_in(result);
  }

  TEST_CASE("same-origin redirects are followed, loops are stopped") {
    World world;
    MockServer server(
        [](const MockRequest& r) {
          if (r.target == "/old/api/sdk/v1/scopes-allowed") {
            MockResponse moved;
            moved.status = 301;
            moved.headers.emplace_back("Location", "/api/sdk/v1/scopes-allowed");
            return moved;
          }
          if (r.target == "/loop/api/sdk/v1/scopes-allowed") {
            MockResponse moved;
            moved.status = 307;
            moved.headers.emplace_back("Location", "/loop/api/sdk/v1/scopes-allowed");
            return moved;
          }
          return sonar(r, R"(["documents:signed:read", "documents:signed:export"])");
        },
        world.https());
    CHECK(world.check(sonar_manifest(server.url() + "/old")).exit_code == 0);
    const auto loop = world.check(sonar_manifest(server.url() + "/loop"));
    CHECK(loop.exit_code == 4);
    CHECK(has(loop.out, "more than 5 redirects"));
  }

  TEST_CASE("TLS: an unknown CA and a wrong host name are exit 4, naming the reason") {
    World world;
    MockServer trusted([](const MockRequest& r) { return sonar(r, "[]"); }, world.https());
    const auto no_ca = world.run({"check", "-m", world.manifest(sonar_manifest(trusted.url()))});
    CHECK(no_ca.exit_code == 4);
    CHECK(has(no_ca.out, "TLS handshake with 127.0.0.1:" + std::to_string(trusted.port()) +
                             ": certificate verify failed (unable to get local issuer certificate)"));
    MockServer wrong_name([](const MockRequest& r) { return sonar(r, "[]"); },
                          {true, world.ca.issue({{"other.example"}, {}, -1, 30}), false});
    const auto mismatch = world.check(sonar_manifest(wrong_name.url()));
    CHECK(mismatch.exit_code == 4);
    CHECK(has(mismatch.out, "certificate verify failed (IP address mismatch)"));
    const auto name_mismatch = world.check(sonar_manifest(wrong_name.url("localhost")));
    CHECK(has(name_mismatch.out, "certificate verify failed (hostname mismatch)"));
    CHECK(trusted.requests().empty());
  }

  TEST_CASE("four providers that each take 1.5 s answer together in well under 3 s") {
    World world;
    MockServer server(
        [](const MockRequest& r) {
          MockResponse response = sonar(r, R"(["documents:signed:read"])");
          response.delay = std::chrono::milliseconds(1500);
          return response;
        },
        world.https());
    std::string manifest = "version: 1\nproviders:\n";
    for (int i = 1; i <= 4; ++i)
      manifest += "  s" + std::to_string(i) + ": {preset: sonar, base_url: \"" + server.url() + "\"}\n";
    manifest += "features:\n";
    for (int i = 1; i <= 4; ++i)
      manifest += "  f" + std::to_string(i) + ": {provider: s" + std::to_string(i) + ", requires: [documents:signed:read]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 0);
    CHECK(server.requests().size() == 4);
    CHECK(result.seconds >= 1.5);
    CHECK(result.seconds < seconds_bound(2.5));
  }

  TEST_CASE("--timeout ends a provider that takes too long, naming the phase") {
    World world;
    MockServer server(
        [](const MockRequest& r) {
          MockResponse response = sonar(r, "[]");
          response.delay = std::chrono::milliseconds(5000);
          return response;
        },
        world.https());
    const auto result = world.check(sonar_manifest(server.url()), {"--timeout", "1s"});
    CHECK(result.exit_code == 4);
    CHECK(has(result.out, "read from 127.0.0.1:" + std::to_string(server.port()) + ": timed out (--timeout 1s ran out)"));
    CHECK(result.seconds < seconds_bound(3.0));
  }

  TEST_CASE("scopes and catalog ask live, lint --catalog holds scopes against the live catalog") {
    World world;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read"])"); }, world.https());
    const std::string manifest = world.manifest(
        sonar_manifest(server.url(), "  archive: {requires: [documents:signed:archive]}\n  typo: {requires: [documents:signed:raed]}\n"));
    const auto scopes = world.run({"scopes", "-m", manifest, "--ca-file", world.ca_file});
    CHECK(scopes.exit_code == 0);
    CHECK(has(scopes.out, "  key:     CI key\n  prefix:  sk_live...\n"));
    CHECK(has(scopes.out, "  scopes:  documents:signed:read\n"));
    const auto catalog = world.run({"catalog", "-m", manifest, "--ca-file", world.ca_file});
    CHECK(has(catalog.out, "  from live\n"));
    CHECK(has(catalog.out, "documents:signed:archive      Documents / Signed / Archive"));
    const auto lint = world.run({"lint", "--catalog", "-m", manifest, "--ca-file", world.ca_file});
    CHECK(lint.exit_code == 2);
    CHECK(has(lint.err, ":10:21: error: scope 'documents:signed:raed' is not a Sonar scope (did you mean "
                        "'documents:signed:read'?): fix the manifest"));
    // check fetches the catalog because archive is not in the built-in list, and labels from it
    const auto check = world.run({"check", "-m", manifest, "--ca-file", world.ca_file, "-f", "archive"});
    CHECK(check.exit_code == 1);
    CHECK(has(check.out, "missing: documents:signed:archive (Documents / Signed / Archive)"));
    no_token_in(check);
    // The typo, checked: exit 2, said once (the built-in list's warning gives way to the catalog's error).
    const auto typo = world.run({"check", "-m", manifest, "--ca-file", world.ca_file, "-f", "typo"});
    CHECK(typo.exit_code == 2);
    CHECK(count(typo.err, "documents:signed:raed' is not") == 1);
    CHECK_FALSE(has(typo.all(), "add documents:signed:raed"));
    no_token_in(typo);
  }
}

TEST_SUITE("integration.limits") {
  TEST_CASE("an answer over 4 MiB or with over 64 KiB of headers is a provider error, quickly") {
    World world;
    MockServer big_body(
        [](const MockRequest&) { return MockResponse::json(200, std::string(5 * 1024 * 1024, 'x')); }, world.https());
    const auto body = world.check(sonar_manifest(big_body.url()));
    CHECK(body.exit_code == 4);
    CHECK(has(body.out, "the answer's body is larger than 4 MiB"));
    CHECK(body.max_rss_kb < kib_bound(32 * 1024));
    MockServer big_headers(
        [](const MockRequest&) {
          MockResponse response = MockResponse::json(200, "{}");
          for (int i = 0; i < 100; ++i) response.headers.emplace_back("X-Padding-" + std::to_string(i), std::string(1000, 'p'));
          return response;
        },
        world.https());
    const auto headers = world.check(sonar_manifest(big_headers.url()));
    CHECK(headers.exit_code == 4);
    CHECK(has(headers.out, "the answer's headers are larger than 64 KiB"));
  }
}

TEST_SUITE("integration.live.audit") {
  TEST_CASE("oauth2: a 401 from introspection is the client's fault (exit 4 live, 2 saved, naming its variables)") {
    World world;
    world.env["ACCESS_TOKEN"] = kFakeToken;
    world.env["CLIENT_ID"] = "scopegate-ci";
    world.env["CLIENT_SECRET"] = "client-secret-also-never-printed";
    std::atomic<int> mode{0};  // 0: accept the client, 1: invalid_client, 2: inactive token
    MockServer server(
        [&](const MockRequest& r) {
          if (r.target == "/v1/orders")  // a probe: the token, never the client
            return MockResponse::json(authorized(r) ? 200 : 401, "[]");
          if (mode == 1) return MockResponse::json(401, R"({"error": "invalid_client"})");
          return MockResponse::json(200, mode == 2 ? R"({"active": false})" : R"({"active": true})");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  idp:\n    preset: oauth2\n    introspection_url: " + server.url() +
                                 "/introspect\n    client_id_env: CLIENT_ID\n    client_secret_env: CLIENT_SECRET\n"
                                 "    token_env: ACCESS_TOKEN\n    probes: [{scope: orders:read, url: /v1/orders}]\n"
                                 "features:\n  orders: {requires: [orders:read]}\n";
    const auto ok = world.check(manifest);
    CHECK(ok.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].target == "/v1/orders");
    CHECK(authorized(requests[1]));
    CHECK(requests[0].header("Authorization").starts_with("Basic "));

    mode = 1;
    const auto client = world.check(manifest);
    CHECK(client.exit_code == 4);
    CHECK(has(client.out, "refused scopegate's client credentials (HTTP 401: invalid_client)"));
    CHECK(has(client.out, "check the client id and secret in CLIENT_ID and CLIENT_SECRET"));
    mode = 2;
    CHECK(world.check(manifest).exit_code == 3);

    const std::string saved_client = world.dir.write("client.http", "HTTP/1.1 401 Unauthorized\r\nContent-Type: "
                                                                    "application/json\r\n\r\n{\"error\": \"invalid_client\"}");
    const auto offline = world.check(manifest, {"--response-file", saved_client});
    CHECK(offline.exit_code == 2);  // a saved answer: nothing was asked, a retry would not help
    CHECK(has(offline.err, "CLIENT_ID and CLIENT_SECRET"));
    CHECK(has(offline.err, "(nothing was asked)"));
    const std::string saved_inactive = world.dir.write("inactive.json", R"({"active": false})");
    CHECK(world.check(manifest, {"--response-file", saved_inactive}).exit_code == 3);
  }

  TEST_CASE("require_key_prefix: a key with another prefix fails with exit 1, in text and JSON") {
    World world;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read", "documents:signed:export"])"); },
                      world.https());
    const auto live = world.check(sonar_manifest(server.url() + "\n    require_key_prefix: sk_live"));
    CHECK(live.exit_code == 0);
    const auto test_key = world.check(sonar_manifest(server.url() + "\n    require_key_prefix: sk_test"), {"--format", "json"});
    CHECK(test_key.exit_code == 1);
    CHECK(has(test_key.out, "\"exit_code\": 1"));
    CHECK(has(test_key.out, "the sonar token has the key prefix sk_live, not sk_test as require_key_prefix asks: use a "
                            "sk_test key from " + server.url() + "/settings/api-keys"));
    const auto text = world.check(sonar_manifest(server.url() + "\n    require_key_prefix: sk_test"));
    CHECK(text.exit_code == 1);
    CHECK(has(text.out, "not sk_test as require_key_prefix asks"));
  }

  TEST_CASE("an unset ${VAR} in base_url is FILE:LINE:COL: error, exit 2, nothing sent") {
    World world;
    const std::string path = world.manifest(sonar_manifest("https://${SONAR_HOST_UNSET}/acme"));
    const auto result = world.run({"check", "-m", path});
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, path + ":5:15: error: base_url of provider 'sonar' uses ${SONAR_HOST_UNSET}, which is not set\n"));
    CHECK_FALSE(has(result.err, "scopegate: error: base_url"));
  }

  TEST_CASE("socket: a 204 to a read probe is granted, a 401 to GET /v0/organizations is exit 3") {
    World world;
    world.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    std::atomic<int> organizations{200};
    MockServer server(
        [&](const MockRequest& r) {
          if (r.target == "/v0/quota") return MockResponse::json(200, R"({"quota": 1000})");
          if (r.target == "/v0/organizations")
            return MockResponse::json(organizations, R"({"organizations": {"o1": {"id": "o1", "slug": "acme"}}})");
          if (r.target == "/v0/orgs/acme/settings/socket-basics") return MockResponse::json(204, "");
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string manifest = "version: 1\nproviders:\n  socket: {preset: socket, base_url: \"" + server.url() +
                                 "\"}\nfeatures:\n  config: {requires: [socket-basics:read]}\n";
    CHECK(world.check(manifest).exit_code == 0);
    organizations = 401;
    const auto rejected = world.check(manifest);
    CHECK(rejected.exit_code == 3);
    CHECK(has(rejected.out, "HTTP 401 to GET /v0/organizations"));
  }
}

TEST_SUITE("integration.proxy") {
  TEST_CASE("HTTPS through a real proxy with CONNECT, and NO_PROXY goes direct") {
    World world;
    Tinyproxy proxy;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read", "documents:signed:export"])"); },
                      world.https());
    world.env["HTTPS_PROXY"] = proxy.url();
    const auto through = world.check(sonar_manifest(server.url()));
    CHECK(through.exit_code == 0);
    CHECK(has(proxy.log(), "127.0.0.1:" + std::to_string(server.port())));
    CHECK_FALSE(has(proxy.log(), kFakeToken));  // a tunnel: the proxy never sees the request

    world.env["HTTPS_PROXY"] = "http://127.0.0.1:" + std::to_string(unused_port());  // nothing listens there
    world.env["NO_PROXY"] = "localhost,127.0.0.1";
    CHECK(world.check(sonar_manifest(server.url())).exit_code == 0);
    world.env.erase("NO_PROXY");
    const auto dead = world.check(sonar_manifest(server.url()));
    CHECK(dead.exit_code == 4);
    CHECK(has(dead.out, "connect proxy 127.0.0.1:"));
  }

  TEST_CASE("every preset that sends requests works through the proxy too") {
    World world;
    Tinyproxy proxy;
    world.env["HTTPS_PROXY"] = proxy.url();
    for (const char* name : {"GH_TOKEN", "GITLAB_TOKEN", "SLACK_TOKEN", "SOCKET_SECURITY_API_KEY", "ACCESS_TOKEN"})
      world.env[name] = kFakeToken;
    world.env["CLIENT_ID"] = "ci";
    world.env["CLIENT_SECRET"] = "client-secret-value";
    MockServer server(
        [](const MockRequest& r) {
          if (r.target == "/api/sdk/v1/scopes-allowed") return sonar(r, R"(["documents:signed:read"])");
          if (r.target == "/user") {
            MockResponse response = MockResponse::json(200, R"({"login": "bot"})");
            response.headers.emplace_back("X-OAuth-Scopes", "repo");
            return response;
          }
          if (r.target == "/api/v4/personal_access_tokens/self")
            return MockResponse::json(200, R"({"name": "ci", "revoked": false, "active": true, "scopes": ["api"], "expires_at": null})");
          if (r.target == "/api/auth.test") {
            MockResponse response = MockResponse::json(200, R"({"ok": true})");
            response.headers.emplace_back("x-oauth-scopes", "chat:write");
            return response;
          }
          if (r.target == "/introspect") return MockResponse::json(200, R"({"active": true, "scope": "orders:read"})");
          if (r.target == "/v0/quota") return MockResponse::json(200, R"({"quota": 5})");
          if (r.target == "/v0/orgs/acme/repos?per_page=1") return MockResponse::json(200, R"({"results": []})");
          if (r.target == "/token") return MockResponse::json(200, R"({"scopes": ["a"]})");
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string base = server.url();
    const std::string manifest =
        "version: 1\nproviders:\n"
        "  sonar: {preset: sonar, base_url: \"" + base + "\"}\n"
        "  github: {preset: github, token_env: GH_TOKEN, base_url: \"" + base + "\"}\n"
        "  gitlab: {preset: gitlab, base_url: \"" + base + "\"}\n"
        "  slack: {preset: slack, base_url: \"" + base + "\"}\n"
        "  idp: {preset: oauth2, introspection_url: \"" + base + "/introspect\", client_id_env: CLIENT_ID, "
        "client_secret_env: CLIENT_SECRET, token_env: ACCESS_TOKEN}\n"
        "  socket: {preset: socket, org: acme, base_url: \"" + base + "\"}\n"
        "  api: {preset: generic, token_env: ACCESS_TOKEN, base_url: \"" + base + "\", request: {url: /token}, scopes: /scopes}\n"
        "features:\n"
        "  f1: {provider: sonar, requires: [documents:signed:read]}\n"
        "  f2: {provider: github, requires: [repo]}\n"
        "  f3: {provider: gitlab, requires: [read_api]}\n"
        "  f4: {provider: slack, requires: [chat:write]}\n"
        "  f5: {provider: idp, requires: [orders:read]}\n"
        "  f6: {provider: socket, requires: [repo:list]}\n"
        "  f7: {provider: api, requires: [a]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "all 7 checked features have the scopes they need"));
    // Seven providers asked at once: seven CONNECT tunnels through the proxy.
    std::size_t tunnels = 0;
    const std::string log = proxy.log();
    const std::string request_line = "CONNECT 127.0.0.1:" + std::to_string(server.port()) + " HTTP/1.1";
    for (std::size_t at = 0; (at = log.find(request_line, at)) != std::string::npos; ++at) ++tunnels;
    CHECK(tunnels == 7);
    // socket's probe reused its tunnel; gitlab asked /api/v4/user in its
    // tunnel, since read_api is not among the token's scopes by name.
    CHECK(server.requests().size() == 9);
  }

  TEST_CASE("the deploy gates asked for the set (vault, gcp, aws) work through the proxy too") {
    World world;
    Tinyproxy proxy;
    world.env["HTTPS_PROXY"] = proxy.url();
    world.env["VAULT_TOKEN"] = "hvs.CAESIFakeFakeFakeFakeFakeFake";
    world.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.a0FakeFakeFakeFakeFakeFakeFakeFake";
    world.env["AWS_ACCESS_KEY_ID"] = "AKIAFAKEFAKEFAKEFAKE";
    world.env["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    MockServer server(
        [](const MockRequest& r) {
          if (r.target == "/v1/auth/token/lookup-self")
            return MockResponse::json(200, R"({"data": {"display_name": "ci", "policies": ["default"], "expire_time": null}})");
          if (r.target == "/v1/sys/capabilities-self") return MockResponse::json(200, R"({"secret/data/app": ["read"]})");
          if (r.target == "/v3/projects/acme:testIamPermissions")
            return MockResponse::json(200, R"({"permissions": ["run.services.update"]})");
          if (r.target == "/tokeninfo") return MockResponse::json(200, R"({"email": "ci@acme.iam.gserviceaccount.com"})");
          if (r.body.find("GetCallerIdentity") != std::string::npos)
            return MockResponse::json(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/ci"
                                           "</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>");
          if (r.body.find("SimulatePrincipalPolicy") != std::string::npos)
            return MockResponse::json(200, "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult><EvaluationResults>"
                                           "<member><EvalActionName>ecs:UpdateService</EvalActionName><EvalDecision>allowed"
                                           "</EvalDecision></member></EvaluationResults></SimulatePrincipalPolicyResult>"
                                           "</SimulatePrincipalPolicyResponse>");
          return MockResponse::json(404, "{}");
        },
        world.https());
    const std::string base = server.url();
    const auto result = world.check(
        "version: 1\nproviders:\n"
        "  vault: {preset: vault, base_url: \"" + base + "\"}\n"
        "  gcp: {preset: gcp, base_url: \"" + base + "\", tokeninfo_url: \"" + base + "/tokeninfo\", resource: projects/acme}\n"
        "  aws: {preset: aws, base_url: \"" + base + "/\", sts_url: \"" + base + "/\"}\n"
        "features:\n"
        "  f1: {provider: vault, requires: [\"read secret/data/app\"]}\n"
        "  f2: {provider: gcp, requires: [run.services.update]}\n"
        "  f3: {provider: aws, requires: [ecs:UpdateService]}\n");
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "all 3 checked features have the scopes they need"));
    CHECK(has(proxy.log(), "CONNECT 127.0.0.1:" + std::to_string(server.port())));
    CHECK(server.requests().size() == 6);  // two each: who, and the question for the set
  }

  TEST_CASE("plain HTTP through the proxy, lower-case http_proxy") {
    World world;
    Tinyproxy proxy;
    MockServer server([](const MockRequest& r) { return sonar(r, R"(["documents:signed:read", "documents:signed:export"])"); });
    world.env["http_proxy"] = proxy.url();
    // Loopback, but the proxy would read the token in clear text: refused before anything is sent.
    const auto refused = world.check(sonar_manifest(server.url()));
    CHECK(refused.exit_code == 2);
    CHECK(has(refused.err, "base_url of provider 'sonar' is plain http:// (127.0.0.1) through the HTTP proxy 127.0.0.1:" +
                               std::to_string(proxy.port())));
    CHECK(has(refused.err, "the proxy would see the token in clear text"));
    CHECK(server.requests().empty());
    CHECK_FALSE(has(proxy.log(), "scopes-allowed"));
    // The manifest may opt in, as for any plain-http address.
    const auto allowed = world.check(sonar_manifest(server.url() + "\n    allow_insecure_http: true"));
    CHECK(allowed.exit_code == 0);
    CHECK(has(proxy.log(), "127.0.0.1"));
    CHECK(server.requests().size() == 1);
  }
}

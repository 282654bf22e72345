#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using engine::FeatureStatus;
using engine::OfflineSource;
using testing::contains;
using testing::feature;
using testing::kFakeToken;
using testing::positioned;
using testing::kQuota;
using testing::kBasics;
using testing::kTwo;
using testing::sonar_manifest;
using OfflineHarness = testing::CheckHarness<false>;  // no network: offline sources, tokens, configuration
using Harness = testing::CheckHarness<true>;  // a fake network

// Where a token may go, decided before anything is sent (engine/resolver.cpp).
TEST_SUITE("engine.resolver") {
  TEST_CASE("an undefined ${VAR}: an error at its line when asking live, a warning there when offline") {
    OfflineHarness live(kTwo);
    live.environment.set("SONAR_API_KEY", testing::kFakeToken);
    live.request.offline.by_provider["gl"] = {OfflineSource::Kind::kGranted, "read_api"};
    const auto refused = live.run();
    CHECK_FALSE(refused.report);
    CHECK(refused.problems.has_errors());
    CHECK_FALSE(contains(refused.problems.errors, "SONAR_INSTANCE"));  // said once, with its position
    CHECK(positioned(refused.problems) ==
          std::vector<std::string>{"5:15: error: base_url of provider 'sonar' uses ${SONAR_INSTANCE}, which is not set"});

    OfflineHarness offline(kTwo);
    offline.offline_all(OfflineSource::Kind::kGranted, "documents:signed:read read_api");
    const auto outcome = offline.run();
    CHECK(outcome.report);
    CHECK_FALSE(outcome.problems.has_errors());
    CHECK(positioned(outcome.problems) ==
          std::vector<std::string>{"5:15: warning: base_url of provider 'sonar' uses ${SONAR_INSTANCE}, which is not "
                                   "set; links that use it are left out"});
    // The default token page is built from base_url, which cannot be expanded: no link rather than a wrong one.
    CHECK(outcome.report->providers.at(0).token_page.empty());
  }

  TEST_CASE("plain http to another host is a usage error naming clear text, and nothing is sent") {
    Harness h(sonar_manifest("http://sonar.example.com/acme", "documents:signed:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer("GET http://sonar.example.com/acme/api/sdk/v1/scopes-allowed", 200, R"({"scopes": []})");
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK_STRINGS(outcome.problems.errors,
                  {"base_url of provider 'sonar' is plain http:// (sonar.example.com); the token would travel in clear "
                   "text. Use https://, or set allow_insecure_http: true if you mean it"});
    CHECK(h.transport.requests.empty());
  }

  TEST_CASE("plain http is refused for an introspection_url and a generic request url too") {
    SUBCASE("oauth2") {
      Harness h(R"(version: 1
providers:
  idp:
    preset: oauth2
    introspection_url: http://auth.example.com/introspect
    client_id_env: CLIENT_ID
    client_secret_env: CLIENT_SECRET
    token_env: ACCESS_TOKEN
features:
  read: {requires: [read]}
)");
      h.environment.set("ACCESS_TOKEN", kFakeToken);
      h.environment.set("CLIENT_ID", "ci");
      h.environment.set("CLIENT_SECRET", "secret-value");
      const auto outcome = h.run();
      CHECK(contains(outcome.problems.errors,
                     "introspection_url of provider 'idp' is plain http:// (auth.example.com); the token would travel "
                     "in clear text"));
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("aws's sts_url, named as written") {
      Harness h(R"(version: 1
providers:
  aws: {preset: aws, sts_url: "http://sts.example.com/"}
features:
  deploy: {requires: [ecs:UpdateService]}
)");
      h.environment.set("AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKEFAKE");
      h.environment.set("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
      const auto outcome = h.run();
      CHECK(contains(outcome.problems.errors, "sts_url of provider 'aws' is plain http:// (sts.example.com)"));
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("generic") {
      Harness h(R"(version: 1
providers:
  api:
    preset: generic
    token_env: API_TOKEN
    request:
      url: http://api.example.com/v1/whoami
      headers: {X-Api-Key: "${TOKEN}"}
    scopes: /scopes
features:
  read: {requires: [read]}
)");
      h.environment.set("API_TOKEN", kFakeToken);
      const auto outcome = h.run();
      CHECK(contains(outcome.problems.errors,
                     "request url of provider 'api' is plain http:// (api.example.com); the token would travel in "
                     "clear text"));
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("probe") {
      Harness h(R"(version: 1
providers:
  api:
    preset: generic
    token_env: API_TOKEN
    probes:
      - {scope: orders:read, url: "http://api.example.com/v1/orders"}
features:
  read: {requires: [orders:read]}
)");
      h.environment.set("API_TOKEN", kFakeToken);
      const auto outcome = h.run();
      CHECK(contains(outcome.problems.errors,
                     "a probe url of provider 'api' is plain http:// (api.example.com); the token would travel in "
                     "clear text"));
      CHECK(h.transport.requests.empty());
    }
  }

  TEST_CASE("plain http to this machine is allowed") {
    std::string base, expected;
    SUBCASE("127.0.0.1") {
      base = "http://127.0.0.1:8080/acme";
      expected = "GET http://127.0.0.1:8080/acme/api/sdk/v1/scopes-allowed";
    }
    SUBCASE("localhost") {
      base = "http://localhost:8080";
      expected = "GET http://localhost:8080/api/sdk/v1/scopes-allowed";
    }
    SUBCASE("[::1]") {
      base = "http://[::1]:8080";
      expected = "GET http://[::1]:8080/api/sdk/v1/scopes-allowed";
    }
    Harness h(sonar_manifest(base, "documents:signed:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer(expected, 200, R"({"scopes": ["documents:signed:read"]})");
    const auto outcome = h.run();
    CHECK(outcome.problems.errors.empty());
    CHECK_STRINGS(h.transport.sent(), {expected});
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("allow_insecure_http: true allows plain http to another host") {
    Harness h(sonar_manifest("http://example.com", "documents:signed:read", "    allow_insecure_http: true\n"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer("GET http://example.com/api/sdk/v1/scopes-allowed", 200, R"({"scopes": ["documents:signed:read"]})");
    const auto outcome = h.run();
    CHECK(outcome.problems.errors.empty());
    CHECK_STRINGS(h.transport.sent(), {"GET http://example.com/api/sdk/v1/scopes-allowed"});
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("a base_url that would carry the token sends nothing: a configuration error (exit 2)") {
    Harness h(sonar_manifest("https://session.sonar.de/${SONAR_API_KEY}", "documents:signed:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    const auto outcome = h.run();
    CHECK(h.transport.requests.empty());
    CHECK_FALSE(outcome.report);
    REQUIRE(outcome.problems.errors.size() == 1);
    CHECK(outcome.problems.errors[0] == "base_url of provider 'sonar' would carry the token (from SONAR_API_KEY): a "
                                        "token never goes in a URL, where logs and proxies see it; nothing was sent");
  }

  TEST_CASE("a probe url that ${VAR} puts on another origin is an error at the url, and nothing is sent") {
    Harness h(R"(version: 1
providers:
  api:
    preset: generic
    base_url: https://api.example.com
    token_env: API_TOKEN
    probes:
      - scope: orders:read
        url: ${PROBE_BASE}/v1/orders
features:
  read: {requires: [orders:read]}
)");
    h.environment.set("API_TOKEN", kFakeToken);
    h.transport.answer("GET https://api.example.com/v1/orders", 200, "[]");
    h.transport.answer("GET https://evil.example/v1/orders", 200, "[]");
    SUBCASE("another origin") {
      h.environment.set("PROBE_BASE", "https://evil.example");
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      REQUIRE(outcome.problems.diagnostics.size() == 1);
      const manifest::Diagnostic& said = outcome.problems.diagnostics[0];
      CHECK(said.severity == manifest::Severity::kError);
      CHECK(said.where.line == 9);
      CHECK(said.where.column == 14);
      CHECK(said.message == "probe url https://evil.example/v1/orders is on another origin (https://evil.example:443) "
                            "than base_url (https://api.example.com:443) of provider 'api', and the token goes only "
                            "to its provider's origin; write a path relative to base_url, or a URL on "
                            "https://api.example.com:443");
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("unset") {
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      REQUIRE(outcome.problems.diagnostics.size() == 1);
      CHECK(outcome.problems.diagnostics[0].where.line == 9);
      CHECK(outcome.problems.diagnostics[0].message == "a probe url of provider 'api' uses ${PROBE_BASE}, which is not set");
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("the same origin") {
      h.environment.set("PROBE_BASE", "https://API.example.com:443");
      const auto outcome = h.run();
      CHECK_FALSE(outcome.problems.has_errors());
      CHECK_STRINGS(h.transport.sent(), {"GET https://api.example.com/v1/orders"});
      REQUIRE(outcome.report);
      CHECK(outcome.report->exit_code == 0);
    }
  }

  TEST_CASE("plain http to this machine through an HTTP proxy is refused: the proxy would see the token") {
    Harness h(sonar_manifest("http://127.0.0.1:8080", "documents:signed:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer("GET http://127.0.0.1:8080/api/sdk/v1/scopes-allowed", 200, R"({"scopes": ["documents:signed:read"]})");
    SUBCASE("http_proxy") {
      h.environment.set("http_proxy", "http://proxy.example:3128");
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      CHECK_STRINGS(outcome.problems.errors,
                    {"base_url of provider 'sonar' is plain http:// (127.0.0.1) through the HTTP proxy "
                     "proxy.example:3128 (http_proxy, HTTP_PROXY or all_proxy): the proxy would see the token in clear "
                     "text. Use https://, add 127.0.0.1 to no_proxy, or set allow_insecure_http: true if you mean it"});
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("HTTP_PROXY") {
      h.environment.set("HTTP_PROXY", "proxy.example:3128");
      CHECK_FALSE(h.run().report);
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("all_proxy") {
      h.environment.set("all_proxy", "http://proxy.example:3128");
      CHECK_FALSE(h.run().report);
      CHECK(h.transport.requests.empty());
    }
    SUBCASE("no_proxy sends it directly: allowed") {
      h.environment.set("http_proxy", "http://proxy.example:3128");
      h.environment.set("no_proxy", "127.0.0.1");
      const auto outcome = h.run();
      REQUIRE(outcome.report);
      CHECK(outcome.report->exit_code == 0);
    }
    SUBCASE("an https proxy setting does not carry plain http") {
      h.environment.set("https_proxy", "http://proxy.example:3128");
      REQUIRE(h.run().report);
    }
  }

  TEST_CASE("plain http through a proxy with allow_insecure_http: true is the manifest's choice") {
    Harness h(sonar_manifest("http://127.0.0.1:8080", "documents:signed:read", "    allow_insecure_http: true\n"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.environment.set("http_proxy", "http://proxy.example:3128");
    h.transport.answer("GET http://127.0.0.1:8080/api/sdk/v1/scopes-allowed", 200, R"({"scopes": ["documents:signed:read"]})");
    const auto outcome = h.run();
    CHECK(outcome.problems.errors.empty());
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("socket org from ${SOCKET_ORG}: expanded, or a usage error when unset") {
    Harness h(R"(version: 1
providers:
  socket: {preset: socket, org: "${SOCKET_ORG}"}
features:
  basics: {requires: [socket-basics:read]}
)");
    h.environment.set("SOCKET_SECURITY_API_KEY", kFakeToken);
    h.transport.answer(kQuota, 200, "{}");
    h.transport.answer(kBasics, 403, R"({"error": {"message": "Insufficient permissions for API method getOrgSettings"}})");
    SUBCASE("set") {
      h.environment.set("SOCKET_ORG", "acme");
      const auto outcome = h.run();
      CHECK_STRINGS(h.transport.sent(), {kQuota, kBasics});
      REQUIRE(outcome.report);
      CHECK(outcome.report->exit_code == 1);
      CHECK(feature(*outcome.report, "basics").status == FeatureStatus::kMissing);
    }
    SUBCASE("unset") {
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      CHECK(outcome.problems.errors.empty());
      REQUIRE(outcome.problems.diagnostics.size() == 1);
      const manifest::Diagnostic& said = outcome.problems.diagnostics[0];
      CHECK(said.severity == manifest::Severity::kError);
      CHECK(said.where.line == 3);
      CHECK(said.where.column == 33);
      CHECK(said.message == "org of provider 'socket' uses ${SOCKET_ORG}, which is not set");
      CHECK(h.transport.requests.empty());
    }
  }
}

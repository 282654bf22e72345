#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/check.h"
#include "manifest/diagnostics.h"
#include "manifest/loader.h"
#include "support/check_strings.h"
#include "support/fake_transport.h"
#include "support/fakes.h"
#include "support/load_options.h"

using namespace scopegate;
using engine::FeatureStatus;
using engine::ProviderStatus;
using testing::FakeTransport;
using testing::header_of;
using testing::kFakeToken;
using testing::Strings;

namespace {
constexpr const char* kGitlabToken = "glpat-FAKE_gitlab_token_0123456789";

// A manifest, the fakes for every side effect, and a fake network.
struct Harness {
  manifest::Manifest manifest;
  manifest::Diagnostics load_diagnostics;
  testing::FakeEnvironment environment;
  testing::FakeFileSystem files;
  testing::FixedClock clock;
  util::Redactor redactor;
  FakeTransport transport;
  engine::CheckRequest request;

  explicit Harness(const std::string& yaml) {
    REQUIRE(manifest::parse_manifest("m.yaml", yaml, scopegate::testing::load_options(), &manifest, &load_diagnostics));
  }
  ~Harness() {
    // Whatever happened, no token went into a URL.
    for (const net::HttpRequest& sent : transport.requests) {
      const std::string url = sent.url.to_string();
      CHECK(url.find(kFakeToken) == std::string::npos);
      CHECK(url.find(kGitlabToken) == std::string::npos);
    }
  }
  engine::CheckOutcome run() {
    engine::System system{environment, files, clock, redactor, &transport};
    return engine::run_check(manifest, request, system);
  }
  // "METHOD URL" of every request, sorted: live providers are asked concurrently.
  Strings sent_sorted() const {
    Strings keys = transport.sent();
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  const net::HttpRequest* find(const std::string& key) const {
    for (const net::HttpRequest& sent : transport.requests)
      if (sent.method + " " + sent.url.to_string() == key) return &sent;
    return nullptr;
  }
};

bool contains(const std::vector<std::string>& lines, const std::string& fragment) {
  for (const std::string& line : lines)
    if (line.find(fragment) != std::string::npos) return true;
  return false;
}

const engine::FeatureResult& feature(const engine::Report& report, const std::string& name) {
  for (const engine::FeatureResult& result : report.features)
    if (result.name == name) return result;
  FAIL("no feature " << name << " in the report");
  throw;  // unreachable
}

constexpr const char* kSonarScopes = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed";
constexpr const char* kSonarCatalog = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed/all";
constexpr const char* kGitlabSelf = "GET https://gitlab.com/api/v4/personal_access_tokens/self";
constexpr const char* kQuota = "GET https://api.socket.dev/v0/quota";
constexpr const char* kBasics = "GET https://api.socket.dev/v0/orgs/acme/settings/socket-basics";
constexpr const char* kScanCreate = "POST https://api.socket.dev/v0/orgs/acme/full-scans";

constexpr const char* kTwo = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/${SONAR_INSTANCE}
    token_env: SONAR_API_KEY
  gl:
    preset: gitlab
    token_env: GITLAB_TOKEN
features:
  read: {provider: sonar, requires: [documents:signed:read]}
  api: {provider: gl, requires: [read_api]}
  nightly: {provider: gl, requires: [api], when: {env: NIGHTLY}}
)";

void answer_two(Harness& h) {
  h.transport.answer(kSonarScopes, 200,
                     R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})");
  h.transport.answer(kGitlabSelf, 200,
                     R"({"name": "ci", "revoked": false, "active": true, "scopes": ["read_api"], "expires_at": null})");
}

std::string sonar_manifest(const std::string& base_url, const std::string& scope, const std::string& extra = "") {
  return "version: 1\n"
         "providers:\n"
         "  sonar:\n"
         "    preset: sonar\n"
         "    base_url: " + base_url + "\n"
         "    token_env: SONAR_API_KEY\n" + extra +
         "features:\n"
         "  export:\n"
         "    requires: [" + scope + "]\n";
}

constexpr const char* kSonarCatalogAnswer = R"([{"id": "documents", "label": "Documents", "types": [
  {"id": "signed", "label": "Signed", "scopes": [
    {"value": "documents:signed:read", "label": "Read"},
    {"value": "documents:signed:export", "label": "Export"}]}]}])";

std::string socket_manifest(const std::string& scope, const std::string& extra = "") {
  return "version: 1\n"
         "providers:\n"
         "  socket:\n"
         "    preset: socket\n"
         "    org: acme\n" + extra +
         "features:\n"
         "  scan:\n"
         "    requires: [" + scope + "]\n";
}
}  // namespace

TEST_SUITE("engine.live") {
  TEST_CASE("two live providers are both asked, each with its own token, and reported") {
    Harness h(kTwo);
    h.environment.set("SONAR_INSTANCE", "acme");
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.environment.set("GITLAB_TOKEN", kGitlabToken);
    answer_two(h);
    const auto outcome = h.run();

    CHECK(outcome.problems.errors.empty());
    CHECK(outcome.problems.diagnostics.empty());
    CHECK_STRINGS(h.sent_sorted(), {kGitlabSelf, kSonarScopes});
    const net::HttpRequest* sonar = h.find(kSonarScopes);
    const net::HttpRequest* gitlab = h.find(kGitlabSelf);
    REQUIRE(sonar);
    REQUIRE(gitlab);
    CHECK(sonar->headers == std::vector<std::pair<std::string, std::string>>{{"Authorization", std::string("Bearer ") + kFakeToken}});
    CHECK(gitlab->headers == std::vector<std::pair<std::string, std::string>>{{"PRIVATE-TOKEN", kGitlabToken}});

    REQUIRE(outcome.report);
    const engine::Report& report = *outcome.report;
    CHECK(report.exit_code == 0);
    REQUIRE(report.providers.size() == 2);
    CHECK(report.providers[0].name == "sonar");
    CHECK(report.providers[0].status == ProviderStatus::kOk);
    CHECK(report.providers[0].source == "live");
    CHECK_STRINGS(report.providers[0].granted, {"documents:signed:read"});
    CHECK(report.providers[0].key_name == std::optional<std::string>("CI key"));
    CHECK(report.providers[1].name == "gl");
    CHECK(report.providers[1].status == ProviderStatus::kOk);
    CHECK(report.providers[1].source == "live");
    CHECK_STRINGS(report.providers[1].granted, {"read_api"});
    CHECK(feature(report, "read").status == FeatureStatus::kOk);
    CHECK(feature(report, "api").status == FeatureStatus::kOk);
    CHECK(feature(report, "nightly").status == FeatureStatus::kSkipped);
    // Both tokens were registered for redaction.
    CHECK(h.redactor.redact(std::string(kFakeToken) + " " + kGitlabToken) == "[REDACTED] [REDACTED]");
  }

  TEST_CASE("a live provider that fails does not stop the other from being reported") {
    Harness h(kTwo);
    h.environment.set("SONAR_INSTANCE", "acme");
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.environment.set("GITLAB_TOKEN", kGitlabToken);
    h.transport.answer(kSonarScopes, 200, R"({"scopes": ["documents:signed:read"]})");
    h.transport.fail(kGitlabSelf, "cannot resolve gitlab.com: Name or service not known");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 4);
    CHECK(outcome.report->providers.at(0).status == ProviderStatus::kOk);
    CHECK(outcome.report->providers.at(1).status == ProviderStatus::kError);
    CHECK(outcome.report->providers.at(1).error == "cannot resolve gitlab.com: Name or service not known");
    CHECK(feature(*outcome.report, "read").status == FeatureStatus::kOk);
    CHECK(feature(*outcome.report, "api").status == FeatureStatus::kError);
  }

  TEST_CASE("an unset token is a usage error and nothing is sent to any provider") {
    Harness h(kTwo);
    h.environment.set("SONAR_INSTANCE", "acme");
    h.environment.set("GITLAB_TOKEN", kGitlabToken);
    answer_two(h);
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK(contains(outcome.problems.errors, "environment variable SONAR_API_KEY is not set; provider 'sonar'"));
    CHECK(h.transport.requests.empty());
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

  TEST_CASE("a sonar scope the fetched catalog does not know is a manifest error at its line, exit 2") {
    Harness h(sonar_manifest("https://session.sonar.de/acme", "documents:signed:exprot"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer(kSonarScopes, 200, R"({"scopes": ["documents:signed:read"]})");
    h.transport.answer(kSonarCatalog, 200, kSonarCatalogAnswer);
    const auto outcome = h.run();

    CHECK(outcome.problems.errors.empty());
    CHECK_STRINGS(h.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(header_of(h.transport.requests.at(1), "Authorization") == std::string("Bearer ") + kFakeToken);
    REQUIRE(outcome.problems.diagnostics.size() == 1);
    const manifest::Diagnostic& error = outcome.problems.diagnostics[0];
    CHECK(error.severity == manifest::Severity::kError);
    CHECK(error.where.line == 9);
    CHECK(error.where.column == 16);
    // Never "add documents:signed:exprot to the key": no key can hold it.
    CHECK(manifest::format_diagnostic("m.yaml", error, "") ==
          "m.yaml:9:16: error: scope 'documents:signed:exprot' is not a Sonar scope (did you mean "
          "'documents:signed:export'?): fix the manifest (the provider's live catalog lists "
          "every scope)\n");
    CHECK_FALSE(outcome.report);  // exit 2: the manifest is wrong
  }

  TEST_CASE("a scope only the fetched catalog knows is labelled from it, without a warning") {
    Harness h(sonar_manifest("https://session.sonar.de/acme", "reports:monthly:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer(kSonarScopes, 200, R"({"scopes": []})");
    h.transport.answer(kSonarCatalog, 200, R"([{"id": "reports", "label": "Reports", "types": [
      {"id": "monthly", "label": "Monthly", "scopes": [{"value": "reports:monthly:read", "label": "Read"}]}]}])");
    const auto outcome = h.run();
    CHECK_STRINGS(h.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(outcome.problems.diagnostics.empty());
    REQUIRE(outcome.report);
    REQUIRE(outcome.report->missing.size() == 1);
    CHECK(outcome.report->missing[0].scope == "reports:monthly:read");
    CHECK(outcome.report->missing[0].label == std::optional<std::string>("Reports / Monthly / Read"));
  }

  TEST_CASE("a manifest whose sonar scopes are all known sends no catalog request") {
    Harness h(sonar_manifest("https://session.sonar.de/acme", "documents:signed:export"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.transport.answer(kSonarScopes, 200, R"({"scopes": ["documents:signed:read"]})");
    h.transport.answer(kSonarCatalog, 200, kSonarCatalogAnswer);
    const auto outcome = h.run();
    CHECK_STRINGS(h.transport.sent(), {kSonarScopes});
    CHECK(outcome.problems.diagnostics.empty());
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 1);
    REQUIRE(outcome.report->missing.size() == 1);
    CHECK(outcome.report->missing[0].label == std::optional<std::string>("Documents / Signed / Export"));
  }

  TEST_CASE("fetch_catalogs asks for the catalog even when every scope is known") {
    Harness h(sonar_manifest("https://session.sonar.de/acme", "documents:signed:read"));
    h.environment.set("SONAR_API_KEY", kFakeToken);
    h.request.live.fetch_catalogs = true;
    h.transport.answer(kSonarScopes, 200, R"({"scopes": ["documents:signed:read"]})");
    h.transport.answer(kSonarCatalog, 200, kSonarCatalogAnswer);
    h.run();
    CHECK_STRINGS(h.transport.sent(), {kSonarScopes, kSonarCatalog});
  }

  TEST_CASE("socket probes the wanted scope, and --no-probe sends no probe") {
    Harness h(socket_manifest("socket-basics:read"));
    h.environment.set("SOCKET_SECURITY_API_KEY", kFakeToken);
    h.transport.answer(kQuota, 200, R"({"quota": 1000})");
    h.transport.answer(kBasics, 200, "{}");
    SUBCASE("probes on") {
      const auto outcome = h.run();
      CHECK_STRINGS(h.transport.sent(), {kQuota, kBasics});
      REQUIRE(outcome.report);
      CHECK(outcome.report->exit_code == 0);
      CHECK(feature(*outcome.report, "scan").status == FeatureStatus::kOk);
      CHECK_STRINGS(outcome.report->providers.at(0).granted, {"socket-basics:read"});
    }
    SUBCASE("--no-probe") {
      h.request.live.probes = false;
      const auto outcome = h.run();
      CHECK_STRINGS(h.transport.sent(), {kQuota});
      REQUIRE(outcome.report);
      CHECK(outcome.report->exit_code == 5);
      CHECK(feature(*outcome.report, "scan").status == FeatureStatus::kUnverifiable);
      CHECK_STRINGS(outcome.report->providers.at(0).unverifiable, {"socket-basics:read"});
      CHECK(contains(outcome.report->providers.at(0).notes, "--no-probe: socket-basics:read was not probed"));
    }
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

  TEST_CASE("socket write probe: off by default, on with allow_write_probes in the manifest or the flag") {
    std::string extra;
    bool flag = false;
    bool expect_probe = false;
    SUBCASE("default") {}
    SUBCASE("manifest allow_write_probes: true") {
      extra = "    allow_write_probes: true\n";
      expect_probe = true;
    }
    SUBCASE("--allow-write-probes") {
      flag = true;
      expect_probe = true;
    }
    SUBCASE("manifest allow_write_probes: false") { extra = "    allow_write_probes: false\n"; }
    Harness h(socket_manifest("full-scans:create", extra));
    h.environment.set("SOCKET_SECURITY_API_KEY", kFakeToken);
    h.request.live.allow_write_probes = flag;
    h.transport.answer(kQuota, 200, "{}");
    h.transport.answer(kScanCreate, 422, R"({"error": {"message": "no files were uploaded"}})");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    if (expect_probe) {
      CHECK_STRINGS(h.transport.sent(), {kQuota, kScanCreate});
      CHECK_FALSE(h.transport.requests.at(1).retry);
      CHECK(outcome.report->exit_code == 0);
      CHECK(feature(*outcome.report, "scan").status == FeatureStatus::kOk);
    } else {
      CHECK_STRINGS(h.transport.sent(), {kQuota});
      CHECK(outcome.report->exit_code == 5);
      CHECK(feature(*outcome.report, "scan").status == FeatureStatus::kUnverifiable);
      CHECK(contains(outcome.report->providers.at(0).notes, "full-scans:create has only a write probe"));
    }
  }

  TEST_CASE("only the scopes of checked features are probed") {
    Harness h(R"(version: 1
providers:
  socket: {preset: socket, org: acme}
features:
  basics: {requires: [socket-basics:read]}
  repos: {requires: [repo:list]}
)");
    h.environment.set("SOCKET_SECURITY_API_KEY", kFakeToken);
    h.request.feature_names = {"repos"};
    h.transport.answer(kQuota, 200, "{}");
    h.transport.answer("GET https://api.socket.dev/v0/orgs/acme/repos?per_page=1", 200, "{}");
    const auto outcome = h.run();
    CHECK_STRINGS(h.transport.sent(), {kQuota, "GET https://api.socket.dev/v0/orgs/acme/repos?per_page=1"});
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("a jwt provider next to a live one sends nothing itself") {
    Harness h(R"(version: 1
providers:
  api: {preset: jwt, token_env: API_TOKEN}
  gl: {preset: gitlab, token_env: GITLAB_TOKEN}
features:
  read: {provider: api, requires: [orders.read]}
  code: {provider: gl, requires: [read_api]}
)");
    // {"alg":"none"} . {"scope":"orders.read profile","exp":1900000000} . "sig"
    h.environment.set("API_TOKEN", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9yZGVycy5yZWFkIHByb2ZpbGUiLCJleHAiOjE5MDAwMDAwMDB9.c2ln");
    h.environment.set("GITLAB_TOKEN", kGitlabToken);
    answer_two(h);
    const auto outcome = h.run();
    CHECK_STRINGS(h.transport.sent(), {kGitlabSelf});
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
    CHECK(outcome.report->providers.at(0).source == "token claims");
    CHECK(outcome.report->providers.at(1).source == "live");
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

  TEST_CASE("oauth2: the introspection endpoint may differ from base_url, probes follow base_url with the token") {
    Harness h(R"(version: 1
providers:
  idp:
    preset: oauth2
    base_url: https://api.example.com
    introspection_url: https://auth.example.com/oauth2/introspect
    client_id_env: CLIENT_ID
    client_secret_env: CLIENT_SECRET
    token_env: ACCESS_TOKEN
    probes: [{scope: orders:read, url: /v1/orders}]
features:
  read: {requires: [orders:read]}
)");
    h.environment.set("ACCESS_TOKEN", kFakeToken);
    h.environment.set("CLIENT_ID", "ci");
    h.environment.set("CLIENT_SECRET", "secret-value");
    h.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": true})");
    h.transport.answer("GET https://api.example.com/v1/orders", 200, "[]");
    const auto outcome = h.run();
    CHECK_STRINGS(h.transport.sent(),
                  {"POST https://auth.example.com/oauth2/introspect", "GET https://api.example.com/v1/orders"});
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 0);
    const net::HttpRequest* probe = h.find("GET https://api.example.com/v1/orders");
    REQUIRE(probe != nullptr);
    CHECK(header_of(*probe, "Authorization") == std::optional<std::string>(std::string("Bearer ") + kFakeToken));
  }
}

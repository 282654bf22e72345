#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using engine::FeatureStatus;
using engine::ProviderStatus;
using testing::contains;
using testing::feature;
using testing::header_of;
using testing::kFakeToken;
using testing::kGitlabToken;
using testing::kSonarScopes;
using testing::kSonarCatalog;
using testing::kGitlabSelf;
using testing::kQuota;
using testing::kBasics;
using testing::kScanCreate;
using testing::kTwo;
using testing::answer_two;
using testing::sonar_manifest;
using testing::kSonarCatalogAnswer;
using testing::socket_manifest;
using Harness = testing::CheckHarness<true>;  // a fake network

// Live providers asked concurrently, catalogs and probes (engine/evidence.cpp).
TEST_SUITE("engine.evidence") {
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

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using engine::OfflineSource;
using engine::ProviderStatus;
using testing::contains;
using testing::kFakeToken;
using testing::kTwo;
using OfflineHarness = testing::CheckHarness<false>;  // no network: offline sources, tokens, configuration

// --granted, --granted-file and --response-file stand in for the provider (engine/offline.cpp).
TEST_SUITE("engine.offline") {
  TEST_CASE("an offline source for every provider needs no token") {
    OfflineHarness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "documents:signed:read, read_api");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.problems.errors.empty());
    CHECK(outcome.report->exit_code == 0);
    CHECK(outcome.report->providers.at(0).status == engine::ProviderStatus::kOffline);
    CHECK(outcome.report->providers.at(0).source == "--granted");
  }

  TEST_CASE("NAME= targets one provider, the other still needs its token") {
    OfflineHarness h(kTwo);
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    SUBCASE("token missing") {
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      CHECK(contains(outcome.problems.errors, "GITLAB_TOKEN is not set"));
      CHECK_FALSE(contains(outcome.problems.errors, "SONAR_API_KEY"));
    }
    SUBCASE("token set: it is registered for redaction before anything is printed") {
      h.environment.set("GITLAB_TOKEN", testing::kFakeToken);
      h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kGranted, "read_api"};
      h.request.offline.by_provider.erase("gl");
      h.run();
      CHECK(h.redactor.redact(std::string("x ") + testing::kFakeToken) == "x [REDACTED]");
    }
  }

  TEST_CASE("--granted-file: one scope a line, # comments, blank lines") {
    OfflineHarness h(kTwo);
    h.files.files["granted.txt"] = "# the CI key\ndocuments:signed:read  # read only\n\nread_api\n";
    h.offline_all(OfflineSource::Kind::kGrantedFile, "granted.txt");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->providers.at(0).granted == std::vector<std::string>{"documents:signed:read", "read_api"});
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("scopes of several words (Vault's CAPABILITY PATH) are separated by commas and lines only") {
    OfflineHarness h(R"(version: 1
providers:
  vault: {preset: vault}
features:
  read: {requires: ["read secret/data/web/prod"]}
  sign: {requires: ["update transit/sign/release"]}
)");
    SUBCASE("--granted") {
      h.offline_all(OfflineSource::Kind::kGranted, "read secret/data/web/prod, update transit/sign/release");
    }
    SUBCASE("--granted-file") {
      h.files.files["granted.txt"] = "read secret/data/web/prod\nupdate transit/sign/release  # the signer\n";
      h.offline_all(OfflineSource::Kind::kGrantedFile, "granted.txt");
    }
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->providers.at(0).granted ==
          std::vector<std::string>{"read secret/data/web/prod", "update transit/sign/release"});
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("--response-file is read by the provider's own parser") {
    OfflineHarness h(kTwo);
    h.files.files["sonar.json"] = R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})";
    h.files.files["gitlab.json"] =
        R"({"name": "ci", "revoked": false, "active": true, "scopes": ["api"], "expires_at": "2027-01-31"})";
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kResponseFile, "sonar.json"};
    h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kResponseFile, "gitlab.json"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    const auto& sonar = outcome.report->providers.at(0);
    CHECK(sonar.key_name == std::optional<std::string>("CI key"));
    CHECK(sonar.key_prefix == std::optional<std::string>("sk_live"));
    CHECK(sonar.source == "--response-file sonar.json");
    const auto& gitlab = outcome.report->providers.at(1);
    CHECK(gitlab.granted == std::vector<std::string>{"api"});
    REQUIRE(gitlab.expires_at);
    CHECK(outcome.report->exit_code == 0);  // api covers read_api
  }

  TEST_CASE("a saved answer that says the token is revoked: exit 3") {
    OfflineHarness h(kTwo);
    h.files.files["gitlab.json"] = R"({"name": "ci", "revoked": true, "active": false, "scopes": ["api"]})";
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kResponseFile, "gitlab.json"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 3);
  }

  TEST_CASE("a missing offline file is a usage error") {
    OfflineHarness h(kTwo);
    h.offline_all(OfflineSource::Kind::kResponseFile, "nope.json");
    CHECK(contains(h.run().problems.errors, "cannot read nope.json (--response-file nope.json)"));
  }

  TEST_CASE("an offline source naming an unknown provider") {
    OfflineHarness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "x");
    h.request.offline.by_provider["sonnar"] = {OfflineSource::Kind::kGranted, "x"};
    CHECK(contains(h.run().problems.errors, "names provider 'sonnar', which the manifest does not define (did you "
                                            "mean 'sonar'?)"));
  }
}

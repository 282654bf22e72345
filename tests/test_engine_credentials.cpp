#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using testing::contains;
using testing::kFakeToken;
using testing::kGitlabToken;
using testing::kTwo;
using testing::answer_two;
using OfflineHarness = testing::CheckHarness<false>;  // no network: offline sources, tokens, configuration
using Harness = testing::CheckHarness<true>;  // a fake network

// The token and client credentials: where they are read, and what is refused (engine/credentials.cpp).
TEST_SUITE("engine.credentials") {
  TEST_CASE("an unset or empty token variable is a usage error naming it") {
    OfflineHarness h(kTwo);
    h.environment.set("SONAR_INSTANCE", "acme");
    h.environment.set("GITLAB_TOKEN", "");
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK(contains(outcome.problems.errors, "environment variable SONAR_API_KEY is not set; provider 'sonar'"));
    CHECK(contains(outcome.problems.errors, "environment variable GITLAB_TOKEN is empty"));
  }

  TEST_CASE("token_file: read, trimmed, registered, missing or empty is a usage error") {
    OfflineHarness h(R"(version: 1
providers:
  gl: {preset: gitlab, token_file: /run/secrets/gitlab}
features:
  api: {requires: [read_api]}
)");
    SUBCASE("missing") {
      CHECK(contains(h.run().problems.errors, "cannot read the token file /run/secrets/gitlab of provider 'gl'"));
    }
    SUBCASE("empty") {
      h.files.files["/run/secrets/gitlab"] = "\n";
      CHECK(contains(h.run().problems.errors, "the token file /run/secrets/gitlab of provider 'gl' is empty"));
    }
    SUBCASE("present") {
      h.files.files["/run/secrets/gitlab"] = std::string(testing::kFakeToken) + "\n";
      h.run();
      CHECK(h.redactor.redact(testing::kFakeToken) == "[REDACTED]");
    }
  }

  TEST_CASE("a preset's default token file (a pod's service account token) is read when nothing else is named") {
    OfflineHarness h(R"(version: 1
providers:
  cluster: {preset: kubernetes, base_url: "https://10.0.0.1"}
features:
  logs: {requires: ["get pods"]}
)");
    const std::string path = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    CHECK(contains(h.run().problems.errors, "cannot read the token file " + path + " of provider 'cluster'"));
    h.files.files[path] = std::string(kFakeToken) + "\n";
    h.run();
    CHECK(h.redactor.redact(std::string("x ") + kFakeToken) == "x [REDACTED]");  // read, and registered
  }

  TEST_CASE("oauth2 needs its client credentials from the environment") {
    OfflineHarness h(R"(version: 1
providers:
  idp:
    preset: oauth2
    introspection_url: https://auth.example.com/introspect
    client_id_env: CLIENT_ID
    client_secret_env: CLIENT_SECRET
    token_env: ACCESS_TOKEN
features:
  read: {requires: [read]}
)");
    h.environment.set("ACCESS_TOKEN", testing::kFakeToken);
    const auto outcome = h.run();
    CHECK(contains(outcome.problems.errors, "environment variable CLIENT_ID is not set"));
    CHECK(contains(outcome.problems.errors, "environment variable CLIENT_SECRET is not set"));
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
}

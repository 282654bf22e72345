#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using engine::OfflineSource;
using testing::contains;
using testing::feature;
using testing::kFakeToken;
using testing::kQuota;
using testing::kTwo;
using OfflineHarness = testing::CheckHarness<false>;  // no network: offline sources, tokens, configuration
using Harness = testing::CheckHarness<true>;  // a fake network

// Which features are checked and which scopes each provider is asked about (engine/features.cpp).
TEST_SUITE("engine.features") {
  TEST_CASE("providers only skipped features use are not asked, so need no token") {
    OfflineHarness h(kTwo);
    h.request.feature_names = {"read"};
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->providers.size() == 1);
  }

  TEST_CASE("-f with an unknown feature is a usage error with did-you-mean") {
    OfflineHarness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "x");
    h.request.feature_names = {"raed"};
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK(contains(outcome.problems.errors, "no feature named 'raed' in m.yaml (did you mean 'read'?)"));
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
}

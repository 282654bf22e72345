#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/check_harness.h"

using namespace scopegate;
using OfflineHarness = testing::CheckHarness<false>;  // no network: offline sources, tokens, configuration

// run_check end to end, with every side effect faked (engine/check.cpp).
TEST_SUITE("engine.check") {
  TEST_CASE("jwt: the token's own claims, without a request") {
    OfflineHarness h(R"(version: 1
providers:
  api: {preset: jwt, token_env: API_TOKEN}
features:
  read: {requires: [orders.read]}
  write: {requires: [orders.write]}
)");
    // {"alg":"none"} . {"scope":"orders.read profile","exp":1900000000} . sig
    h.environment.set("API_TOKEN", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9yZGVycy5yZWFkIHByb2ZpbGUiLCJleHAiOjE5MDAwMDAwMDB9.c2ln");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 1);
    CHECK(outcome.report->providers.at(0).source == "token claims");
    CHECK(outcome.report->providers.at(0).excess == std::vector<std::string>{"profile"});
  }
}

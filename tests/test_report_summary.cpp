#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "engine/exit_code.h"
#include "report/summary.h"
#include "support/sample_report.h"

namespace engine = scopegate::engine;
namespace report = scopegate::report;
using std::chrono::hours;

TEST_SUITE("report.summary") {
  TEST_CASE("summary_line: the verdict and the one fix that unblocks it") {
    CHECK(report::summary_line(scopegate::testing::sample_report()) ==
          "1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at "
          "https://session.sonar.de/acme/settings/api-keys");
  }

  TEST_CASE("short_verdict: a heading without a fix or a URL") {
    engine::Report report = scopegate::testing::sample_report();
    CHECK(report::short_verdict(report) == "1 of 2 features blocked");
    report.failures.push_back("the sonar token expires in 2 days");
    CHECK(report::short_verdict(report) == "1 of 2 features blocked, 1 check failed");
    report.providers[0].status = engine::ProviderStatus::kTokenRejected;
    report.exit_code = engine::kExitRejected;  // the verdict follows the exit code the engine decided
    CHECK(report::short_verdict(report).starts_with("token rejected by sonar"));
  }

  TEST_CASE("expiry_phrase: counted from the time given, never from today") {
    engine::ProviderResult provider;
    const scopegate::util::TimePoint now = *scopegate::util::parse_timestamp("2026-12-01T00:00:00Z");
    CHECK(report::expiry_phrase(provider, now) == "expiry unknown");
    provider.expiry_known = true;
    CHECK(report::expiry_phrase(provider, now) == "never expires");
    provider.expires_at = now + hours(24 * 30);
    CHECK(report::expiry_phrase(provider, now) == "expires 2026-12-31 (in 30 days)");
    provider.expires_at = now - hours(24 * 3);
    CHECK(report::expiry_phrase(provider, now) == "expired 2026-11-28 (3 days ago)");
  }
}

#include <doctest/doctest.h>

#include "report/reporter.h"
#include "report/summary.h"
#include "support/sample_report.h"

using scopegate::report::create_text_reporter;
namespace testing = scopegate::testing;

TEST_SUITE("report.text") {
  TEST_CASE("one line per feature, details under a miss, the summary last") {
    const std::string text = create_text_reporter({false})->render(scopegate::testing::sample_report());
    CHECK(text.find("sonar: key 'CI key' (sk_live...), 2 scopes granted, expires 2027-01-31T00:00:00Z, from "
                    "--response-file answer.json\n") == 0);
    CHECK(text.find("  ok          read-signed  Read signed documents\n") != std::string::npos);
    CHECK(text.find("  MISSING     export\n") != std::string::npos);
    CHECK(text.find("missing: documents:signed:export (Documents / Signed / Export)\n") != std::string::npos);
    CHECK(text.find("hint: Ask an organisation admin.\n") != std::string::npos);
    CHECK(text.find("fix: add documents:signed:export to key 'CI key'") != std::string::npos);
    CHECK(text.find("  skipped     nightly      when: NIGHTLY is not set\n") != std::string::npos);
    CHECK(text.find("excess on sonar: documents:uploaded:delete") != std::string::npos);
    CHECK(text.ends_with("\n1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at "
                         "https://session.sonar.de/acme/settings/api-keys\n"));
    CHECK(text.find('\x1b') == std::string::npos);
  }

  TEST_CASE("the kind of token and what it was checked on lead the provider's line") {
    auto report = scopegate::testing::sample_report();
    report.providers[0].token_kind = "fine-grained";
    report.providers[0].resource = "acme/app";
    const std::string text = create_text_reporter({false})->render(report);
    CHECK(text.find("sonar: fine-grained token on acme/app, key 'CI key'") == 0);
  }

  TEST_CASE("colour only when asked") {
    const std::string text = create_text_reporter({true})->render(scopegate::testing::sample_report());
    CHECK(text.find("\x1b[1;31mMISSING") != std::string::npos);
    CHECK(text.find("\x1b[32mok") != std::string::npos);
  }

  TEST_CASE("a claim-based provider says which claims its scopes came from") {
    auto report = scopegate::testing::sample_report();
    report.providers[0].scope_claims = {"scope", "permissions"};
    const std::string text = create_text_reporter({false})->render(report);
    CHECK(text.find("from --response-file answer.json\n  scopes from claims scope, permissions\n") !=
          std::string::npos);
  }

  TEST_CASE("--min-ttl with an unknown expiry: the reason is the exit-5 line, or a line under another headline") {
    auto report = scopegate::testing::sample_report();
    const std::string reason = "the sonar token's expiry is unknown (x), so --min-ttl 30d could not be checked";
    report.unverified = {reason};
    CHECK(create_text_reporter({false})->render(report).ends_with("\n  " + reason + "\n"));  // exit 1 leads
    report.features[1].status = scopegate::engine::FeatureStatus::kOk;
    report.providers[0].fix.clear();
    report.exit_code = 5;
    CHECK(create_text_reporter({false})->render(report).ends_with("\n" + reason + "\n"));
  }

  TEST_CASE("provider failures are spelled out") {
    auto report = scopegate::testing::sample_report();
    report.providers[0].status = scopegate::engine::ProviderStatus::kTokenRejected;
    report.providers[0].error = "Sonar rejected the key: REVOKED_API_KEY";
    report.exit_code = 3;
    const std::string text = create_text_reporter({false})->render(report);
    CHECK(text.find("  token rejected: Sonar rejected the key: REVOKED_API_KEY\n") != std::string::npos);
    CHECK(text.ends_with("token rejected by sonar: Sonar rejected the key: REVOKED_API_KEY\n"));
  }
}

TEST_SUITE("report.summary") {
  using scopegate::report::summary_line;
  TEST_CASE("one sentence per exit code") {
    auto report = scopegate::testing::sample_report();
    CHECK(summary_line(report).starts_with("1 of 2 features blocked: add documents:signed:export"));
    report.features[1].status = scopegate::engine::FeatureStatus::kOk;
    report.providers[0].fix.clear();
    report.exit_code = 0;
    CHECK(summary_line(report) == "all 2 checked features have the scopes they need (1 skipped)");
    report.exit_code = 4;
    report.providers[0].status = scopegate::engine::ProviderStatus::kError;
    report.providers[0].error = "connect to s.example:443: refused";
    CHECK(summary_line(report) == "could not ask sonar: connect to s.example:443: refused");
    report.exit_code = 1;
    report.failures = {"the sonar token expires in 3 days"};
    CHECK(summary_line(report) == "the sonar token expires in 3 days");
  }

  TEST_CASE("nothing checked says so, rather than 'all 0 features'") {
    auto report = scopegate::testing::sample_report();
    report.features.erase(report.features.begin(), report.features.begin() + 2);
    report.providers.clear();
    report.missing.clear();
    report.exit_code = 0;
    CHECK(summary_line(report) == "no feature was checked (1 skipped by its when: condition)");
    report.features.clear();
    CHECK(summary_line(report) == "no feature was checked");
  }

  TEST_CASE("exit 0 with an optional feature short of a scope: the one line says which, and the fix") {
    auto report = scopegate::testing::optional_miss_report();
    const std::string line =
        "2 of 3 checked features have their scopes; optional feature nightly would be blocked: add "
        "documents:uploaded:delete to key 'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys";
    CHECK(summary_line(report) == line);
    const std::string text = create_text_reporter({false})->render(report);
    CHECK(text.ends_with("\n" + line + "\n"));  // and no second line contradicting or repeating it
    CHECK(text.find("all 3 checked features") == std::string::npos);

    // Two optional features with the same fix name it once; unverifiable and failed ones are named too.
    auto two = report;
    two.features[0].optional = true;
    two.features[0].status = scopegate::engine::FeatureStatus::kMissing;
    two.features[0].fix = report.features[2].fix;
    CHECK(summary_line(two) == "1 of 3 checked features have their scopes; optional features read-signed, nightly "
                               "would be blocked: add documents:uploaded:delete to key 'CI key' (sk_live...) at "
                               "https://session.sonar.de/acme/settings/api-keys");
    auto unverified = report;
    unverified.features[2].status = scopegate::engine::FeatureStatus::kUnverifiable;
    CHECK(summary_line(unverified) == "2 of 3 checked features have their scopes; optional feature nightly could not "
                                      "be verified");
    auto failed = report;
    failed.features[2].status = scopegate::engine::FeatureStatus::kError;
    failed.features[2].reason = "connect to s.example:443: refused";
    CHECK(summary_line(failed) == "2 of 3 checked features have their scopes; optional feature nightly could not be "
                                  "checked: connect to s.example:443: refused");
    // With exit 1 the headline is the blocking miss, and the optional one keeps its own line.
    auto blocked = scopegate::testing::sample_report();
    blocked.features[2].status = scopegate::engine::FeatureStatus::kMissing;
    blocked.features[2].missing = testing::findings({"documents:uploaded:delete"});
    CHECK(create_text_reporter({false})->render(blocked).find("  1 optional feature would be blocked (warning only)\n") !=
          std::string::npos);
  }

  TEST_CASE("unverifiable names the scopes and why") {
    auto report = scopegate::testing::sample_report();
    report.features[1].status = scopegate::engine::FeatureStatus::kUnverifiable;
    report.providers[0].unverifiable = {"documents:signed:export"};
    report.providers[0].unverifiable_reason = "no listing";
    report.exit_code = 5;
    CHECK(summary_line(report) == "1 feature could not be verified: documents:signed:export on sonar (no listing)");
  }

  TEST_CASE("short_verdict: the count and the outcome, never a fix or a URL") {
    using scopegate::report::short_verdict;
    namespace engine = scopegate::engine;
    auto report = scopegate::testing::sample_report();
    CHECK(short_verdict(report) == "1 of 2 features blocked");
    report.failures = {"the sonar token expires in 3 days", "the sonar token has scopes no feature needs: a"};
    CHECK(short_verdict(report) == "1 of 2 features blocked, 2 checks failed");
    report.failures.clear();
    report.features[2].status = engine::FeatureStatus::kOk;  // nightly ran
    report.features[1].status = engine::FeatureStatus::kOk;
    report.exit_code = 0;
    CHECK(short_verdict(report) == "all 3 features ok");
    report.features.resize(1);
    CHECK(short_verdict(report) == "1 feature ok");
    report.features[0].status = engine::FeatureStatus::kSkipped;
    CHECK(short_verdict(report) == "no feature checked, 1 skipped");
    const auto optional = scopegate::testing::optional_miss_report();
    CHECK(short_verdict(optional) == "2 of 3 features ok (1 optional blocked)");
  }

  TEST_CASE("expiry_phrase: the date and the time left, counted from the time given") {
    using scopegate::report::expiry_phrase;
    auto provider = scopegate::testing::sample_report().providers[0];  // expires 2027-01-31T00:00:00Z
    const auto at = [](const char* text) { return *scopegate::util::parse_timestamp(text); };
    CHECK(expiry_phrase(provider, at("2026-12-31T00:00:00Z")) == "expires 2027-01-31 (in 31 days)");
    CHECK(expiry_phrase(provider, at("2027-01-30T12:00:00Z")) == "expires 2027-01-31 (in 12 hours)");
    CHECK(expiry_phrase(provider, at("2027-01-30T23:59:30Z")) == "expires 2027-01-31 (in 30 seconds)");
    CHECK(expiry_phrase(provider, at("2027-02-02T00:00:00Z")) == "expired 2027-01-31 (2 days ago)");
    CHECK(expiry_phrase(provider, at("2027-01-31T00:00:00Z")) == "expired 2027-01-31 (0 seconds ago)");
    provider.expires_at.reset();
    CHECK(expiry_phrase(provider, at("2026-12-31T00:00:00Z")) == "never expires");
    provider.expiry_known = false;
    CHECK(expiry_phrase(provider, at("2026-12-31T00:00:00Z")) == "expiry unknown");
  }
}

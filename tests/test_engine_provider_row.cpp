#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "engine/provider_row.h"
#include "manifest/loader.h"
#include "providers/presets.h"
#include "support/fakes.h"
#include "support/load_options.h"
#include "util/time.h"

using namespace scopegate;
using engine::ProviderStatus;
using std::chrono::hours;
using std::chrono::seconds;

namespace {
// One sonar provider, resolved as the engine would, at the fixed clock's time.
struct Row {
  manifest::Manifest manifest;
  engine::ResolvedProvider resolved;
  engine::Evidence evidence;
  util::TimePoint now = testing::FixedClock().now();

  explicit Row(const std::string& extra = "") {
    manifest::Diagnostics diagnostics;
    REQUIRE(manifest::parse_manifest("m.yaml",
                                     "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"https://s.example\"" +
                                         extra + "}\nfeatures:\n  read: {requires: [documents:signed:read]}\n",
                                     testing::load_options(), &manifest, &diagnostics));
    resolved.spec = &manifest.providers.front();
    resolved.preset = providers::find_preset("sonar");
    resolved.token_source = "SONAR_API_KEY";
    resolved.token_page = "https://s.example/tokens";
  }
  engine::ProviderResult describe() const { return engine::describe_provider(resolved, evidence, now); }
};
}  // namespace

TEST_SUITE("engine.provider_row") {
  TEST_CASE("a rejected token's row says where to replace it, and where to create one") {
    Row row;
    row.evidence.facts = providers::TokenFacts::rejected("401 Unauthorized");
    const engine::ProviderResult result = row.describe();
    CHECK(result.status == ProviderStatus::kTokenRejected);
    CHECK(result.error ==
          "401 Unauthorized; replace the token in SONAR_API_KEY (create one at https://s.example/tokens)");
  }

  TEST_CASE("an accepted token past its expiry is rejected, counted from the clock given") {
    Row row;
    row.evidence.facts.expiry_known = true;
    row.evidence.facts.expires_at = row.now;
    CHECK(row.describe().status == ProviderStatus::kTokenRejected);
    row.evidence.facts.expires_at = row.now + seconds(1);
    CHECK(row.describe().status == ProviderStatus::kOk);
    row.evidence.offline = true;
    CHECK(row.describe().status == ProviderStatus::kOffline);
  }

  TEST_CASE("a token not valid yet is rejected too, saying from when, counted from the clock given") {
    Row row;
    row.evidence.facts.not_before = row.now + seconds(1);
    const auto early = row.describe();
    CHECK(early.status == ProviderStatus::kTokenRejected);
    CHECK(early.error == "the token is not valid before " + util::format_timestamp(row.now + seconds(1)) +
                             "; replace the token in SONAR_API_KEY (create one at https://s.example/tokens)");
    row.evidence.facts.not_before = row.now;
    CHECK(row.describe().status == ProviderStatus::kOk);
    row.evidence.facts.expires_at = row.now;  // both: the expiry is said
    CHECK(row.describe().error.starts_with("the token expired at "));
  }

  TEST_CASE("a provider's words arrive on one line") {
    Row row;
    row.evidence.facts = providers::TokenFacts::failed("bad\r\n::error::x");
    CHECK(row.describe().error.find('\n') == std::string::npos);
  }

  TEST_CASE("check_ttl: sooner than --min-ttl fails, within two weeks warns, unknown is said") {
    Row row;
    row.evidence.facts.expiry_known = true;
    row.evidence.facts.expires_at = row.now + hours(48);
    engine::ProviderResult result = row.describe();
    engine::Report report;
    engine::check_ttl(std::nullopt, row.now, &result, &report);
    CHECK(result.expiring_soon);
    CHECK(report.failures.empty());
    engine::check_ttl(seconds(hours(72)), row.now, &result, &report);
    CHECK(result.ttl_ok == std::optional<bool>(false));
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].find("expires in 2 days") != std::string::npos);

    Row unknown;
    engine::ProviderResult blind = unknown.describe();
    blind.blocking = true;
    engine::Report unverified;
    engine::check_ttl(seconds(hours(72)), unknown.now, &blind, &unverified);
    REQUIRE(unverified.unverified.size() == 1);
    CHECK(unverified.unverified[0].find("could not be checked") != std::string::npos);
  }

  TEST_CASE("check_key_prefix: only when asked, only when the provider answered") {
    Row plain;
    engine::ProviderResult result = plain.describe();
    engine::Report report;
    engine::check_key_prefix(plain.resolved, &result, &report);
    CHECK_FALSE(result.required_key_prefix);

    Row gated(", require_key_prefix: sk_live");
    gated.evidence.facts.key_prefix = "sk_live_1";
    result = gated.describe();
    engine::check_key_prefix(gated.resolved, &result, &report);
    CHECK(result.key_prefix_ok == std::optional<bool>(true));
    CHECK(report.failures.empty());
  }
}

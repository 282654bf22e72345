#include <doctest/doctest.h>

#include <string>

#include "engine/exit_code.h"
#include "engine/report.h"

using namespace scopegate;
using engine::FeatureStatus;
using engine::ProviderStatus;

namespace {
engine::Report with(ProviderStatus provider, FeatureStatus feature, bool optional = false) {
  engine::Report report;
  report.providers.emplace_back();
  report.providers.back().status = provider;
  report.providers.back().blocking = !optional;
  report.features.emplace_back();
  report.features.back().status = feature;
  report.features.back().optional = optional;
  return report;
}
}  // namespace

TEST_SUITE("engine.report") {
  TEST_CASE("the statuses' names are the contract's words") {
    CHECK(std::string(engine::to_string(ProviderStatus::kTokenRejected)) == "token_rejected");
    CHECK(std::string(engine::to_string(ProviderStatus::kOffline)) == "offline");
    CHECK(std::string(engine::to_string(FeatureStatus::kUnverifiable)) == "unverifiable");
    CHECK(std::string(engine::to_string(FeatureStatus::kSkipped)) == "skipped");
  }

  TEST_CASE("exit codes: one per outcome, optional features and their providers never decide") {
    CHECK(engine::exit_code_for(with(ProviderStatus::kOk, FeatureStatus::kOk)) == engine::kExitOk);
    CHECK(engine::exit_code_for(with(ProviderStatus::kOk, FeatureStatus::kMissing)) == engine::kExitMissing);
    CHECK(engine::exit_code_for(with(ProviderStatus::kTokenRejected, FeatureStatus::kError)) ==
          engine::kExitRejected);
    CHECK(engine::exit_code_for(with(ProviderStatus::kError, FeatureStatus::kError)) == engine::kExitProviderError);
    CHECK(engine::exit_code_for(with(ProviderStatus::kOk, FeatureStatus::kUnverifiable)) ==
          engine::kExitUnverifiable);
    CHECK(engine::exit_code_for(with(ProviderStatus::kTokenRejected, FeatureStatus::kMissing, true)) ==
          engine::kExitOk);
    engine::Report failed = with(ProviderStatus::kOk, FeatureStatus::kOk);
    failed.failures.push_back("--min-ttl");
    CHECK(engine::exit_code_for(failed) == engine::kExitMissing);
    engine::Report unverified = with(ProviderStatus::kOk, FeatureStatus::kOk);
    unverified.unverified.push_back("expiry unknown");
    CHECK(engine::exit_code_for(unverified) == engine::kExitUnverifiable);
  }

  TEST_CASE("neutralize makes every outside string one line, in every part of the report") {
    engine::Report report = with(ProviderStatus::kOk, FeatureStatus::kMissing);
    report.manifest_path = "m\n.yaml";
    report.providers[0].granted = {"a\rb"};
    report.features[0].hint = "x\x1b[31m";
    report.missing.emplace_back();
    report.missing[0].scope = "s\n::error::";
    engine::neutralize(report);
    for (const std::string* text : {&report.manifest_path, &report.providers[0].granted[0], &report.features[0].hint,
                                    &report.missing[0].scope}) {
      CHECK(text->find_first_of("\r\n\x1b") == std::string::npos);
    }
  }
}

#pragma once
// The one-line answer every format ends with:
// "2 of 5 features blocked: add a, b to key 'CI key' (sk_live...) at https://..."
#include <string>
#include <vector>

#include "engine/report.h"
#include "util/clock.h"

namespace scopegate::report {

std::string summary_line(const engine::Report& report);

// The verdict alone, short enough for a heading, with no fix and no URL:
// "2 of 5 features blocked", "all 5 features ok, 1 skipped", "3 of 4 features
// ok (1 optional blocked)", "1 of 5 features could not be verified", "token
// rejected by sonar", "could not ask sonar", each with ", 1 check failed"
// when a run-level check (--min-ttl, --fail-on-excess) failed too.
std::string short_verdict(const engine::Report& report);

// A token's expiry as a person reads it, counted from `now`: "expires
// 2026-12-31 (in 32 days)", "expired 2026-11-01 (3 days ago)", "never
// expires", "expiry unknown".
std::string expiry_phrase(const engine::ProviderResult& provider, util::TimePoint now);

// Secondary findings worth a line of their own (warnings that do not decide the exit code).
std::vector<std::string> secondary_lines(const engine::Report& report);

}  // namespace scopegate::report

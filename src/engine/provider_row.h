#pragma once
// A provider's row of the report, and the run-level checks on its token
// (--min-ttl, require_key_prefix).
#include "engine/evidence.h"
#include "engine/report.h"
#include "engine/resolver.h"
#include "util/clock.h"

#include <chrono>
#include <optional>

namespace scopegate::engine {

// A provider's row of the report, from what it said (an expired token counts as rejected).
ProviderResult describe_provider(const ResolvedProvider& resolved, const Evidence& evidence, util::TimePoint now);

// True when the provider answered (live or offline): only then are its scopes judged.
bool provider_answered(const ProviderResult& provider);

// --min-ttl (`min_ttl`, counted from `now`) and the two-week warning: a failure
// or an unverified line in `report` when the token expires too soon, or its
// expiry is unknown.
void check_ttl(std::optional<std::chrono::seconds> min_ttl, util::TimePoint now, ProviderResult* provider,
               Report* report);

// require_key_prefix: a pre-deploy gate may insist on a live key (sk_live).
// The reported prefix must start with the required one; a provider that
// reports none cannot prove it, which fails too, like a --min-ttl failure.
void check_key_prefix(const ResolvedProvider& resolved, ProviderResult* provider, Report* report);

}  // namespace scopegate::engine

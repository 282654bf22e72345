#include "engine/provider_row.h"

#include "util/duration.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::engine {

namespace {
// "; replace the token in SONAR_API_KEY (create one at PAGE)", as gh auth
// status names the variable: a rejected token is fixed where it is stored.
std::string replacement_advice(const ResolvedProvider& resolved) {
  if (resolved.connection && !resolved.connection->renewal.empty() && !resolved.spec->token_env &&
      !resolved.spec->token_file)
    return "; " + resolved.connection->renewal;
  if (resolved.token_source.empty()) return {};
  return "; replace the token in " + resolved.token_source +
         (resolved.token_page.empty() ? std::string() : " (create one at " + resolved.token_page + ")");
}

// --min-ttl with an expiry nobody said: never a silent pass. For a provider a
// required feature uses it is unverifiable (exit 5 unless worse); otherwise a note.
void ttl_unknown(std::chrono::seconds min_ttl, ProviderResult* provider, Report* report) {
  const std::string why =
      provider->expiry_problem.empty() ? "the provider does not say when it expires" : provider->expiry_problem;
  std::string sentence = "the " + provider->name + " token's expiry is unknown (" + why + "), so --min-ttl " +
                         util::format_duration(min_ttl) + " could not be checked";
  (provider->blocking ? report->unverified : provider->notes).push_back(std::move(sentence));
}
}  // namespace

ProviderResult describe_provider(const ResolvedProvider& resolved, const Evidence& evidence, util::TimePoint now) {
  const providers::TokenFacts& facts = evidence.facts;
  ProviderResult result;
  result.name = resolved.spec->name;
  result.preset = resolved.spec->preset.value;
  result.source = evidence.source;
  result.key_name = facts.key_name;
  result.key_prefix = facts.key_prefix;
  result.account = facts.account;
  result.expiry_known = facts.expiry_known;
  result.expires_at = facts.expires_at;
  result.expiry_problem = facts.expiry_problem;
  result.scopes_listed = facts.scopes_listed;
  result.granted = facts.granted;
  result.scope_claims = facts.scope_claims;
  result.granted_by = facts.granted_by;
  result.unverifiable_reason = facts.unverifiable_reason;
  result.token_page = resolved.token_page;
  result.notes = facts.notes;
  result.token_kind = facts.token_kind;
  result.resource = facts.resource;
  result.fix_location = facts.fix_location;
  result.where = resolved.spec->where;
  switch (facts.outcome) {
    case providers::TokenFacts::Outcome::kAccepted:
      result.status = evidence.offline ? ProviderStatus::kOffline : ProviderStatus::kOk;
      break;
    case providers::TokenFacts::Outcome::kRejected:
      result.status = ProviderStatus::kTokenRejected;
      result.error = facts.error + replacement_advice(resolved);
      break;
    case providers::TokenFacts::Outcome::kError:
      result.status = ProviderStatus::kError;
      result.error = facts.error;
      break;
  }
  // A provider would refuse a token past its expiry, whatever else it said.
  if (result.status == ProviderStatus::kOk || result.status == ProviderStatus::kOffline) {
    if (facts.expires_at && *facts.expires_at <= now) {
      result.status = ProviderStatus::kTokenRejected;
      result.error = "the token expired at " + util::format_timestamp(*facts.expires_at) + replacement_advice(resolved);
    } else if (facts.not_before && *facts.not_before > now) {
      result.status = ProviderStatus::kTokenRejected;
      result.error = "the token is not valid before " + util::format_timestamp(*facts.not_before) +
                     replacement_advice(resolved);
    }
  }
  neutralize(result);
  return result;
}

bool provider_answered(const ProviderResult& provider) {
  return provider.status == ProviderStatus::kOk || provider.status == ProviderStatus::kOffline;
}

void check_ttl(std::optional<std::chrono::seconds> min_ttl, util::TimePoint now, ProviderResult* provider,
               Report* report) {
  if (!provider_answered(*provider)) return;
  provider->expiring_soon = provider->expires_at && *provider->expires_at - now < kExpiryWarning;
  if (!min_ttl) return;
  if (!provider->expiry_known) return ttl_unknown(*min_ttl, provider, report);
  if (!provider->expires_at) {
    provider->ttl_ok = true;  // never expires
    return;
  }
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(*provider->expires_at - now);
  provider->ttl_ok = left >= *min_ttl;
  provider->expiring_soon = provider->expiring_soon || !*provider->ttl_ok;
  if (!*provider->ttl_ok)
    report->failures.push_back("the " + provider->name + " token expires in " + util::describe_duration(left) +
                               " (" + util::format_timestamp(*provider->expires_at) +
                               "), sooner than --min-ttl " + util::format_duration(*min_ttl));
}

// require_key_prefix: a pre-deploy gate may insist on a live key (sk_live).
// The reported prefix must start with the required one; a provider that
// reports none cannot prove it, which fails too, like a --min-ttl failure.
void check_key_prefix(const ResolvedProvider& resolved, ProviderResult* provider, Report* report) {
  if (!resolved.spec->require_key_prefix) return;
  const std::string& required = resolved.spec->require_key_prefix->value;
  provider->required_key_prefix = required;
  if (!provider_answered(*provider)) return;
  provider->key_prefix_ok = provider->key_prefix && provider->key_prefix->starts_with(required);
  if (*provider->key_prefix_ok) return;
  const std::string found = provider->key_prefix ? "the key prefix " + *provider->key_prefix
                                                 : "no key prefix (its answer names none)";
  const std::string& wanted = *provider->required_key_prefix;
  report->failures.push_back("the " + provider->name + " token has " + found + ", not " + wanted +
                             " as require_key_prefix asks: use a " + wanted + " key" +
                             (provider->token_page.empty() ? std::string() : " from " + provider->token_page));
}

}  // namespace scopegate::engine

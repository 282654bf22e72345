#include "engine/verdict.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "engine/exit_code.h"
#include "providers/claims.h"
#include "scope/matcher.h"
#include "util/duration.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::engine {

const char* to_string(ProviderStatus status) {
  switch (status) {
    case ProviderStatus::kOk: return "ok";
    case ProviderStatus::kTokenRejected: return "token_rejected";
    case ProviderStatus::kError: return "error";
    case ProviderStatus::kOffline: return "offline";
  }
  return "error";
}

const char* to_string(FeatureStatus status) {
  switch (status) {
    case FeatureStatus::kOk: return "ok";
    case FeatureStatus::kMissing: return "missing";
    case FeatureStatus::kUnverifiable: return "unverifiable";
    case FeatureStatus::kSkipped: return "skipped";
    case FeatureStatus::kError: return "error";
  }
  return "error";
}

bool condition_holds(const manifest::Condition& condition, const util::Environment& environment,
                     std::string* reason) {
  for (const manifest::Text& name : condition.env) {
    if (!environment.get_non_empty(name.value)) {
      *reason = name.value + " is not set";
      return false;
    }
  }
  for (const manifest::Text& name : condition.env_unset) {
    if (environment.get_non_empty(name.value)) {
      *reason = name.value + " is set";
      return false;
    }
  }
  if (condition.equals) {
    const std::string& name = condition.env.front().value;
    // The value itself is not printed: it may be something private.
    if (environment.get(name).value_or("") != condition.equals->value) {
      *reason = name + " is not " + util::quoted(condition.equals->value);
      return false;
    }
  }
  return true;
}

std::string describe_key(const std::optional<std::string>& name,
                         const std::optional<std::string>& prefix) {
  if (name && prefix) return "key " + util::quoted(*name) + " (" + *prefix + "...)";
  if (name) return "key " + util::quoted(*name);
  if (prefix) return "the key " + *prefix + "...";
  return "the key";
}

std::string any_group_name(const std::vector<manifest::ScopeRef>& group) {
  std::vector<std::string> names;
  for (const manifest::ScopeRef& ref : group) names.push_back(ref.scope);
  return util::join(names, " | ");
}

namespace {
// In prose, "a | b" reads better as "a or b".
std::string prose_scope(const std::string& scope) {
  std::string text = scope;
  for (std::size_t at = 0; (at = text.find(" | ", at)) != std::string::npos;) text.replace(at, 3, " or ");
  return scope.find(" | ") == std::string::npos ? text : "(" + text + ")";
}

// The value of one placeholder; "" for an unknown one.
struct FixValues {
  std::string scopes, scopes_comma;
  const std::string& key;
  const std::string& page;
  const std::string& claims;
  const std::string* find(std::string_view name) const {
    if (name == "scopes") return &scopes;
    if (name == "scopes_comma") return &scopes_comma;
    if (name == "key") return &key;
    if (name == "page") return &page;
    if (name == "claims") return &claims;
    return nullptr;
  }
};

std::string fill_placeholders(std::string_view text, const FixValues& values, bool* any_empty) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out += text.substr(at, open - at);
    const std::string* value = values.find(text.substr(open + 1, close - open - 1));
    if (!value || value->empty()) *any_empty = true;
    if (value) out += *value;
    at = close + 1;
  }
  out += text.substr(at);
  return out;
}
}  // namespace

std::string render_fix(std::string_view fix_template, const std::vector<std::string>& scopes,
                       const std::string& key_description, const std::string& page, const std::string& claims) {
  FixValues values{{}, {}, key_description, page, claims};
  for (const std::string& scope : scopes) {
    if (!values.scopes.empty()) {
      values.scopes += ", ";
      values.scopes_comma += ',';
    }
    values.scopes += prose_scope(scope);
    values.scopes_comma += scope.substr(0, scope.find(" | "));  // gh -s takes one name per group
  }
  std::string out;
  std::size_t at = 0;
  while (at < fix_template.size()) {
    const std::size_t open = fix_template.find('[', at);
    const std::size_t close = open == std::string_view::npos ? open : fix_template.find(']', open);
    bool ignored = false;
    if (close == std::string_view::npos) {
      out += fill_placeholders(fix_template.substr(at), values, &ignored);
      break;
    }
    out += fill_placeholders(fix_template.substr(at, open - at), values, &ignored);
    bool empty = false;
    const std::string optional_part =
        fill_placeholders(fix_template.substr(open + 1, close - open - 1), values, &empty);
    if (!empty) out += optional_part;
    at = close + 1;
  }
  return out;
}

namespace {
enum class ScopeState { kGranted, kMissing, kUnverifiable };

// Answers "is this scope granted?" for one provider's evidence.
class ScopeJudge {
 public:
  ScopeJudge(const scope::Vocabulary& vocabulary, const providers::TokenFacts& facts)
      : index_(vocabulary, facts.granted),
        listed_(facts.scopes_listed),
        proven_missing_(facts.proven_missing.begin(), facts.proven_missing.end()) {}

  ScopeState judge(const std::string& scope) const {
    if (index_.covers(scope)) return ScopeState::kGranted;
    if (listed_ || proven_missing_.count(scope)) return ScopeState::kMissing;
    return ScopeState::kUnverifiable;
  }
  const scope::GrantIndex& index() const { return index_; }

 private:
  scope::GrantIndex index_;
  bool listed_;
  std::unordered_set<std::string> proven_missing_;
};

struct Judged {
  std::vector<std::string> missing;
  std::vector<std::string> unverifiable;
  std::vector<manifest::Location> missing_where;
  std::vector<manifest::Location> unverifiable_where;
};

Judged judge_requirement(const manifest::Requirement& requirement, const ScopeJudge& judge) {
  Judged judged;
  for (const manifest::ScopeRef& ref : requirement.all) {
    const ScopeState state = judge.judge(ref.scope);
    if (state == ScopeState::kMissing) {
      judged.missing.push_back(ref.scope);
      judged.missing_where.push_back(ref.where);
    } else if (state == ScopeState::kUnverifiable) {
      judged.unverifiable.push_back(ref.scope);
      judged.unverifiable_where.push_back(ref.where);
    }
  }
  if (requirement.any.empty()) return judged;
  bool granted = false, unverifiable = false;
  for (const manifest::ScopeRef& ref : requirement.any) {
    const ScopeState state = judge.judge(ref.scope);
    granted = granted || state == ScopeState::kGranted;
    unverifiable = unverifiable || state == ScopeState::kUnverifiable;
  }
  if (granted) return judged;
  if (unverifiable) {
    judged.unverifiable.push_back(any_group_name(requirement.any));
    judged.unverifiable_where.push_back(requirement.any.front().where);
  } else {
    judged.missing.push_back(any_group_name(requirement.any));
    judged.missing_where.push_back(requirement.any.front().where);
  }
  return judged;
}

std::vector<std::string> required_names(const manifest::Requirement& requirement) {
  std::vector<std::string> names;
  for (const manifest::ScopeRef& ref : requirement.all) names.push_back(ref.scope);
  if (!requirement.any.empty()) names.push_back(any_group_name(requirement.any));
  return names;
}

}  // namespace

namespace {
void neutralize_all(std::vector<std::string>& texts) {
  for (std::string& text : texts) util::neutralize_in_place(text);
}
void neutralize_all(std::optional<std::string>& text) {
  if (text) util::neutralize_in_place(*text);
}

// "; replace the token in SONAR_API_KEY (create one at PAGE)", as gh auth
// status names the variable: a rejected token is fixed where it is stored.
std::string replacement_advice(const ResolvedProvider& resolved) {
  if (resolved.token_source.empty()) return {};
  return "; replace the token in " + resolved.token_source +
         (resolved.token_page.empty() ? std::string() : " (create one at " + resolved.token_page + ")");
}
}  // namespace

void neutralize(ProviderResult& provider) {
  for (std::string* text : {&provider.name, &provider.preset, &provider.error, &provider.source,
                            &provider.unverifiable_reason, &provider.token_page, &provider.fix,
                            &provider.optional_fix, &provider.expiry_problem})
    util::neutralize_in_place(*text);
  for (auto& [scope, claim] : provider.granted_by) {
    util::neutralize_in_place(scope);
    util::neutralize_in_place(claim);
  }
  for (std::optional<std::string>* text :
       {&provider.key_name, &provider.key_prefix, &provider.account, &provider.required_key_prefix})
    neutralize_all(*text);
  for (std::vector<std::string>* texts :
       {&provider.granted, &provider.excess, &provider.unverifiable, &provider.missing, &provider.notes,
        &provider.scope_claims})
    neutralize_all(*texts);
}

void neutralize(Report& report) {
  util::neutralize_in_place(report.manifest_path);
  neutralize_all(report.min_ttl);
  neutralize_all(report.failures);
  neutralize_all(report.unverified);
  for (ProviderResult& provider : report.providers) neutralize(provider);
  for (FeatureResult& feature : report.features) {
    for (std::string* text : {&feature.name, &feature.provider, &feature.description, &feature.hint, &feature.fix,
                              &feature.reason})
      util::neutralize_in_place(*text);
    for (std::vector<std::string>* texts : {&feature.required, &feature.missing, &feature.unverifiable})
      neutralize_all(*texts);
  }
  for (MissingScope& missing : report.missing) {
    util::neutralize_in_place(missing.provider);
    util::neutralize_in_place(missing.scope);
    util::neutralize_in_place(missing.fix);
    neutralize_all(missing.label);
    neutralize_all(missing.features);
  }
}

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
    }
  }
  neutralize(result);
  return result;
}

namespace {
bool provider_answered(const ProviderResult& provider) {
  return provider.status == ProviderStatus::kOk || provider.status == ProviderStatus::kOffline;
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

void check_ttl(const EvaluateOptions& options, ProviderResult* provider, Report* report) {
  if (!provider_answered(*provider)) return;
  provider->expiring_soon = provider->expires_at && *provider->expires_at - options.now < kExpiryWarning;
  if (!options.min_ttl) return;
  if (!provider->expiry_known) return ttl_unknown(*options.min_ttl, provider, report);
  if (!provider->expires_at) {
    provider->ttl_ok = true;  // never expires
    return;
  }
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(*provider->expires_at - options.now);
  provider->ttl_ok = left >= *options.min_ttl;
  provider->expiring_soon = provider->expiring_soon || !*provider->ttl_ok;
  if (!*provider->ttl_ok)
    report->failures.push_back("the " + provider->name + " token expires in " + util::describe_duration(left) +
                               " (" + util::format_timestamp(*provider->expires_at) +
                               "), sooner than --min-ttl " + util::format_duration(*options.min_ttl));
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

class Evaluator {
 public:
  Evaluator(const std::map<std::string, ResolvedProvider>& providers,
            const std::map<std::string, Evidence>& evidence, const util::Environment& environment,
            const EvaluateOptions& options, Report* report)
      : providers_(providers), evidence_(evidence), environment_(environment), options_(options),
        report_(*report) {}

  void run(const manifest::Manifest& manifest, const std::vector<const manifest::FeatureSpec*>& features) {
    report_.manifest_path = manifest.path;
    report_.fail_on_excess = options_.fail_on_excess;
    report_.checked_at = options_.now;
    if (options_.min_ttl) report_.min_ttl = util::format_duration(*options_.min_ttl);
    std::vector<const manifest::FeatureSpec*> enabled;
    for (const manifest::FeatureSpec* feature : features) {
      std::string reason;
      if (feature->when && !condition_holds(*feature->when, environment_, &reason)) {
        add_skipped(*feature, reason);
      } else {
        enabled.push_back(feature);
        report_.features.emplace_back();  // filled below, in manifest order
        slots_.push_back(report_.features.size() - 1);
      }
    }
    add_providers(manifest, enabled);
    for (std::size_t i = 0; i < enabled.size(); ++i) judge_feature(*enabled[i], &report_.features[slots_[i]]);
    finish_providers(enabled);
    report_.exit_code = exit_code_for(report_);
  }

 private:
  void add_skipped(const manifest::FeatureSpec& feature, const std::string& reason) {
    FeatureResult result = base_result(feature);
    result.status = FeatureStatus::kSkipped;
    result.reason = reason;
    report_.features.push_back(std::move(result));
  }

  static FeatureResult base_result(const manifest::FeatureSpec& feature) {
    FeatureResult result;
    result.name = feature.name;
    result.provider = feature.provider.value;
    result.description = feature.description;
    result.optional = feature.optional;
    result.required = required_names(feature.requires_);
    result.hint = feature.hint ? feature.hint->value : "";
    result.where = feature.where;
    return result;
  }

  // One result per provider an enabled feature uses, in manifest order.
  void add_providers(const manifest::Manifest& manifest, const std::vector<const manifest::FeatureSpec*>& enabled) {
    std::unordered_set<std::string_view> used;
    for (const manifest::FeatureSpec* feature : enabled) used.insert(feature->provider.value);
    for (const manifest::ProviderSpec& spec : manifest.providers) {
      const auto resolved = providers_.find(spec.name);
      const auto said = evidence_.find(spec.name);
      if (!used.count(spec.name) || resolved == providers_.end() || said == evidence_.end()) continue;
      provider_slots_.emplace(spec.name, report_.providers.size());
      report_.providers.push_back(describe_provider(resolved->second, said->second, options_.now));
      judges_.emplace(spec.name, ScopeJudge(resolved->second.vocabulary, said->second.facts));
    }
  }

  void judge_feature(const manifest::FeatureSpec& feature, FeatureResult* result) {
    *result = base_result(feature);
    ProviderResult* provider = find_provider(feature.provider.value);
    if (!provider) {
      result->status = FeatureStatus::kError;
      result->reason = "no answer from provider " + util::quoted(feature.provider.value);
      return;
    }
    provider->blocking = provider->blocking || !feature.optional;
    if (!provider_answered(*provider)) {
      result->status = FeatureStatus::kError;
      result->reason = provider->error;
      return;
    }
    const Judged judged = judge_requirement(feature.requires_, judges_.at(feature.provider.value));
    result->missing = judged.missing;
    result->unverifiable = judged.unverifiable;
    result->missing_at = judged.missing_where;
    result->unverifiable_at = judged.unverifiable_where;
    if (!judged.missing.empty()) result->status = FeatureStatus::kMissing;
    else if (!judged.unverifiable.empty()) result->status = FeatureStatus::kUnverifiable;
    if (result->status == FeatureStatus::kUnverifiable) result->reason = provider->unverifiable_reason;
    for (std::size_t i = 0; i < judged.missing.size(); ++i)
      record_missing(*provider, feature, judged.missing[i], judged.missing_where[i]);
    for (const std::string& scope : judged.unverifiable)
      if (unverifiable_seen_[provider->name].insert(scope).second)
        provider->unverifiable.push_back(scope);
    if (!judged.missing.empty()) result->fix = fix_for(*provider, judged.missing);
  }

  void record_missing(ProviderResult& provider, const manifest::FeatureSpec& feature, const std::string& scope,
                      manifest::Location where) {
    scope::StringMap<std::size_t>& index = missing_index_[provider.name];
    auto slot = index.find(std::string_view(scope));  // a lookup builds no string
    if (slot == index.end()) {
      slot = index.emplace(scope, report_.missing.size()).first;
      MissingScope entry;
      entry.provider = provider.name;
      entry.scope = scope;
      entry.label = providers_.at(provider.name).vocabulary.label(scope);
      entry.where = where;
      entry.optional = true;
      entry.fix = fix_for(provider, {scope});
      report_.missing.push_back(std::move(entry));
    }
    MissingScope& entry = report_.missing[slot->second];
    entry.features.push_back(feature.name);
    if (!feature.optional && entry.optional) {  // the first feature that needs it for real
      entry.optional = false;
      provider.missing.push_back(scope);
    }
  }

  // The fix line. A scope that scopegate's list of the provider's names does
  // not know may be a typo: the advice says so rather than send someone to
  // add a scope that may not exist. (A closed list never gets here: the
  // loader made such a scope a manifest error.)
  std::string fix_for(const ProviderResult& provider, const std::vector<std::string>& scopes) const {
    const ResolvedProvider& resolved = providers_.at(provider.name);
    const std::string_view fix_template = resolved.preset->fix_template;
    const std::string claims = fix_template.find("{claims}") == std::string_view::npos
                                   ? std::string()
                                   : providers::claims_for_fix(provider.scope_claims, *resolved.spec);
    std::string fix = render_fix(fix_template, scopes, describe_key(provider.key_name, provider.key_prefix),
                                 provider.token_page, claims);
    for (const std::string& entry : scopes) {  // an unmet any: group is one entry, "a | b"
      for (std::size_t start = 0; start <= entry.size();) {
        const std::size_t bar = std::min(entry.find(" | ", start), entry.size());
        const std::string_view scope = std::string_view(entry).substr(start, bar - start);
        if (!resolved.vocabulary.is_known(scope))
          return fix + "; but first check the manifest: " +
                 scope::unknown_scope_message(resolved.vocabulary, scope, provider.name);
        start = bar + 3;
      }
    }
    return fix;
  }

  void finish_providers(const std::vector<const manifest::FeatureSpec*>& enabled) {
    // Views, in one pass over the features: a manifest may require 200,000 scopes.
    std::unordered_map<std::string_view, std::vector<std::string_view>> required_of;
    for (const manifest::FeatureSpec* feature : enabled) {
      std::vector<std::string_view>& required = required_of[feature->provider.value];
      for (const auto* list : {&feature->requires_.all, &feature->requires_.any})
        for (const manifest::ScopeRef& ref : *list) required.push_back(ref.scope);
    }
    for (ProviderResult& provider : report_.providers) {
      if (provider_answered(provider) && provider.scopes_listed) {
        provider.excess = judges_.at(provider.name).index().excess(required_of[provider.name]);
        if (options_.fail_on_excess && !provider.excess.empty())
          report_.failures.push_back("the " + provider.name + " token has scopes no feature needs: " +
                                     util::join(provider.excess, ", "));
      }
      check_ttl(options_, &provider, &report_);
      check_key_prefix(providers_.at(provider.name), &provider, &report_);
      if (!provider.missing.empty()) provider.fix = fix_for(provider, provider.missing);
      if (const auto optional = optional_misses(provider.name); !optional.empty())
        provider.optional_fix = fix_for(provider, optional);
    }
  }

  // The scopes of a provider that only optional features miss, in manifest order.
  std::vector<std::string> optional_misses(const std::string& provider) const {
    std::vector<std::string> scopes;
    for (const MissingScope& entry : report_.missing)
      if (entry.optional && entry.provider == provider) scopes.push_back(entry.scope);
    return scopes;
  }

  ProviderResult* find_provider(const std::string& name) {
    const auto slot = provider_slots_.find(name);
    return slot == provider_slots_.end() ? nullptr : &report_.providers[slot->second];
  }

  const std::map<std::string, ResolvedProvider>& providers_;
  const std::map<std::string, Evidence>& evidence_;
  const util::Environment& environment_;
  const EvaluateOptions& options_;
  Report& report_;
  std::vector<std::size_t> slots_;
  std::unordered_map<std::string, ScopeJudge> judges_;
  std::unordered_map<std::string, std::size_t> provider_slots_;  // name -> index in report_.providers
  // Per provider: scope -> index in report_.missing; the unverifiable scopes said.
  std::unordered_map<std::string, scope::StringMap<std::size_t>> missing_index_;
  std::unordered_map<std::string, std::unordered_set<std::string>> unverifiable_seen_;
};
}  // namespace

Report evaluate(const manifest::Manifest& manifest, const std::vector<const manifest::FeatureSpec*>& features,
                const std::map<std::string, ResolvedProvider>& providers,
                const std::map<std::string, Evidence>& evidence, const util::Environment& environment,
                const EvaluateOptions& options) {
  Report report;
  Evaluator(providers, evidence, environment, options, &report).run(manifest, features);
  // Every value from outside (a server's answer, the manifest, a path) is
  // neutralised here, once, so no reporter can be made to write a line, an
  // escape sequence or a workflow command it did not write itself.
  neutralize(report);
  return report;
}

int exit_code_for(const Report& report) {
  bool rejected = false, missing = !report.failures.empty(), failed = false, unverifiable = !report.unverified.empty();
  for (const ProviderResult& provider : report.providers) {
    if (!provider.blocking) continue;  // only optional features use it: warn, never fail
    rejected = rejected || provider.status == ProviderStatus::kTokenRejected;
    failed = failed || provider.status == ProviderStatus::kError;
  }
  for (const FeatureResult& feature : report.features) {
    if (feature.optional) continue;
    missing = missing || feature.status == FeatureStatus::kMissing;
    unverifiable = unverifiable || feature.status == FeatureStatus::kUnverifiable;
  }
  if (rejected) return kExitRejected;
  if (missing) return kExitMissing;
  if (failed) return kExitProviderError;
  if (unverifiable) return kExitUnverifiable;
  return kExitOk;
}

}  // namespace scopegate::engine

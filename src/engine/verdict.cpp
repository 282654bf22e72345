#include "engine/verdict.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/exit_code.h"
#include "engine/fix_text.h"
#include "engine/provider_row.h"
#include "providers/claims.h"
#include "scope/matcher.h"
#include "util/duration.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
enum class ScopeState { kGranted, kMissing, kUnanswered, kUnverifiable };

// Answers "is this scope granted?" for one provider's evidence.
class ScopeJudge {
 public:
  ScopeJudge(const scope::Vocabulary& vocabulary, const providers::TokenFacts& facts)
      : index_(vocabulary, facts.granted),
        listed_(facts.scopes_listed),
        proven_missing_(facts.proven_missing.begin(), facts.proven_missing.end()),
        unsettled_(facts.unsettled.begin(), facts.unsettled.end()) {
    for (const auto& [scope, why] : facts.unanswered) unanswered_.emplace(scope, why);
  }

  ScopeState judge(const std::string& scope) const {
    if (index_.covers(scope)) return ScopeState::kGranted;
    if (proven_missing_.count(scope)) return ScopeState::kMissing;
    if (unanswered_.count(scope)) return ScopeState::kUnanswered;
    if (unsettled_.count(scope)) return ScopeState::kUnverifiable;
    if (listed_) return ScopeState::kMissing;
    return ScopeState::kUnverifiable;
  }
  const scope::GrantIndex& index() const { return index_; }
  // Why the probe for `scope` got no answer; "" when it did.
  std::string unanswered_why(const std::string& scope) const {
    const auto found = unanswered_.find(scope);
    return found == unanswered_.end() ? std::string() : found->second;
  }

 private:
  scope::GrantIndex index_;
  bool listed_;
  std::unordered_set<std::string> proven_missing_;
  std::unordered_set<std::string> unsettled_;
  std::unordered_map<std::string, std::string> unanswered_;
};

// One requirement not met: its scope or any-group, and where the manifest says it.
struct Need {
  ScopeGroup group;
  manifest::Location where;
  std::string origin{};  // the names a requirement source gave it for ("socket-cli scan:create, fix")
};

struct Judged {
  std::vector<Need> missing;
  std::vector<Need> unverifiable;
  std::vector<std::string> unanswered;  // why each probe that was needed got no answer
};

Judged judge_requirement(const manifest::Requirement& requirement, const ScopeJudge& judge) {
  Judged judged;
  for (const manifest::ScopeRef& ref : requirement.all) {
    const ScopeState state = judge.judge(ref.scope);
    if (state == ScopeState::kMissing) judged.missing.push_back({{ref.scope}, ref.where, ref.origin});
    else if (state == ScopeState::kUnverifiable) judged.unverifiable.push_back({{ref.scope}, ref.where});
    else if (state == ScopeState::kUnanswered) judged.unanswered.push_back(judge.unanswered_why(ref.scope));
  }
  if (requirement.any.empty()) return judged;
  bool granted = false, unverifiable = false;
  std::vector<std::string> unanswered;
  for (const manifest::ScopeRef& ref : requirement.any) {
    const ScopeState state = judge.judge(ref.scope);
    granted = granted || state == ScopeState::kGranted;
    unverifiable = unverifiable || state == ScopeState::kUnverifiable;
    if (state == ScopeState::kUnanswered) unanswered.push_back(judge.unanswered_why(ref.scope));
  }
  if (granted) return judged;
  if (!unanswered.empty()) {
    judged.unanswered.insert(judged.unanswered.end(), unanswered.begin(), unanswered.end());
    return judged;
  }
  (unverifiable ? judged.unverifiable : judged.missing)
      .push_back({scope_group(requirement.any), requirement.any.front().where});
  return judged;
}

std::vector<std::string> required_names(const manifest::Requirement& requirement) {
  std::vector<std::string> names;
  for (const manifest::ScopeRef& ref : requirement.all) names.push_back(ref.scope);
  if (!requirement.any.empty()) names.push_back(group_name(scope_group(requirement.any)));
  return names;
}

class Evaluator {
 public:
  Evaluator(const std::map<std::string, ResolvedProvider>& providers,
            const std::map<std::string, Evidence>& evidence, const EvaluateOptions& options, Report* report)
      : providers_(providers), evidence_(evidence), options_(options), report_(*report) {}

  void run(const manifest::Manifest& manifest, const std::vector<SelectedFeature>& features) {
    report_.manifest_path = manifest.path;
    report_.fail_on_excess = options_.fail_on_excess;
    report_.checked_at = options_.now;
    if (options_.min_ttl) report_.min_ttl = util::format_duration(*options_.min_ttl);
    std::vector<const manifest::FeatureSpec*> enabled;
    for (const SelectedFeature& feature : features) {
      if (!feature.runs()) {
        add_skipped(*feature.spec, feature.skipped_because);
      } else {
        enabled.push_back(feature.spec);
        report_.features.emplace_back();  // filled below, in manifest order
        slots_.push_back(report_.features.size() - 1);
      }
    }
    for (const manifest::FeatureSpec* feature : enabled) {
      std::vector<std::string>& required = required_[feature->provider.value];
      for (const manifest::ScopeRef& ref : feature->requires_.all) required.push_back(ref.scope);
      if (!feature->requires_.any.empty()) required.push_back(feature->requires_.any.front().scope);
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
    if (!judged.missing.empty()) {
      result->status = FeatureStatus::kMissing;
    } else if (!judged.unanswered.empty()) {
      // The contract's exit 4: the provider could not be asked about a scope this feature needs.
      result->status = FeatureStatus::kError;
      const std::vector<std::string> reasons = unique(judged.unanswered);
      result->reason = "the provider could not be asked: " + util::join(reasons, "; ");
      if (!feature.optional) unanswered_[provider->name].insert(reasons.begin(), reasons.end());
    } else if (!judged.unverifiable.empty()) {
      result->status = FeatureStatus::kUnverifiable;
      result->reason = provider->unverifiable_reason;
    }
    std::vector<ScopeGroup> missing;
    for (const Need& need : judged.missing) {
      const std::size_t entry = record_missing(*provider, feature, need);
      result->missing.push_back({report_.missing[entry].scope, need.where, entry});
      missing.push_back(need.group);
    }
    for (const Need& need : judged.unverifiable) {
      result->unverifiable.push_back({group_name(need.group), need.where, std::nullopt});
      if (unverifiable_seen_[provider->name].insert(result->unverifiable.back().scope).second)
        provider->unverifiable.push_back(result->unverifiable.back().scope);
    }
    if (!missing.empty()) result->fix = fix_for(*provider, missing) + origin_note(*provider, judged.missing);
  }

  // Which names of a requirement source need the missing scopes, and the
  // source's own advice: "; packages:list, fixes:list for socket-cli fix;
  // socket-cli's own advice: URL". "" when the manifest wrote every scope itself.
  std::string origin_note(const ProviderResult& provider, const std::vector<Need>& needs) const {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_origin;  // in the order first needed
    for (const Need& need : needs) {
      if (need.origin.empty()) continue;
      auto same = std::find_if(by_origin.begin(), by_origin.end(), [&](const auto& o) { return o.first == need.origin; });
      if (same == by_origin.end()) same = by_origin.insert(by_origin.end(), {need.origin, {}});
      same->second.push_back(group_name(need.group));
    }
    if (by_origin.empty()) return {};
    std::vector<std::string> parts;
    for (const auto& [origin, scopes] : by_origin) parts.push_back(util::join(scopes, ", ") + " for " + origin);
    const providers::RequirementSource* source = providers_.at(provider.name).preset->requirement_source;
    if (source && !source->fix_note.empty()) parts.emplace_back(source->fix_note);
    return "; " + util::join(parts, "; ");
  }

  // The entry of Report::missing for `need` (made on its first miss), with
  // `feature` counted among those that need it; its index.
  std::size_t record_missing(ProviderResult& provider, const manifest::FeatureSpec& feature, const Need& need) {
    const std::string scope = group_name(need.group);
    scope::StringMap<std::size_t>& index = missing_index_[provider.name];
    auto slot = index.find(std::string_view(scope));  // a lookup builds no string
    if (slot == index.end()) {
      slot = index.emplace(scope, report_.missing.size()).first;
      MissingScope entry;
      entry.provider = provider.name;
      entry.scope = scope;
      entry.alternatives = need.group;
      entry.label = providers_.at(provider.name).vocabulary.label(scope);
      entry.where = need.where;
      entry.optional = true;
      entry.fix = fix_for(provider, {need.group}) + origin_note(provider, {need});
      report_.missing.push_back(std::move(entry));
    }
    MissingScope& entry = report_.missing[slot->second];
    entry.features.push_back(feature.name);
    if (!feature.optional && entry.optional) {  // the first feature that needs it for real
      entry.optional = false;
      blocking_entries_[provider.name].push_back(slot->second);
    }
    return slot->second;
  }

  // The fix line. A scope that scopegate's list of the provider's names does
  // not know may be a typo: the advice says so rather than send someone to
  // add a scope that may not exist. (A closed list never gets here: the
  // loader made such a scope a manifest error.)
  std::string fix_for(const ProviderResult& provider, const std::vector<ScopeGroup>& scopes) const {
    const ResolvedProvider& resolved = providers_.at(provider.name);
    if (resolved.preset->fix_writer) {
      static const std::vector<std::string> kNone;
      const auto required = required_.find(provider.name);
      const providers::FixRequest request{scopes, required == required_.end() ? kNone : required->second,
                                          *resolved.spec, resolved.base_url, resolved.token_page,
                                          evidence_.at(provider.name).facts};
      if (std::string fix = resolved.preset->fix_writer(request); !fix.empty()) return fix;
    }
    const std::string_view fix_template = resolved.preset->fix_template;
    const std::string claims = fix_template.find("{claims}") == std::string_view::npos
                                   ? std::string()
                                   : providers::claims_for_fix(provider.scope_claims, *resolved.spec);
    std::string fix = render_fix(fix_template, scopes, describe_key(provider.key_name, provider.key_prefix),
                                 provider.token_page, claims);
    for (const ScopeGroup& group : scopes)
      for (const std::string& scope : group)
        if (!resolved.vocabulary.is_known(scope))
          return fix + "; but first check the manifest: " +
                 scope::unknown_scope_message(resolved.vocabulary, scope, provider.name);
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
      report_unanswered(provider);
      check_ttl(options_.min_ttl, options_.now, &provider, &report_);
      check_key_prefix(providers_.at(provider.name), &provider, &report_);
      list_blocking_misses(provider);
      if (const auto optional = optional_misses(provider.name); !optional.empty())
        provider.optional_fix = fix_for(provider, optional);
    }
  }

  // A provider that answered for the token but not about a scope a blocking
  // feature needs is in error, so every format says why the gate failed
  // (the contract: never a failed gate without a reason).
  void report_unanswered(ProviderResult& provider) {
    const auto found = unanswered_.find(provider.name);
    if (found == unanswered_.end() || !provider_answered(provider)) return;
    provider.status = ProviderStatus::kError;
    provider.error = util::join(std::vector<std::string>(found->second.begin(), found->second.end()), "; ");
  }

  static std::vector<std::string> unique(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const std::string& item : items)
      if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    return out;
  }

  // ProviderResult::missing, and its fix, from the entries that blocking
  // features miss, in the order they first did.
  void list_blocking_misses(ProviderResult& provider) {
    std::vector<ScopeGroup> groups;
    for (std::size_t entry : blocking_entries_[provider.name]) {
      provider.missing.push_back(report_.missing[entry].scope);
      groups.push_back(report_.missing[entry].alternatives);
    }
    if (!groups.empty()) provider.fix = fix_for(provider, groups);
  }

  // The scopes of a provider that only optional features miss, in manifest order.
  std::vector<ScopeGroup> optional_misses(const std::string& provider) const {
    std::vector<ScopeGroup> scopes;
    for (const MissingScope& entry : report_.missing)
      if (entry.optional && entry.provider == provider) scopes.push_back(entry.alternatives);
    return scopes;
  }

  ProviderResult* find_provider(const std::string& name) {
    const auto slot = provider_slots_.find(name);
    return slot == provider_slots_.end() ? nullptr : &report_.providers[slot->second];
  }

  const std::map<std::string, ResolvedProvider>& providers_;
  const std::map<std::string, Evidence>& evidence_;
  const EvaluateOptions& options_;
  Report& report_;
  std::vector<std::size_t> slots_;
  std::unordered_map<std::string, ScopeJudge> judges_;
  std::unordered_map<std::string, std::size_t> provider_slots_;  // name -> index in report_.providers
  // Per provider: scope -> index in report_.missing; the unverifiable scopes said.
  std::unordered_map<std::string, scope::StringMap<std::size_t>> missing_index_;
  std::unordered_map<std::string, std::unordered_set<std::string>> unverifiable_seen_;
  // Per provider: why the probes or questions a blocking feature needed got no answer.
  std::unordered_map<std::string, std::set<std::string>> unanswered_;
  // Per provider: every scope its checked features need, in manifest order (FixRequest::required).
  std::unordered_map<std::string, std::vector<std::string>> required_;
  // Per provider: the entries of Report::missing its blocking features miss, in the order they first did.
  std::unordered_map<std::string, std::vector<std::size_t>> blocking_entries_;
};
}  // namespace

Report evaluate(const manifest::Manifest& manifest, const std::vector<SelectedFeature>& features,
                const std::map<std::string, ResolvedProvider>& providers,
                const std::map<std::string, Evidence>& evidence, const EvaluateOptions& options) {
  Report report;
  Evaluator(providers, evidence, options, &report).run(manifest, features);
  // Every value from outside (a server's answer, the manifest, a path) is
  // neutralised here, once, so no reporter can be made to write a line, an
  // escape sequence or a workflow command it did not write itself.
  neutralize(report);
  return report;
}

}  // namespace scopegate::engine

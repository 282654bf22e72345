#include "engine/features.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
std::vector<std::string> all_names(const manifest::Manifest& manifest) {
  std::vector<std::string> names;
  for (const manifest::FeatureSpec& feature : manifest.features) names.push_back(feature.name);
  return names;
}

// Collects the distinct scopes features need, in manifest order.
class ScopeCollector {
 public:
  void add(const manifest::FeatureSpec& feature) {
    for (const auto* list : {&feature.requires_.all, &feature.requires_.any})
      for (const manifest::ScopeRef& ref : *list)
        if (seen_.insert(ref.scope).second) scopes_.push_back(ref.scope);
  }
  std::vector<std::string> take() { return std::move(scopes_); }

 private:
  std::unordered_set<std::string_view> seen_;  // views into the manifest, which outlives this
  std::vector<std::string> scopes_;
};

using ScopesByProvider = std::unordered_map<std::string_view, ScopeCollector>;

// `collected` in the manifest's provider order; with `every_provider`, a
// provider no feature used is listed too, asked about nothing.
WantedScopes in_provider_order(const manifest::Manifest& manifest, ScopesByProvider& collected,
                               bool every_provider) {
  WantedScopes wanted;
  for (const manifest::ProviderSpec& spec : manifest.providers) {
    if (auto found = collected.find(spec.name); found != collected.end())
      wanted.emplace_back(spec.name, found->second.take());
    else if (every_provider)
      wanted.emplace_back(spec.name, std::vector<std::string>{});
  }
  return wanted;
}
}  // namespace

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

std::vector<SelectedFeature> select_features(const manifest::Manifest& manifest,
                                             const std::vector<std::string>& names,
                                             const util::Environment& environment, Problems* problems) {
  for (const std::string& name : names) {
    if (!manifest.find_feature(name))
      problems->errors.push_back("no feature named " + util::quoted(name) + " in " + manifest.path +
                                 util::did_you_mean(name, all_names(manifest)));
  }
  std::vector<SelectedFeature> selected;
  for (const manifest::FeatureSpec& feature : manifest.features) {
    if (!names.empty() && std::find(names.begin(), names.end(), feature.name) == names.end()) continue;
    SelectedFeature chosen{&feature, {}};
    if (feature.when) condition_holds(*feature.when, environment, &chosen.skipped_because);
    selected.push_back(std::move(chosen));
  }
  return selected;
}

WantedScopes all_wanted_scopes(const manifest::Manifest& manifest) {
  ScopesByProvider collected;  // one pass over the features, not one per provider
  for (const manifest::FeatureSpec& feature : manifest.features) collected[feature.provider.value].add(feature);
  return in_provider_order(manifest, collected, true);
}

WantedScopes wanted_scopes(const manifest::Manifest& manifest, const std::vector<SelectedFeature>& selected,
                           const OfflineSources& offline) {
  ScopesByProvider used;
  for (const SelectedFeature& feature : selected) {
    if (!feature.runs()) continue;
    ScopeCollector& scopes = used[feature.spec->provider.value];
    if (!offline.find(feature.spec->provider.value)) scopes.add(*feature.spec);
  }
  return in_provider_order(manifest, used, false);
}

}  // namespace scopegate::engine

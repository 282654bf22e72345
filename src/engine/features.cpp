#include "engine/features.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "engine/verdict.h"
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
}  // namespace

// -f names -> features, in manifest order; unknown names are usage errors.
std::vector<const manifest::FeatureSpec*> select_features(const manifest::Manifest& manifest,
                                                          const std::vector<std::string>& names,
                                                          Problems* problems) {
  std::vector<const manifest::FeatureSpec*> selected;
  for (const std::string& name : names) {
    if (!manifest.find_feature(name))
      problems->errors.push_back("no feature named " + util::quoted(name) + " in " + manifest.path +
                                 util::did_you_mean(name, all_names(manifest)));
  }
  for (const manifest::FeatureSpec& feature : manifest.features) {
    if (names.empty() || std::find(names.begin(), names.end(), feature.name) != names.end())
      selected.push_back(&feature);
  }
  return selected;
}

WantedScopes all_wanted_scopes(const manifest::Manifest& manifest) {
  WantedScopes wanted;
  for (const manifest::ProviderSpec& spec : manifest.providers) {
    ScopeCollector scopes;
    for (const manifest::FeatureSpec& feature : manifest.features)
      if (feature.provider.value == spec.name) scopes.add(feature);
    wanted.emplace_back(spec.name, scopes.take());
  }
  return wanted;
}

WantedScopes wanted_scopes(const manifest::Manifest& manifest,
                           const std::vector<const manifest::FeatureSpec*>& selected,
                           const util::Environment& environment, const OfflineSources& offline) {
  // One pass over the features, not one per provider.
  std::unordered_map<std::string_view, ScopeCollector> used;
  for (const manifest::FeatureSpec* feature : selected) {
    std::string ignored;
    if (feature->when && !condition_holds(*feature->when, environment, &ignored)) continue;
    ScopeCollector& scopes = used[feature->provider.value];
    if (!offline.find(feature->provider.value)) scopes.add(*feature);
  }
  WantedScopes wanted;
  for (const manifest::ProviderSpec& spec : manifest.providers)
    if (auto found = used.find(spec.name); found != used.end()) wanted.emplace_back(spec.name, found->second.take());
  return wanted;
}

}  // namespace scopegate::engine

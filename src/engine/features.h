#pragma once
// Which features a check looks at, and which scopes it asks each provider about.
#include <string>
#include <utility>
#include <vector>

#include "engine/offline.h"
#include "engine/problems.h"
#include "manifest/model.h"
#include "util/environment.h"

namespace scopegate::engine {

// A feature -f chose, and whether its `when:` lets it run: evaluated once,
// here, for both the scopes asked and the verdict.
struct SelectedFeature {
  const manifest::FeatureSpec* spec = nullptr;
  std::string skipped_because;  // "" when it runs; else why `when:` says no ("NIGHTLY is not set")
  bool runs() const { return skipped_because.empty(); }
};

// Whether a feature's `when:` holds; when not, `reason` says why.
bool condition_holds(const manifest::Condition& condition, const util::Environment& environment,
                     std::string* reason);

// -f names (empty: all) -> features in manifest order, each with its `when:`
// evaluated against `environment`; unknown names are usage errors.
std::vector<SelectedFeature> select_features(const manifest::Manifest& manifest,
                                             const std::vector<std::string>& names,
                                             const util::Environment& environment, Problems* problems);

// What to ask: the providers, with the scopes their checked features need
// (probes are sent only for those), in manifest order.
using WantedScopes = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Every scope the manifest's features require of each provider.
WantedScopes all_wanted_scopes(const manifest::Manifest& manifest);

// The scopes this run asks about: those of the `selected` features that run,
// per provider; a provider with an offline source is asked nothing, so none
// of its scopes are collected (it still gets its row).
WantedScopes wanted_scopes(const manifest::Manifest& manifest, const std::vector<SelectedFeature>& selected,
                           const OfflineSources& offline);

}  // namespace scopegate::engine

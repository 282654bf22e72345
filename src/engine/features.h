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

// -f names -> features, in manifest order; unknown names are usage errors.
std::vector<const manifest::FeatureSpec*> select_features(const manifest::Manifest& manifest,
                                                          const std::vector<std::string>& names,
                                                          Problems* problems);

// What to ask: the providers, with the scopes their checked features need
// (probes are sent only for those), in manifest order.
using WantedScopes = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Every scope the manifest's features require of each provider.
WantedScopes all_wanted_scopes(const manifest::Manifest& manifest);

// The scopes this run asks about: those of the `selected` features whose
// `when:` holds, per provider; a provider with an offline source is asked
// nothing, so none of its scopes are collected (it still gets its row).
WantedScopes wanted_scopes(const manifest::Manifest& manifest,
                           const std::vector<const manifest::FeatureSpec*>& selected,
                           const util::Environment& environment, const OfflineSources& offline);

}  // namespace scopegate::engine

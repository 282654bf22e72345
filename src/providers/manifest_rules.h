#pragma once
// The presets' rules for a manifest (manifest::PresetRules, answered from the
// preset table), and the credential-origin rule that `check` applies again
// once ${VAR} is expanded.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "manifest/preset_rules.h"

namespace scopegate::providers {

// The rules every caller of the manifest loader passes in LoadOptions::presets.
const manifest::PresetRules& preset_rules();

// A provider's credentials go to one origin (scheme, host and port): that of
// its base_url (or its preset's default address), else of a generic
// provider's request url, else of an oauth2 introspection_url, else of its
// first absolute probe url. Every absolute request or probe url on another
// origin is an error at its position. `expand` gives a manifest URL as it
// will be used, or nullopt while that is unknown (an unset ${VAR}): the
// loader checks literal URLs, `check` the expanded ones.
using UrlExpander = std::function<std::optional<std::string>(const manifest::Text&)>;
void check_credential_origins(const manifest::ProviderSpec& provider, std::string_view default_base_url,
                              const UrlExpander& expand, manifest::Diagnostics* diagnostics);

}  // namespace scopegate::providers

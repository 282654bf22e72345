#pragma once
// What the loader asks about presets, without knowing any: manifest/ parses
// shape, and the presets answer for themselves through this interface
// (providers/manifest_rules.h implements it from the preset table). Keeps
// manifest/ free of providers/, net/ and scope/.
#include <string>
#include <string_view>
#include <vector>

#include "manifest/diagnostics.h"
#include "manifest/model.h"

namespace scopegate::manifest {

class PresetRules {
 public:
  virtual ~PresetRules() = default;
  // Every preset's name, in the order of the preset table (as `scopegate help` lists them).
  virtual std::vector<std::string> preset_names() const = 0;
  // The keys `preset` reads beyond the common ones; every preset's when
  // `preset` is "" (an unknown preset: one typo must not cascade).
  virtual std::vector<std::string> own_keys(std::string_view preset) const = 0;
  // The presets that read `key` (scope_claims: jwt and oauth2); empty for none.
  virtual std::vector<std::string> readers_of(std::string_view key) const = 0;
  // One provider whose preset is known: what the preset needs of it (an
  // address, a token variable, its own keys), said at the manifest's lines.
  virtual void check_provider(const ProviderSpec& provider, Diagnostics& diagnostics) const = 0;
  // The whole manifest, once parsed: literal URLs against each provider's
  // credential origin, and required scope names against each vocabulary.
  virtual void check_manifest(const Manifest& manifest, Diagnostics& diagnostics) const = 0;
};

}  // namespace scopegate::manifest

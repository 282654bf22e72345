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
#include "util/environment.h"
#include "util/file_system.h"

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
  // The keys of `requires:` that name things a preset's requirement source
  // turns into scopes ("socket-cli"), every preset's; none by default.
  virtual std::vector<std::string> requirement_sources() const { return {}; }
  // Each feature's named requirements (parsed, providers resolved) into
  // scopes appended to its `all`, each with its origin; every problem (an
  // unknown name, a table not found or malformed, a source its provider's
  // preset does not read) at the name's line. `files` and `environment` find
  // the tables; null: this load may read none (a named requirement is an error).
  virtual void expand_requirements(Manifest& /*manifest*/, const util::FileSystem* /*files*/,
                                   const util::Environment* /*environment*/, Diagnostics& /*diagnostics*/) const {}
};

}  // namespace scopegate::manifest

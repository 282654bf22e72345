#pragma once
// Manifest file -> Manifest model, with every problem reported at its line.
#include <optional>
#include <string>
#include <string_view>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "manifest/preset_rules.h"
#include "util/environment.h"
#include "util/file_system.h"

namespace scopegate::manifest {

struct LoadOptions {
  YamlLimits limits;
  std::size_t max_file_bytes = 16 * 1024 * 1024;
  std::size_t max_features = 50'000;  // far beyond any pipeline; bounds time and memory
  // The presets' own rules (providers::preset_rules()); required: a manifest
  // cannot be read without knowing its presets.
  const PresetRules* presets = nullptr;
  // Where a requirement source finds its table (socket-cli's, beside the
  // manifest or where npm installs packages); load_manifest fills `files`
  // with its own when null. Null: a named requirement cannot be expanded.
  const util::FileSystem* files = nullptr;
  const util::Environment* environment = nullptr;
};

// Reads, parses and validates `path`. Every error found is added to
// `diagnostics` (not just the first); returns true when there were none.
bool load_manifest(const std::string& path, const util::FileSystem& file_system,
                   const LoadOptions& options, Manifest* manifest, Diagnostics* diagnostics);

// The same, for text already in memory (`path` only labels the diagnostics).
bool parse_manifest(const std::string& path, std::string text, const LoadOptions& options,
                    Manifest* manifest, Diagnostics* diagnostics);

// For lint: every ${VAR} in a provider's URLs (and socket's org) that
// `environment` leaves unset, as a warning at the value. lint often runs
// where CI's variables are not set, so these never fail it; check refuses
// them when it needs the value to reach the provider.
void warn_unset_url_variables(const Manifest& manifest, const util::Environment& environment,
                              Diagnostics* diagnostics);

}  // namespace scopegate::manifest

#pragma once
// Manifest file -> Manifest model, with every problem reported at its line.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "util/environment.h"
#include "util/file_system.h"

namespace scopegate::manifest {

struct LoadOptions {
  YamlLimits limits;
  std::size_t max_file_bytes = 16 * 1024 * 1024;
  std::size_t max_features = 50'000;  // far beyond any pipeline; bounds time and memory
};

// Reads, parses and validates `path`. Every error found is added to
// `diagnostics` (not just the first); returns true when there were none.
bool load_manifest(const std::string& path, const util::FileSystem& file_system,
                   const LoadOptions& options, Manifest* manifest, Diagnostics* diagnostics);

// The same, for text already in memory (`path` only labels the diagnostics).
bool parse_manifest(const std::string& path, std::string text, const LoadOptions& options,
                    Manifest* manifest, Diagnostics* diagnostics);

// A provider's credentials go to one origin (scheme, host and port): that of
// its base_url (or its preset's default address), else of a generic
// provider's request url, else of an oauth2 introspection_url, else of its
// first absolute probe url. Every absolute request or probe url on another
// origin is an error at its position. `expand` gives a manifest URL as it
// will be used, or nullopt while that is unknown (an unset ${VAR}): the
// loader checks literal URLs, `check` the expanded ones.
using UrlExpander = std::function<std::optional<std::string>(const Text&)>;
void check_credential_origins(const ProviderSpec& provider, std::string_view default_base_url,
                              const UrlExpander& expand, Diagnostics* diagnostics);

// For lint: every ${VAR} in a provider's URLs (and socket's org) that
// `environment` leaves unset, as a warning at the value. lint often runs
// where CI's variables are not set, so these never fail it; check refuses
// them when it needs the value to reach the provider.
void warn_unset_url_variables(const Manifest& manifest, const util::Environment& environment,
                              Diagnostics* diagnostics);

}  // namespace scopegate::manifest

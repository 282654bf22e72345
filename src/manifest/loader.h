#pragma once
// Manifest file -> Manifest model, with every problem reported at its line.
#include <string>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
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

}  // namespace scopegate::manifest

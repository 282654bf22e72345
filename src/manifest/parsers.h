#pragma once
// The manifest's two sections, parsed against its schema (manifest/loader.cpp
// parses the document around them). Each reports every problem through the
// reader and keeps what was well-formed.
#include <cstddef>
#include <string>
#include <unordered_set>

#include "manifest/model.h"
#include "manifest/node_reader.h"
#include "manifest/preset_rules.h"

namespace scopegate::manifest {

// 'providers:' -> manifest->providers, with each preset's own keys and rules
// (`presets`). Every provider name written, even one whose body had errors,
// goes to `declared`, so a feature naming it is not reported a second time.
void parse_providers(NodeReader& reader, const PresetRules& presets, NodeReader::NodeId node, Manifest* manifest,
                     std::unordered_set<std::string>* declared);

// 'features:' -> manifest->features; more than `max_features` is refused.
// `presets` names the keys of `requires:` beside all: and any: (requirement sources).
void parse_features(NodeReader& reader, const PresetRules& presets, std::size_t max_features, NodeReader::NodeId node,
                    Manifest* manifest);

// Gives each feature its provider (the only one, when it names none) and
// reports names that are not `declared`.
void resolve_feature_providers(NodeReader& reader, const std::unordered_set<std::string>& declared,
                               Manifest* manifest);

// A warning at each provider that no feature uses.
void warn_unused_providers(NodeReader& reader, const Manifest& manifest);

}  // namespace scopegate::manifest

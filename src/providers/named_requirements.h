#pragma once
// Names in a feature's `requires:` that a preset's requirement source turns
// into scopes (socket-cli's commands), expanded at load so that everything
// after the loader sees scopes only (PresetRules::expand_requirements).
#include <string>
#include <vector>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "util/environment.h"
#include "util/file_system.h"

namespace scopegate::providers {

// The keys of `requires:` the preset table's sources read ("socket-cli").
std::vector<std::string> requirement_source_keys();

// Each feature's named requirements into scopes appended to its `all`
// (once each; a scope several names need carries all of them in its origin),
// each with the name's position. Each provider's table is read once; every
// problem is said at the name's line, a table's once. Null `files` or
// `environment`: no table can be read, so a named requirement is an error.
void expand_named_requirements(manifest::Manifest& manifest, const util::FileSystem* files,
                               const util::Environment* environment, manifest::Diagnostics& diagnostics);

}  // namespace scopegate::providers

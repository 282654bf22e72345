#pragma once
// --granted / --granted-file / --response-file, with an optional NAME= prefix.
#include <string>
#include <vector>

#include "cli/args.h"
#include "engine/check.h"
#include "manifest/model.h"

namespace scopegate::cli {

// Fills `sources` from the arguments; false (with `error`) on a conflict, an
// empty --granted, or a --granted that names a file. `warnings` gets what is
// allowed but likely unmeant: one source without NAME= for several providers.
bool read_offline_sources(const ParsedArgs& args, const manifest::Manifest& manifest,
                          engine::OfflineSources* sources, std::string* error,
                          std::vector<std::string>* warnings);

}  // namespace scopegate::cli

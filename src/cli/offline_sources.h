#pragma once
// --granted / --granted-file / --response-file, with an optional NAME= prefix.
#include <string>

#include "cli/args.h"
#include "engine/check.h"
#include "manifest/model.h"

namespace scopegate::cli {

// Fills `sources` from the arguments; false (with `error`) on a conflict.
bool read_offline_sources(const ParsedArgs& args, const manifest::Manifest& manifest,
                          engine::OfflineSources* sources, std::string* error);

}  // namespace scopegate::cli

#pragma once
// The manifest loader's options as scopegate runs it: with the presets' rules.
#include "manifest/loader.h"
#include "providers/manifest_rules.h"

namespace scopegate::testing {

inline manifest::LoadOptions load_options() {
  manifest::LoadOptions options;
  options.presets = &providers::preset_rules();
  return options;
}

}  // namespace scopegate::testing

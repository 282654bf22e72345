// libFuzzer: any bytes as a manifest, with the presets' rules. Must never crash, hang or leak, and a
// failed load must always say why.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manifest/loader.h"
#include "support/load_options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  scopegate::manifest::Manifest manifest;
  scopegate::manifest::Diagnostics diagnostics;
  const bool ok = scopegate::manifest::parse_manifest("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size),
                                                      scopegate::testing::load_options(), &manifest,
                                                      &diagnostics);
  if (!ok && !diagnostics.has_errors()) std::abort();  // a refusal without a reason
  for (const auto& diagnostic : diagnostics.items())
    (void)scopegate::manifest::format_diagnostic("fuzz.yaml", diagnostic, manifest.source);
  return 0;
}

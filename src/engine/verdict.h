#pragma once
// Pure decision logic: manifest + what each provider said -> Report + exit code.
// No I/O happens here, so every rule is tested with plain values. It includes
// the headers of the parts it uses (fix_text.h, provider_row.h) for its callers.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/evidence.h"
#include "engine/features.h"
#include "engine/fix_text.h"
#include "engine/provider_row.h"
#include "engine/report.h"
#include "engine/resolver.h"
#include "manifest/model.h"
#include "providers/provider.h"
#include "scope/vocabulary.h"
#include "util/environment.h"

namespace scopegate::engine {

struct EvaluateOptions {
  bool fail_on_excess = false;
  std::optional<std::chrono::seconds> min_ttl;
  util::TimePoint now;
};

// The verdict on the `features` select_features chose (those `when:` skips
// are reported skipped), from what each provider said, with every outside
// string neutralised and the exit code set.
Report evaluate(const manifest::Manifest& manifest, const std::vector<SelectedFeature>& features,
                const std::map<std::string, ResolvedProvider>& providers,
                const std::map<std::string, Evidence>& evidence, const EvaluateOptions& options);

}  // namespace scopegate::engine

#pragma once
// One check, start to end: which features run (features.h), what each
// provider says of its token (evidence.h: resolver, credentials, offline
// sources), then the verdict (verdict.h). The cli's commands start here.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/evidence.h"
#include "engine/features.h"
#include "engine/offline.h"
#include "engine/problems.h"
#include "engine/report.h"
#include "engine/system.h"
#include "engine/verdict.h"
#include "manifest/model.h"

namespace scopegate::engine {

struct CheckRequest {
  std::vector<std::string> feature_names;  // empty: every feature
  OfflineSources offline;
  LiveSettings live;
  bool fail_on_excess = false;
  std::optional<std::chrono::seconds> min_ttl;
};

struct CheckOutcome {
  Problems problems;
  std::optional<Report> report;  // absent when problems.errors is not empty
};

// Selects the features, gathers the evidence, and evaluates. Usage errors
// (exit 2) come back in `problems` with no report, and then nothing was sent.
CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system);

}  // namespace scopegate::engine

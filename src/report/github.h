#pragma once
// --format github: what a GitHub Actions job gets besides its log.
#include <string>
#include <utility>
#include <vector>

#include "engine/report.h"

namespace scopegate::report {

// GitHub caps a step summary at 1 MiB.
inline constexpr std::size_t kMaxStepSummaryBytes = 1024 * 1024;

// The job summary (markdown), cut to fit kMaxStepSummaryBytes.
std::string github_step_summary(const engine::Report& report);

// The step outputs: ok, exit-code, missing-scopes, blocked-features (JSON
// arrays), report (the JSON report's path).
std::vector<std::pair<std::string, std::string>> github_outputs(const engine::Report& report,
                                                                const std::string& report_path);

}  // namespace scopegate::report

#pragma once
// --format github: what a GitHub Actions job gets besides its log.
#include <string>
#include <utility>
#include <vector>

#include <optional>

#include "engine/report.h"
#include "manifest/diagnostics.h"

namespace scopegate::report {

// GitHub caps a step summary at 1 MiB.
inline constexpr std::size_t kMaxStepSummaryBytes = 1024 * 1024;

// The workflow commands alone: one annotation per finding, at its manifest
// line (what --format github prints before the text report).
std::string github_annotations(const engine::Report& report);

// The job summary (markdown), cut to fit kMaxStepSummaryBytes.
std::string github_step_summary(const engine::Report& report);

// The step outputs: ok, exit-code, missing-scopes, blocked-features (JSON
// arrays), report (the JSON report's path).
std::vector<std::pair<std::string, std::string>> github_outputs(const engine::Report& report,
                                                                const std::string& report_path);

// A --format github run that ends with exit 2 has no verdict, but the job
// still gets its outputs, an annotation per problem and a summary saying why.
struct GithubFailure {
  std::string manifest_path;                      // as annotations name it; "" when there is none
  std::vector<manifest::Diagnostic> diagnostics;  // errors and warnings at manifest lines
  std::vector<std::string> errors;                // every other reason, one line each
  bool checked = false;                           // the providers were asked; only the delivery failed
  std::optional<std::string> report_path;         // the JSON report, when one was written
};

// "::error file=F,line=L,col=C,title=...::message" per diagnostic (::warning
// for a warning), then "::error title=...::message" per other reason.
std::string github_failure_annotations(const GithubFailure& failure);
// A short markdown summary: the check could not run (or its report could not
// be delivered), and each reason; at most kMaxFailureItems of them.
inline constexpr std::size_t kMaxFailureItems = 50;
std::string github_failure_summary(const GithubFailure& failure);
// ok=false, exit-code=2, empty missing-scopes and blocked-features, and
// report only when a JSON report was written.
std::vector<std::pair<std::string, std::string>> github_failure_outputs(const GithubFailure& failure);

}  // namespace scopegate::report

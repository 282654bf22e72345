#include "report/summary.h"

#include <algorithm>

#include "util/strings.h"

namespace scopegate::report {

using engine::FeatureStatus;
using engine::ProviderStatus;

namespace {
std::size_t count_status(const engine::Report& report, FeatureStatus status, bool blocking_only) {
  return static_cast<std::size_t>(std::count_if(report.features.begin(), report.features.end(), [&](const auto& f) {
    return f.status == status && (!blocking_only || !f.optional);
  }));
}

std::size_t checked_count(const engine::Report& report) {
  return report.features.size() - count_status(report, FeatureStatus::kSkipped, false);
}

std::string provider_problem(const engine::Report& report, ProviderStatus status) {
  std::vector<std::string> parts;
  for (const auto& provider : report.providers)
    if (provider.blocking && provider.status == status) parts.push_back(provider.name + ": " + provider.error);
  return util::join(parts, "; ");
}

std::string missing_summary(const engine::Report& report) {
  std::vector<std::string> fixes;
  for (const auto& provider : report.providers)
    if (!provider.fix.empty()) fixes.push_back(provider.fix);
  const std::size_t blocked = count_status(report, FeatureStatus::kMissing, true);
  std::string line = std::to_string(blocked) + " of " + util::plural(checked_count(report), "feature", "features") +
                     " blocked";
  if (!fixes.empty()) line += ": " + util::join(fixes, "; ");
  return line;
}

std::string unverifiable_summary(const engine::Report& report) {
  std::vector<std::string> parts;
  for (const auto& provider : report.providers) {
    if (provider.unverifiable.empty() || !provider.blocking) continue;
    parts.push_back(util::join(provider.unverifiable, ", ") + " on " + provider.name +
                    (provider.unverifiable_reason.empty() ? "" : " (" + provider.unverifiable_reason + ")"));
  }
  const std::size_t count = count_status(report, FeatureStatus::kUnverifiable, true);
  return util::plural(count, "feature", "features") + " could not be verified: " + util::join(parts, "; ");
}

std::string all_good(const engine::Report& report) {
  const std::size_t skipped = count_status(report, FeatureStatus::kSkipped, false);
  if (checked_count(report) == 0)
    return skipped == 0   ? "no feature was checked"
           : skipped == 1 ? "no feature was checked (1 skipped by its when: condition)"
                          : "no feature was checked (" + std::to_string(skipped) + " skipped by their when: conditions)";
  std::string line = checked_count(report) == 1 ? "the 1 checked feature has the scopes it needs"
                                                 : "all " + std::to_string(checked_count(report)) +
                                                       " checked features have the scopes they need";
  if (skipped > 0) line += " (" + std::to_string(skipped) + " skipped)";
  return line;
}
}  // namespace

std::string summary_line(const engine::Report& report) {
  switch (report.exit_code) {
    case 0: return all_good(report);
    case 3: return "token rejected by " + provider_problem(report, ProviderStatus::kTokenRejected);
    case 4: return "could not ask " + provider_problem(report, ProviderStatus::kError);
    case 5: return unverifiable_summary(report);
    default: break;
  }
  if (count_status(report, FeatureStatus::kMissing, true) > 0) return missing_summary(report);
  return util::join(report.failures, "; ");
}

std::vector<std::string> secondary_lines(const engine::Report& report) {
  std::vector<std::string> lines;
  const bool missing_headline = report.exit_code == 1 && count_status(report, FeatureStatus::kMissing, true) > 0;
  if (missing_headline)
    for (const std::string& failure : report.failures) lines.push_back(failure);
  if (report.exit_code != 5 && count_status(report, FeatureStatus::kUnverifiable, true) > 0)
    lines.push_back(unverifiable_summary(report));
  const std::size_t optional_missing = count_status(report, FeatureStatus::kMissing, false) -
                                       count_status(report, FeatureStatus::kMissing, true);
  if (optional_missing > 0)
    lines.push_back(util::plural(optional_missing, "optional feature", "optional features") +
                    " would be blocked (warning only)");
  return lines;
}

}  // namespace scopegate::report

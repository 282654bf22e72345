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

// Exit 5's line: the unverifiable features, then the run's own reasons (--min-ttl with no expiry).
std::string exit5_summary(const engine::Report& report) {
  std::vector<std::string> parts;
  if (count_status(report, FeatureStatus::kUnverifiable, true) > 0) parts.push_back(unverifiable_summary(report));
  parts.insert(parts.end(), report.unverified.begin(), report.unverified.end());
  return util::join(parts, "; ");
}

// "optional feature x" / "optional features x, y"
std::string optional_features(const std::vector<const engine::FeatureResult*>& features) {
  std::vector<std::string> names;
  for (const auto* feature : features) names.push_back(feature->name);
  return (names.size() == 1 ? "optional feature " : "optional features ") + util::join(names, ", ");
}

std::vector<const engine::FeatureResult*> optional_with(const engine::Report& report, FeatureStatus status) {
  std::vector<const engine::FeatureResult*> out;
  for (const auto& feature : report.features)
    if (feature.optional && feature.status == status) out.push_back(&feature);
  return out;
}

// Exit 0 with optional features short of something: the line says which, and
// how to fix them, rather than "all checked features have what they need".
std::string optional_shortfalls(const engine::Report& report) {
  std::vector<std::string> parts;
  if (const auto missing = optional_with(report, FeatureStatus::kMissing); !missing.empty()) {
    std::vector<std::string> fixes;
    for (const auto* feature : missing) {
      const std::string fix = feature->fix.empty() ? "missing " + util::join(feature->missing, ", ") : feature->fix;
      if (std::find(fixes.begin(), fixes.end(), fix) == fixes.end()) fixes.push_back(fix);
    }
    parts.push_back(optional_features(missing) + " would be blocked: " + util::join(fixes, "; "));
  }
  if (const auto unverifiable = optional_with(report, FeatureStatus::kUnverifiable); !unverifiable.empty())
    parts.push_back(optional_features(unverifiable) + " could not be verified");
  if (const auto failed = optional_with(report, FeatureStatus::kError); !failed.empty())
    parts.push_back(optional_features(failed) + " could not be checked: " +
                    (failed.front()->reason.empty() ? "its provider failed" : failed.front()->reason));
  return util::join(parts, "; ");
}

std::string all_good(const engine::Report& report) {
  const std::size_t skipped = count_status(report, FeatureStatus::kSkipped, false);
  const std::size_t checked = checked_count(report);
  if (checked == 0)
    return skipped == 0   ? "no feature was checked"
           : skipped == 1 ? "no feature was checked (1 skipped by its when: condition)"
                          : "no feature was checked (" + std::to_string(skipped) + " skipped by their when: conditions)";
  const std::string skipped_note = skipped > 0 ? " (" + std::to_string(skipped) + " skipped)" : "";
  const std::string shortfalls = optional_shortfalls(report);
  if (!shortfalls.empty()) {
    const std::size_t ok = count_status(report, FeatureStatus::kOk, false);
    return std::to_string(ok) + " of " +
           (checked == 1 ? "1 checked feature has its scopes" : std::to_string(checked) + " checked features have their scopes") +
           skipped_note + "; " + shortfalls;
  }
  return (checked == 1 ? "the 1 checked feature has the scopes it needs"
                       : "all " + std::to_string(checked) + " checked features have the scopes they need") +
         skipped_note;
}
}  // namespace

std::string summary_line(const engine::Report& report) {
  switch (report.exit_code) {
    case 0: return all_good(report);
    case 3: return "token rejected by " + provider_problem(report, ProviderStatus::kTokenRejected);
    case 4: return "could not ask " + provider_problem(report, ProviderStatus::kError);
    case 5: return exit5_summary(report);
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
  if (report.exit_code != 5)
    for (const std::string& reason : report.unverified) lines.push_back(reason);
  const std::size_t optional_missing = count_status(report, FeatureStatus::kMissing, false) -
                                       count_status(report, FeatureStatus::kMissing, true);
  // At exit 0 the summary line itself names them.
  if (optional_missing > 0 && report.exit_code != 0)
    lines.push_back(util::plural(optional_missing, "optional feature", "optional features") +
                    " would be blocked (warning only)");
  return lines;
}

}  // namespace scopegate::report

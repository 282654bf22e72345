#include "report/summary.h"

#include <algorithm>

#include "engine/exit_code.h"
#include "util/duration.h"
#include "util/strings.h"
#include "util/time.h"

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
      const std::string fix = feature->fix.empty() ? "missing " + util::join(engine::scope_names(feature->missing), ", ") : feature->fix;
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
    case engine::kExitOk: return all_good(report);
    case engine::kExitRejected: return "token rejected by " + provider_problem(report, ProviderStatus::kTokenRejected);
    case engine::kExitProviderError: return "could not ask " + provider_problem(report, ProviderStatus::kError);
    case engine::kExitUnverifiable: return exit5_summary(report);
    default: break;
  }
  if (count_status(report, FeatureStatus::kMissing, true) > 0) return missing_summary(report);
  return util::join(report.failures, "; ");
}

namespace {
// "sonar, gitlab": the providers that decide the exit code with this status.
std::string providers_with(const engine::Report& report, ProviderStatus status) {
  std::vector<std::string> names;
  for (const auto& provider : report.providers)
    if (provider.blocking && provider.status == status) names.push_back(provider.name);
  return util::join(names, ", ");
}

// "(1 optional blocked, 1 optional unverifiable)", or "".
std::string optional_counts(const engine::Report& report) {
  std::vector<std::string> parts;
  const std::pair<FeatureStatus, const char*> kinds[] = {{FeatureStatus::kMissing, "blocked"},
                                                         {FeatureStatus::kUnverifiable, "unverifiable"},
                                                         {FeatureStatus::kError, "not checked"}};
  for (const auto& [status, word] : kinds)
    if (const std::size_t count = optional_with(report, status).size(); count > 0)
      parts.push_back(std::to_string(count) + " optional " + word);
  return parts.empty() ? "" : " (" + util::join(parts, ", ") + ")";
}

// Exit 0 (or exit 1 from a run-level check alone): how many features are ok.
std::string features_ok(const engine::Report& report) {
  const std::size_t checked = checked_count(report);
  const std::size_t skipped = count_status(report, FeatureStatus::kSkipped, false);
  const std::size_t ok = count_status(report, FeatureStatus::kOk, false);
  const std::string skipped_note = skipped > 0 ? ", " + std::to_string(skipped) + " skipped" : "";
  if (checked == 0) return "no feature checked" + skipped_note;
  if (ok < checked) return std::to_string(ok) + " of " + util::plural(checked, "feature", "features") + " ok" +
                           optional_counts(report) + skipped_note;
  return (checked == 1 ? std::string("1 feature ok") : "all " + std::to_string(checked) + " features ok") +
         skipped_note;
}

std::string verdict_without_failures(const engine::Report& report) {
  const std::string checked = " of " + util::plural(checked_count(report), "feature", "features");
  switch (report.exit_code) {
    case engine::kExitRejected: return "token rejected by " + providers_with(report, ProviderStatus::kTokenRejected);
    case engine::kExitProviderError: return "could not ask " + providers_with(report, ProviderStatus::kError);
    case engine::kExitUnverifiable:
      if (const std::size_t unverifiable = count_status(report, FeatureStatus::kUnverifiable, true); unverifiable > 0)
        return std::to_string(unverifiable) + checked + " could not be verified";
      // Only a run-level check (--min-ttl with no expiry) could not be made.
      return features_ok(report) + ", " +
             util::plural(report.unverified.size(), "check could not be made", "checks could not be made");
    default: break;
  }
  if (const std::size_t blocked = count_status(report, FeatureStatus::kMissing, true); blocked > 0)
    return std::to_string(blocked) + checked + " blocked";
  return features_ok(report);
}
}  // namespace

std::string short_verdict(const engine::Report& report) {
  std::string verdict = verdict_without_failures(report);
  if (!report.failures.empty()) verdict += ", " + util::plural(report.failures.size(), "check failed", "checks failed");
  return verdict;
}

std::string expiry_phrase(const engine::ProviderResult& provider, util::TimePoint now) {
  if (!provider.expires_at) return provider.expiry_known ? "never expires" : "expiry unknown";
  // The date alone: the time of day is in the JSON report and the annotations.
  const std::string date = util::format_timestamp(*provider.expires_at).substr(0, 10);
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(*provider.expires_at - now);
  if (left.count() <= 0) return "expired " + date + " (" + util::describe_duration(-left) + " ago)";
  return "expires " + date + " (in " + util::describe_duration(left) + ")";
}

std::vector<std::string> secondary_lines(const engine::Report& report) {
  std::vector<std::string> lines;
  const bool missing_headline =
      report.exit_code == engine::kExitMissing && count_status(report, FeatureStatus::kMissing, true) > 0;
  if (missing_headline)
    for (const std::string& failure : report.failures) lines.push_back(failure);
  if (report.exit_code != engine::kExitUnverifiable && count_status(report, FeatureStatus::kUnverifiable, true) > 0)
    lines.push_back(unverifiable_summary(report));
  if (report.exit_code != engine::kExitUnverifiable)
    for (const std::string& reason : report.unverified) lines.push_back(reason);
  const std::size_t optional_missing = count_status(report, FeatureStatus::kMissing, false) -
                                       count_status(report, FeatureStatus::kMissing, true);
  // At exit 0 the summary line itself names them.
  if (optional_missing > 0 && report.exit_code != engine::kExitOk)
    lines.push_back(util::plural(optional_missing, "optional feature", "optional features") +
                    " would be blocked (warning only)");
  return lines;
}

}  // namespace scopegate::report

// --format github: one ::error annotation per missing scope at the manifest
// line that requires it, ::warning for optional misses, unverifiable scopes
// and tokens close to expiry, ::notice for excess scopes; then the text report.
// (The ::add-mask:: lines come first of all, from the CLI, as tokens are read.)
#include <algorithm>
#include <boost/json.hpp>

#include "report/github.h"
#include "report/github_commands.h"
#include "report/markdown.h"
#include "report/missing_index.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

namespace {
using Properties = std::vector<std::pair<std::string, std::string>>;

Properties at(const engine::Report& report, manifest::Location where, const std::string& title) {
  Properties properties{{"file", report.manifest_path}};
  if (where.line > 0) properties.emplace_back("line", std::to_string(where.line));
  if (where.column > 0) properties.emplace_back("col", std::to_string(where.column));
  properties.emplace_back("title", title);
  return properties;
}

std::string feature_annotations(const engine::Report& report) {
  const MissingIndex missing(report);
  std::string out;
  for (const auto& feature : report.features) {
    for (std::size_t i = 0; i < feature.missing.size(); ++i) {
      const std::string& scope = feature.missing[i];
      std::string message = "Feature '" + feature.name + "' needs " + scope + missing.label_suffix(feature.provider, scope) +
                            " on " + feature.provider + ".";
      if (!feature.hint.empty()) message += " Hint: " + feature.hint;
      if (!feature.fix.empty()) message += " Fix: " + feature.fix + ".";
      out += workflow_command(feature.optional ? "warning" : "error",
                              at(report, feature.missing_at.at(i), "Missing scope " + scope), message);
    }
    for (std::size_t i = 0; i < feature.unverifiable.size(); ++i) {
      const std::string& scope = feature.unverifiable[i];
      out += workflow_command("warning", at(report, feature.unverifiable_at.at(i), "Unverifiable scope " + scope),
                              "Feature '" + feature.name + "' needs " + scope + ", which cannot be verified: " +
                                  feature.reason);
    }
  }
  return out;
}

std::string provider_annotations(const engine::Report& report) {
  std::string out;
  for (const auto& provider : report.providers) {
    if (provider.status == engine::ProviderStatus::kTokenRejected)
      out += workflow_command("error", at(report, provider.where, "Token rejected by " + provider.name), provider.error);
    if (provider.status == engine::ProviderStatus::kError)
      out += workflow_command(provider.blocking ? "error" : "warning",
                              at(report, provider.where, "Could not ask " + provider.name), provider.error);
    if (provider.expiring_soon && provider.expires_at) {
      const bool failed = provider.ttl_ok == std::optional<bool>(false);
      out += workflow_command(failed ? "error" : "warning", at(report, provider.where, "Token expires soon"),
                              "The " + provider.name + " token expires " +
                                  util::format_timestamp(*provider.expires_at) + ".");
    }
    if (!provider.excess.empty())
      out += workflow_command(report.fail_on_excess ? "error" : "notice",
                              at(report, provider.where, "Excess scopes on " + provider.name),
                              "Granted but needed by no checked feature: " + util::join(provider.excess, ", "));
  }
  return out;
}

class GithubReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    // The text report follows the annotations for people reading the log.
    // Every value in it is one line (util::single_line), and each line begins
    // with text scopegate wrote, so none can pass for a "::name::" command;
    // the legacy "##[name]" form, which may sit anywhere, is defused.
    return feature_annotations(report) + provider_annotations(report) +
           neutralize_legacy_commands(create_text_reporter({false})->render(report));
  }
};

std::string json_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const std::string& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}
}  // namespace

std::string github_step_summary(const engine::Report& report) {
  std::string markdown = render_markdown(report) + "\n";
  if (markdown.size() <= kMaxStepSummaryBytes) return markdown;
  // A blank line first: a line right after a table would be one more table row.
  const std::string note = "\n\n_(cut to GitHub's 1 MiB summary limit; the full report is in the JSON report)_\n";
  std::size_t cut = markdown.rfind('\n', kMaxStepSummaryBytes - note.size());
  if (cut == std::string::npos) cut = 0;
  return markdown.substr(0, cut) + note;
}

std::vector<std::pair<std::string, std::string>> github_outputs(const engine::Report& report,
                                                                const std::string& report_path) {
  std::vector<std::string> missing, blocked;
  for (const auto& entry : report.missing)
    if (!entry.optional && std::find(missing.begin(), missing.end(), entry.scope) == missing.end())
      missing.push_back(entry.scope);
  for (const auto& feature : report.features)
    if (feature.status == engine::FeatureStatus::kMissing && !feature.optional) blocked.push_back(feature.name);
  return {{"ok", report.ok() ? "true" : "false"},
          {"exit-code", std::to_string(report.exit_code)},
          {"missing-scopes", json_array(missing)},
          {"blocked-features", json_array(blocked)},
          {"report", report_path}};
}

std::unique_ptr<Reporter> create_github_reporter(const RenderOptions&) { return std::make_unique<GithubReporter>(); }

}  // namespace scopegate::report

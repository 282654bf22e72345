#include "engine/report.h"

#include "engine/exit_code.h"
#include "util/strings.h"

namespace scopegate::engine {

const char* to_string(ProviderStatus status) {
  switch (status) {
    case ProviderStatus::kOk: return "ok";
    case ProviderStatus::kTokenRejected: return "token_rejected";
    case ProviderStatus::kError: return "error";
    case ProviderStatus::kOffline: return "offline";
  }
  return "error";
}

const char* to_string(FeatureStatus status) {
  switch (status) {
    case FeatureStatus::kOk: return "ok";
    case FeatureStatus::kMissing: return "missing";
    case FeatureStatus::kUnverifiable: return "unverifiable";
    case FeatureStatus::kSkipped: return "skipped";
    case FeatureStatus::kError: return "error";
  }
  return "error";
}

std::vector<std::string> scope_names(const std::vector<ScopeFinding>& findings) {
  std::vector<std::string> names;
  names.reserve(findings.size());
  for (const ScopeFinding& finding : findings) names.push_back(finding.scope);
  return names;
}

namespace {
void neutralize_all(std::vector<std::string>& texts) {
  for (std::string& text : texts) util::neutralize_in_place(text);
}
void neutralize_all(std::optional<std::string>& text) {
  if (text) util::neutralize_in_place(*text);
}
}  // namespace

void neutralize(ProviderResult& provider) {
  for (std::string* text : {&provider.name, &provider.preset, &provider.error, &provider.source,
                            &provider.unverifiable_reason, &provider.token_page, &provider.fix,
                            &provider.optional_fix, &provider.expiry_problem, &provider.token_kind,
                            &provider.resource})
    util::neutralize_in_place(*text);
  if (provider.fix_location) {
    util::neutralize_in_place(provider.fix_location->path);
    util::neutralize_in_place(provider.fix_location->what);
  }
  for (auto& [scope, claim] : provider.granted_by) {
    util::neutralize_in_place(scope);
    util::neutralize_in_place(claim);
  }
  for (std::optional<std::string>* text :
       {&provider.key_name, &provider.key_prefix, &provider.account, &provider.required_key_prefix})
    neutralize_all(*text);
  for (std::vector<std::string>* texts :
       {&provider.granted, &provider.excess, &provider.unverifiable, &provider.missing, &provider.notes,
        &provider.scope_claims})
    neutralize_all(*texts);
}

void neutralize(Report& report) {
  util::neutralize_in_place(report.manifest_path);
  neutralize_all(report.min_ttl);
  neutralize_all(report.failures);
  neutralize_all(report.unverified);
  for (ProviderResult& provider : report.providers) neutralize(provider);
  for (FeatureResult& feature : report.features) {
    for (std::string* text : {&feature.name, &feature.provider, &feature.description, &feature.hint, &feature.fix,
                              &feature.reason})
      util::neutralize_in_place(*text);
    neutralize_all(feature.required);
    for (std::vector<ScopeFinding>* findings : {&feature.missing, &feature.unverifiable})
      for (ScopeFinding& finding : *findings) util::neutralize_in_place(finding.scope);
  }
  for (MissingScope& missing : report.missing) {
    util::neutralize_in_place(missing.provider);
    util::neutralize_in_place(missing.scope);
    neutralize_all(missing.alternatives);
    util::neutralize_in_place(missing.fix);
    neutralize_all(missing.label);
    neutralize_all(missing.features);
  }
}

int exit_code_for(const Report& report) {
  bool rejected = false, missing = !report.failures.empty(), failed = false, unverifiable = !report.unverified.empty();
  for (const ProviderResult& provider : report.providers) {
    if (!provider.blocking) continue;  // only optional features use it: warn, never fail
    rejected = rejected || provider.status == ProviderStatus::kTokenRejected;
    failed = failed || provider.status == ProviderStatus::kError;
  }
  for (const FeatureResult& feature : report.features) {
    if (feature.optional) continue;
    missing = missing || feature.status == FeatureStatus::kMissing;
    failed = failed || feature.status == FeatureStatus::kError;
    unverifiable = unverifiable || feature.status == FeatureStatus::kUnverifiable;
  }
  if (rejected) return kExitRejected;
  if (missing) return kExitMissing;
  if (failed) return kExitProviderError;
  if (unverifiable) return kExitUnverifiable;
  return kExitOk;
}

}  // namespace scopegate::engine

#include "report/markdown_parts.h"

#include "report/markdown.h"
#include "report/missing_entry.h"
#include "report/summary.h"
#include "util/strings.h"

namespace scopegate::report {

using engine::FeatureStatus;
using engine::ProviderStatus;

std::string markdown_code(std::string_view text) { return "`" + markdown_cell(text) + "`"; }

std::string markdown_link_page(const std::string& sentence, const std::string& page) {
  const std::size_t at = page.empty() ? std::string::npos : sentence.find(page);
  if (at == std::string::npos) return markdown_cell(sentence);
  return markdown_cell(sentence.substr(0, at)) + "<" + markdown_cell(page) + ">" +
         markdown_cell(sentence.substr(at + page.size()));
}

namespace {
// An ok row names the scopes it needed; beyond this many it only counts them,
// so a feature that needs fifty scopes does not make a row a screen wide.
constexpr std::size_t kMaxListedScopes = 3;

// "`a`", or "(`a` or `b`)" for an unmet any-group, which the report writes "a | b".
std::string scope_code(const std::string& scope) {
  constexpr std::string_view kBar = " | ";
  if (scope.find(kBar) == std::string::npos) return markdown_code(scope);
  std::vector<std::string> alternatives;
  for (std::size_t at = 0;;) {
    const std::size_t bar = scope.find(kBar, at);
    alternatives.push_back(markdown_code(std::string_view(scope).substr(at, bar - at)));
    if (bar == std::string::npos) break;
    at = bar + kBar.size();
  }
  return "(" + util::join(alternatives, " or ") + ")";
}

std::string scope_list(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  for (const std::string& scope : scopes) out.push_back(scope_code(scope));
  return util::join(out, ", ");
}

std::string status_cell(const engine::FeatureResult& feature) {
  switch (feature.status) {
    case FeatureStatus::kOk: return "✅ ok";
    case FeatureStatus::kMissing: return feature.optional ? "⚠️ missing (optional)" : "❌ missing";
    case FeatureStatus::kUnverifiable: return "❔ unverifiable";
    case FeatureStatus::kSkipped: return "⏭️ skipped";
    case FeatureStatus::kError: return "💥 error";
  }
  return "?";
}

std::string ok_cell(const engine::FeatureResult& feature) {
  if (feature.required.empty()) return "needs no scopes";
  if (feature.required.size() > kMaxListedScopes)
    return "has all " + std::to_string(feature.required.size()) + " scopes it needs";
  return "has " + scope_list(feature.required);
}

std::string missing_cell(const engine::Report& report, const engine::FeatureResult& feature) {
  std::vector<std::string> scopes;
  for (const engine::ScopeFinding& missing : feature.missing)
    scopes.push_back(scope_code(missing.scope) + markdown_cell(label_suffix(report, missing)));
  return "needs " + util::join(scopes, ", ");
}

// A provider's error is said once, under Tokens, not again in every row.
std::string error_cell(const engine::Report& report, const engine::FeatureResult& feature) {
  const engine::ProviderResult* provider = report.find_provider(feature.provider);
  if (provider && !feature.reason.empty() && feature.reason == provider->error)
    return provider->status == ProviderStatus::kTokenRejected ? "token rejected, see Tokens"
                                                              : "could not ask " + markdown_cell(provider->name) + ", see Tokens";
  return feature.reason.empty() ? "its provider failed" : markdown_cell(feature.reason);
}

std::string with_hint(std::string detail, const engine::FeatureResult& feature) {
  if (feature.hint.empty()) return detail;
  return detail + "<br>hint: " + markdown_cell(feature.hint);
}

std::string detail_cell(const engine::Report& report, const engine::FeatureResult& feature) {
  switch (feature.status) {
    case FeatureStatus::kOk: return ok_cell(feature);
    case FeatureStatus::kMissing: return with_hint(missing_cell(report, feature), feature);
    // The reason is the provider's, said once under Tokens.
    case FeatureStatus::kUnverifiable: return with_hint("cannot verify " + scope_list(engine::scope_names(feature.unverifiable)) + ", see Tokens", feature);
    case FeatureStatus::kSkipped: return "when: " + markdown_cell(feature.reason);
    case FeatureStatus::kError: return error_cell(report, feature);
  }
  return "?";
}
}  // namespace

std::string markdown_features_table(const engine::Report& report) {
  std::string out = "| Feature | Provider | Status | Details |\n|---|---|---|---|\n";
  for (const auto& feature : report.features)
    out += "| " + markdown_code(feature.name) + " | " + markdown_cell(feature.provider) + " | " + status_cell(feature) +
           " | " + detail_cell(report, feature) + " |\n";
  return out;
}

namespace {
// "key 'CI key' (`sk_live...`)", "key 'CI key'", "key (`sk_live...`)", or "".
std::string key_fact(const engine::ProviderResult& provider) {
  if (!provider.key_name && !provider.key_prefix) return {};
  std::string key = "key";
  if (provider.key_name) key += " '" + markdown_cell(*provider.key_name) + "'";
  if (provider.key_prefix) key += " (" + markdown_code(*provider.key_prefix + "...") + ")";
  return key;
}

std::string token_facts(const engine::ProviderResult& provider, util::TimePoint now) {
  std::vector<std::string> facts;
  if (std::string key = key_fact(provider); !key.empty()) facts.push_back(std::move(key));
  if (provider.account) facts.push_back("account " + markdown_cell(*provider.account));
  facts.push_back(expiry_phrase(provider, now) + (provider.expiring_soon ? " ⚠️" : ""));
  if (provider.source != "live") facts.push_back("from " + markdown_cell(provider.source));
  return util::join(facts, ", ");
}

std::vector<std::string> token_findings(const engine::ProviderResult& provider) {
  std::vector<std::string> findings;
  if (provider.status == ProviderStatus::kTokenRejected)
    findings.push_back("❌ token rejected: " + markdown_link_page(provider.error, provider.token_page));
  if (provider.status == ProviderStatus::kError) findings.push_back("💥 could not ask: " + markdown_cell(provider.error));
  // Once per provider, however many scopes and features it leaves unproven.
  if (!provider.unverifiable.empty())
    findings.push_back("❔ " + util::plural(provider.unverifiable.size(), "scope", "scopes") + " cannot be verified: " +
                       (provider.unverifiable_reason.empty() ? "the provider gave no reason"
                                                             : markdown_cell(provider.unverifiable_reason)));
  if (!provider.excess.empty()) {
    std::vector<std::string> excess;
    for (const std::string& scope : provider.excess) excess.push_back(markdown_code(scope));
    findings.push_back("granted but needed by no checked feature: " + util::join(excess, ", "));
  }
  for (const std::string& note : provider.notes) findings.push_back("note: " + markdown_cell(note));
  return findings;
}
}  // namespace

std::string markdown_token_lines(const engine::ProviderResult& provider, util::TimePoint now) {
  std::string title = "**" + markdown_cell(provider.name) + "**";
  if (!provider.preset.empty() && provider.preset != provider.name) title += " (" + markdown_cell(provider.preset) + ")";
  std::string out = "- " + title + ": " + token_facts(provider, now) + "\n";
  for (const std::string& finding : token_findings(provider)) out += "  - " + finding + "\n";
  return out;
}

}  // namespace scopegate::report

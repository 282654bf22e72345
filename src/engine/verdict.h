#pragma once
// Pure decision logic: manifest + what each provider said -> Report + exit code.
// No I/O happens here, so every rule is tested with plain values.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/report.h"
#include "manifest/model.h"
#include "providers/provider.h"
#include "scope/vocabulary.h"
#include "util/environment.h"

namespace scopegate::engine {

// A provider with its manifest values resolved against the environment.
struct ResolvedProvider {
  const manifest::ProviderSpec* spec = nullptr;
  const providers::PresetInfo* preset = nullptr;
  scope::Vocabulary vocabulary;
  std::string base_url;    // expanded; "" when not configured
  std::string introspection_url;  // oauth2, expanded
  std::string request_url;        // generic, expanded; "" offline or without a request
  std::string token_page;  // expanded; "" when unknown
  std::string org;         // socket
  // Where a live token was read: "SONAR_API_KEY" or "the token file PATH";
  // "" for offline sources. A rejection names it, with the token page.
  std::string token_source;
};

// What we learned about one provider's token, and from where.
struct Evidence {
  providers::TokenFacts facts;
  std::string source = "live";
  bool offline = false;
};

struct EvaluateOptions {
  bool fail_on_excess = false;
  std::optional<std::chrono::seconds> min_ttl;
  util::TimePoint now;
};

// Whether a feature's `when:` holds; when not, `reason` says why.
bool condition_holds(const manifest::Condition& condition, const util::Environment& environment,
                     std::string* reason);

Report evaluate(const manifest::Manifest& manifest,
                const std::vector<const manifest::FeatureSpec*>& features,
                const std::map<std::string, ResolvedProvider>& providers,
                const std::map<std::string, Evidence>& evidence,
                const util::Environment& environment, const EvaluateOptions& options);

// A provider's row of the report, from what it said (an expired token counts as rejected).
ProviderResult describe_provider(const ResolvedProvider& resolved, const Evidence& evidence, util::TimePoint now);

// Neutralises every string of a provider row, or of a whole report
// (util::neutralize): values from servers and manifests become one line each.
void neutralize(ProviderResult& provider);
void neutralize(Report& report);

// The contract's rule: with several outcomes, the first of 3, 1, 4, 5 wins
// (2 never reaches a report: nothing is evaluated after a usage error).
int exit_code_for(const Report& report);

// Fills a preset's fix template: {scopes}, {scopes_comma}, {key}, {page},
// {claims} (providers::claims_for_fix); a [bracketed part] disappears when a
// placeholder inside it is empty.
std::string render_fix(std::string_view fix_template, const std::vector<std::string>& scopes,
                       const std::string& key_description, const std::string& page,
                       const std::string& claims = {});

// "key 'CI key' (sk_live...)", "key 'CI key'", or "the key".
std::string describe_key(const std::optional<std::string>& name,
                         const std::optional<std::string>& prefix);

// "a | b": how an unmet any-group is named in reports.
std::string any_group_name(const std::vector<manifest::ScopeRef>& group);

}  // namespace scopegate::engine

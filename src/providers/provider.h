#pragma once
// One interface for every provider: read the provider's answer about a token
// into TokenFacts. Presets are listed explicitly in registry.cpp.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/model.h"
#include "net/http_response.h"
#include "scope/vocabulary.h"
#include "util/clock.h"

namespace scopegate::providers {

// What a provider told us about a token.
struct TokenFacts {
  enum class Outcome { kAccepted, kRejected, kError };
  Outcome outcome = Outcome::kAccepted;
  std::string error;  // kRejected / kError: what happened, in the provider's words where possible

  std::optional<std::string> key_name;    // the key's display name ("CI key")
  std::optional<std::string> key_prefix;  // the non-secret prefix the provider shows ("sk_live")
  std::optional<std::string> account;     // the user, client or app the token belongs to

  bool expiry_known = false;  // true with no expires_at: the token never expires
  std::optional<util::TimePoint> expires_at;

  bool scopes_listed = false;  // `granted` is the token's complete list
  std::vector<std::string> granted;
  std::vector<std::string> proven_missing;  // answered "no" by a probe
  std::string unverifiable_reason;          // why scopes outside `granted` cannot be known
  std::vector<std::string> notes;           // worth saying in the report

  static TokenFacts rejected(std::string why) {
    TokenFacts facts;
    facts.outcome = Outcome::kRejected;
    facts.error = std::move(why);
    return facts;
  }
  static TokenFacts failed(std::string why) {
    TokenFacts facts;
    facts.outcome = Outcome::kError;
    facts.error = std::move(why);
    return facts;
  }
};

class Provider {
 public:
  virtual ~Provider() = default;
  // Reads the answer to the preset's introspection request, live or saved.
  virtual TokenFacts interpret(const net::HttpResponse& response) const = 0;
};

// Everything scopegate knows about a preset, as one row of the preset table.
struct PresetInfo {
  std::string_view name;
  std::string_view summary;
  std::string_view default_base_url;    // "" when every user has their own
  std::string_view default_token_env;   // "" when the manifest must name one
  std::string_view default_token_page;  // may use {base} and {org}
  // How to fix a miss: {scopes}, {scopes_comma}, {key}; a [bracketed part] is
  // dropped when a placeholder inside it is empty ({page}).
  std::string_view fix_template;
  std::vector<std::string_view> own_keys;  // manifest keys only this preset reads
  bool needs_base_url = false;
  bool uses_network = true;  // jwt reads the token itself
  const scope::VocabularyData& (*vocabulary)();
  std::unique_ptr<Provider> (*create)(const manifest::ProviderSpec& spec);
};

const std::vector<PresetInfo>& preset_table();
const PresetInfo* find_preset(std::string_view name);
std::vector<std::string> preset_names();

// The preset's vocabulary extended by the manifest's own `implies` and `wildcards`.
scope::Vocabulary build_vocabulary(const PresetInfo& preset, const manifest::ProviderSpec& spec);

}  // namespace scopegate::providers

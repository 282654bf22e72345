#pragma once
// The outcome of one check: what every reporter renders.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manifest/yaml_tree.h"
#include "util/clock.h"
#include "util/name_index.h"

namespace scopegate::engine {

enum class ProviderStatus { kOk, kTokenRejected, kError, kOffline };
enum class FeatureStatus { kOk, kMissing, kUnverifiable, kSkipped, kError };

const char* to_string(ProviderStatus status);
const char* to_string(FeatureStatus status);

struct ProviderResult {
  std::string name;
  std::string preset;
  ProviderStatus status = ProviderStatus::kOk;
  std::string error;   // kTokenRejected / kError
  std::string source;  // "live", "--granted", "--response-file answer.json", ...
  std::optional<std::string> key_name;
  std::optional<std::string> key_prefix;
  std::optional<std::string> account;
  bool expiry_known = false;
  std::optional<util::TimePoint> expires_at;
  std::string expiry_problem;  // why the expiry is unknown, when the answer could have said
  std::optional<bool> ttl_ok;  // set only when --min-ttl was given and the expiry is known
  std::optional<std::string> required_key_prefix;  // the manifest's require_key_prefix
  std::optional<bool> key_prefix_ok;  // set with require_key_prefix when the provider answered
  bool scopes_listed = false;
  std::vector<std::string> granted;
  // Claim-based presets (jwt, oauth2): the claims read, and which granted each scope.
  std::vector<std::string> scope_claims;
  std::vector<std::pair<std::string, std::string>> granted_by;  // scope -> claim, in `granted` order
  std::vector<std::string> excess;
  std::vector<std::string> unverifiable;  // required scopes nobody could confirm
  std::string unverifiable_reason;
  std::vector<std::string> missing;  // blocking misses, manifest order ("a | b" for any-groups)
  std::string token_page;
  std::string fix;  // one sentence that fixes every blocking miss
  // One sentence that fixes the misses only optional features have, so a
  // summary can say how to fix them once per provider rather than per feature.
  std::string optional_fix;
  std::vector<std::string> notes;
  // What the token turned out to be ("fine-grained"; providers::TokenFacts),
  // what it was checked on ("acme/app"), and where its fix is written when
  // that is not a token page (a workflow file's job).
  std::string token_kind;
  std::string resource;
  std::optional<manifest::FileLocation> fix_location;
  bool blocking = false;       // used by at least one enabled, non-optional feature
  bool expiring_soon = false;  // expires within kExpiryWarning (or fails --min-ttl)
  manifest::Location where;    // the provider's name in the manifest
};

// A token that expires sooner than this earns a warning even without --min-ttl.
inline constexpr std::chrono::hours kExpiryWarning{24 * 14};

// A scope as the manifest requires it: one name, or an any-group's names in
// manifest order (any of them would do). Reports spell a group "a | b".
using ScopeGroup = std::vector<std::string>;

struct MissingScope {
  std::string provider;
  std::string scope;  // "a | b" for an unmet any-group
  ScopeGroup alternatives;  // the names `scope` spells: one, or the group's
  std::optional<std::string> label;
  std::vector<std::string> features;
  manifest::Location where;  // where the manifest first requires it
  bool optional = false;     // only optional features need it
  std::string fix;           // the fix for this scope alone (an annotation's, per scope)
};

// A required scope a feature lacks or cannot verify, and where the manifest
// requires it. A missing one also points at its entry in Report::missing,
// which holds its label and its own fix.
struct ScopeFinding {
  std::string scope;  // "a | b" for an unmet any-group
  manifest::Location where;
  std::optional<std::size_t> missing_entry;  // index in Report::missing; set on missing findings only
};

// The scopes of `findings`, in order: what a report lists.
std::vector<std::string> scope_names(const std::vector<ScopeFinding>& findings);

struct FeatureResult {
  std::string name;
  std::string provider;
  std::string description;
  FeatureStatus status = FeatureStatus::kOk;
  bool optional = false;
  std::vector<std::string> required;      // manifest order; an any-group as "a | b"
  std::vector<ScopeFinding> missing;       // manifest order
  std::vector<ScopeFinding> unverifiable;  // manifest order
  std::string hint;
  std::string fix;
  std::string reason;  // why skipped, why error, why unverifiable
  manifest::Location where;
};

struct Report {
  std::string manifest_path;
  std::vector<ProviderResult> providers;
  std::vector<FeatureResult> features;
  std::vector<MissingScope> missing;
  std::vector<std::string> failures;  // run-level reasons for exit 1 besides missing scopes
  std::vector<std::string> unverified;  // run-level reasons for exit 5: --min-ttl with an unknown expiry
  std::optional<std::string> min_ttl;  // as given, e.g. "7d"
  // When the verdict was made, from the clock under test: a reader's "in 32
  // days" is counted from it, so a report renders the same on any later day.
  util::TimePoint checked_at{};
  bool fail_on_excess = false;
  int exit_code = 0;
  bool ok() const { return exit_code == 0; }

  const ProviderResult* find_provider(std::string_view name) const { return provider_index_.find(providers, name); }

 private:
  util::NameIndex<ProviderResult> provider_index_;
};

// Neutralises every string of a provider row, or of a whole report
// (util::neutralize): values from servers and manifests become one line each.
void neutralize(ProviderResult& provider);
void neutralize(Report& report);

// The contract's rule: with several outcomes, the first of 3, 1, 4, 5 wins
// (2 never reaches a report: nothing is evaluated after a usage error).
int exit_code_for(const Report& report);

}  // namespace scopegate::engine

#pragma once
// What a provider's scope names mean: which scope includes which, wildcard
// syntax, and the names (and labels) the provider is known to use.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scopegate::scope {

// Static description of a preset's scopes, written as data in its own file (providers/<name>.cpp).
struct ImpliesRow {
  std::string_view scope;
  std::vector<std::string_view> includes;
};
struct KnownScopeRow {
  std::string_view scope;
  std::string_view label;  // "" when the provider has no display name for it
};
struct VocabularyData {
  std::string_view wildcard_separator;  // ":" lets "documents:*" cover "documents:signed:read"
  bool bare_group_grants_members = false;  // Socket: "repo" covers every "repo:*"
  std::vector<ImpliesRow> implies;
  std::vector<KnownScopeRow> known;      // empty: the vocabulary is open
  std::vector<std::string_view> groups;  // known "group" parts of "group:action" names
  // The provider's complete list (GitHub, GitLab): a name outside it
  // cannot be granted, so requiring one is a manifest error. Lists that may
  // lag the provider (Sonar's built-in copy of its catalog) stay open.
  bool closed = false;
  std::string_view title;  // whose names these are, for messages: "GitLab"
};

// A hash for maps keyed by std::string that are asked with a string_view,
// so a lookup builds no string.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>>;

// A rule the names alone cannot say: whether granted scope `granted` covers
// `required` (Shopify's write_X includes read_X, whatever X is; a Hugging Face
// permission on an organisation covers its repositories).
using GrantRule = bool (*)(std::string_view granted, std::string_view required);

// The vocabulary of a preset that knows no names (slack, oauth2, jwt, generic).
const VocabularyData& open_vocabulary();

class Vocabulary {
 public:
  Vocabulary() = default;
  explicit Vocabulary(const VocabularyData& data);

  // Manifest-declared additions (generic providers, or extending a preset).
  void add_implication(const std::string& scope, const std::string& included);
  void set_wildcard_separator(std::string separator) { wildcard_separator_ = std::move(separator); }
  void set_grant_rule(GrantRule rule) { grant_rule_ = rule; }
  GrantRule grant_rule() const { return grant_rule_; }

  const std::string& wildcard_separator() const { return wildcard_separator_; }
  bool bare_group_grants_members() const { return bare_group_grants_members_; }
  const std::vector<std::string>* implied_by(std::string_view scope) const;
  const StringMap<std::vector<std::string>>& implications() const {
    return implies_;
  }

  // Whether the manifest may be checked against known names at all.
  bool has_known_names() const { return !known_.empty() || !groups_.empty(); }
  bool is_known(std::string_view scope) const;
  std::optional<std::string> closest_known(std::string_view scope) const;
  std::optional<std::string> label(std::string_view scope) const;
  const std::vector<std::pair<std::string, std::string>>& known_scopes() const { return known_; }
  const std::vector<std::string>& groups() const { return groups_; }

  // Replaces the known names.
  void set_known_scopes(std::vector<std::pair<std::string, std::string>> known);
  // Replaces the known names with the provider's own live catalog, which is
  // complete: the vocabulary becomes closed.
  void set_catalog(std::vector<std::pair<std::string, std::string>> catalog);

  // Whether a name outside the known ones is certainly not a scope.
  bool is_closed() const { return closed_; }
  const std::string& title() const { return title_; }

 private:
  std::string wildcard_separator_;
  bool bare_group_grants_members_ = false;
  StringMap<std::vector<std::string>> implies_;
  std::vector<std::pair<std::string, std::string>> known_;  // scope, label
  StringMap<std::size_t> known_index_;
  std::vector<std::string> groups_;
  bool closed_ = false;
  std::string title_;
  GrantRule grant_rule_ = nullptr;
};

// Why `scope`, unknown to `vocabulary`, is a problem, for provider `provider`:
// closed: "scope "apii" is not a GitLab scope (did you mean "api"?): fix the manifest";
// open: "... is not in scopegate's list of Sonar scopes, which may lag the provider".
std::string unknown_scope_message(const Vocabulary& vocabulary, std::string_view scope, std::string_view provider);

}  // namespace scopegate::scope

#include "scope/vocabulary.h"

#include <algorithm>

#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::scope {

const VocabularyData& open_vocabulary() {
  static const VocabularyData data{};
  return data;
}

Vocabulary::Vocabulary(const VocabularyData& data)
    : wildcard_separator_(data.wildcard_separator),
      bare_group_grants_members_(data.bare_group_grants_members) {
  for (const ImpliesRow& row : data.implies)
    for (std::string_view included : row.includes)
      add_implication(std::string(row.scope), std::string(included));
  std::vector<std::pair<std::string, std::string>> known;
  for (const KnownScopeRow& row : data.known) known.emplace_back(row.scope, row.label);
  set_known_scopes(std::move(known));
  groups_.assign(data.groups.begin(), data.groups.end());
  closed_ = data.closed;
  title_ = data.title;
}

void Vocabulary::add_implication(const std::string& scope, const std::string& included) {
  auto& list = implies_[scope];
  if (std::find(list.begin(), list.end(), included) == list.end()) list.push_back(included);
}

const std::vector<std::string>* Vocabulary::implied_by(std::string_view scope) const {
  const auto found = implies_.find(scope);
  return found == implies_.end() ? nullptr : &found->second;
}

void Vocabulary::set_known_scopes(std::vector<std::pair<std::string, std::string>> known) {
  known_ = std::move(known);
  known_index_.clear();
  for (std::size_t i = 0; i < known_.size(); ++i) known_index_.emplace(known_[i].first, i);
}

void Vocabulary::set_catalog(std::vector<std::pair<std::string, std::string>> catalog) {
  set_known_scopes(std::move(catalog));
  closed_ = true;
}

namespace {
// "documents:signed:*" or "*" are patterns, not names to look up.
bool is_wildcard(std::string_view scope, std::string_view separator) {
  return !separator.empty() && (scope == "*" || scope.ends_with(std::string(separator) + "*"));
}
}  // namespace

bool Vocabulary::is_known(std::string_view scope) const {
  if (!has_known_names() || is_wildcard(scope, wildcard_separator_)) return true;
  if (known_index_.find(scope) != known_index_.end() || implies_.find(scope) != implies_.end()) return true;
  if (groups_.empty() || wildcard_separator_.empty()) return false;
  const std::string_view group = scope.substr(0, scope.find(wildcard_separator_));
  return std::find(groups_.begin(), groups_.end(), group) != groups_.end();
}

std::optional<std::string> Vocabulary::closest_known(std::string_view scope) const {
  std::vector<std::string> candidates;
  for (const auto& [name, label] : known_) candidates.push_back(name);
  if (!groups_.empty() && !wildcard_separator_.empty()) {
    const std::size_t cut = scope.find(wildcard_separator_);
    const std::string_view group = scope.substr(0, cut);
    const std::string_view rest = cut == std::string_view::npos ? "" : scope.substr(cut);
    if (auto match = util::closest_match(group, groups_)) return *match + std::string(rest);
    return std::nullopt;
  }
  if (auto match = util::closest_match(scope, candidates)) return match;
  // "contents" where "contents:read" exists: the name at its first level.
  const std::string stem_of_bare = std::string(scope) + ":";
  for (const std::string& name : candidates)
    if (name.starts_with(stem_of_bare)) return name;
  // "workflows:read" where only "workflows:write" exists: the same name at
  // another level. The last one known is the highest (lists go up in level).
  const std::size_t colon = scope.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view stem = scope.substr(0, colon + 1);
  std::optional<std::string> same_stem;
  for (const std::string& name : candidates)
    if (std::string_view(name).substr(0, stem.size()) == stem) same_stem = name;
  return same_stem;
}

std::optional<std::string> Vocabulary::label(std::string_view scope) const {
  const auto found = known_index_.find(scope);
  if (found == known_index_.end() || known_[found->second].second.empty()) return std::nullopt;
  return known_[found->second].second;
}

std::string unknown_scope_message(const Vocabulary& vocabulary, std::string_view scope, std::string_view provider) {
  const auto closest = vocabulary.closest_known(scope);
  const std::string suggestion = closest ? " (did you mean " + util::quoted(*closest) + "?)" : "";
  if (vocabulary.is_closed())
    return "scope " + util::quoted(scope) + " is not " +
           (vocabulary.title().empty() ? "a scope of provider " + util::quoted(provider)
                                       : "a " + vocabulary.title() + " scope") +
           suggestion + ": fix the manifest";
  return "scope " + util::quoted(scope) + " is not in scopegate's list of " +
         (vocabulary.title().empty() ? "scopes of provider " + util::quoted(provider)
                                     : vocabulary.title() + " scopes") +
         suggestion + "; the list may lag " + (vocabulary.title().empty() ? "the provider" : vocabulary.title());
}

}  // namespace scopegate::scope

#include "scope/matcher.h"

#include <algorithm>
#include <unordered_set>

namespace scopegate::scope {

GrantIndex::GrantIndex(const Vocabulary& vocabulary, const std::vector<std::string>& granted)
    : vocabulary_(vocabulary) {
  // A hash set of views, not a scan of granted_: a token may list 100,000 scopes.
  std::unordered_set<std::string_view> seen;
  seen.reserve(granted.size());
  granted_.reserve(granted.size());  // closure_ keeps views into it: it must never reallocate
  closure_.scopes.reserve(granted.size());
  for (const std::string& scope : granted) {
    if (!seen.insert(scope).second) continue;
    const std::string_view kept = granted_.emplace_back(scope);
    if (is_plain(kept)) closure_.scopes.insert(kept);  // most scopes: no implications, no pattern
    else close_over(kept, &closure_);
  }
}

// A scope that implies nothing and is no pattern covers only itself.
bool GrantIndex::is_plain(std::string_view scope) const {
  return !vocabulary_.implied_by(scope) && !wildcard_prefix(scope) && !is_bare_group(scope);
}

// The prefix a wildcard grant covers: "documents:" for "documents:*", ""
// for "*"; nullopt for a scope that is no pattern.
std::optional<std::string_view> GrantIndex::wildcard_prefix(std::string_view scope) const {
  const std::string& separator = vocabulary_.wildcard_separator();
  if (separator.empty()) return std::nullopt;
  if (scope == "*") return std::string_view();
  if (scope.size() > separator.size() && scope.ends_with('*') &&
      scope.substr(0, scope.size() - 1).ends_with(separator))
    return scope.substr(0, scope.size() - 1);
  return std::nullopt;
}

// Adds `scope` and everything it implies, transitively.
void GrantIndex::close_over(std::string_view scope, Closure* closure) const {
  const std::string& separator = vocabulary_.wildcard_separator();
  std::vector<std::string_view> pending{scope};
  while (!pending.empty()) {
    const std::string_view current = pending.back();
    pending.pop_back();
    if (!closure->scopes.insert(current).second) continue;
    if (const auto prefix = wildcard_prefix(current)) closure->prefixes.emplace(*prefix);
    else if (is_bare_group(current)) closure->prefixes.insert(std::string(current) + separator);
    if (const auto* implied = vocabulary_.implied_by(current))
      pending.insert(pending.end(), implied->begin(), implied->end());
  }
}

// The preset's own rule, asked of every granted scope and what it implies:
// O(granted) per question, for the few presets that have a rule.
bool GrantIndex::covered_by_rule(std::string_view required) const {
  const GrantRule rule = vocabulary_.grant_rule();
  if (!rule) return false;
  return std::any_of(closure_.scopes.begin(), closure_.scopes.end(),
                     [&](std::string_view granted) { return rule(granted, required); });
}

// Whether the preset's rule makes `scope` cover one of `required`.
bool GrantIndex::used_by_rule(std::string_view scope, const std::vector<std::string_view>& required) const {
  const GrantRule rule = vocabulary_.grant_rule();
  return rule && std::any_of(required.begin(), required.end(),
                             [&](std::string_view wanted) { return rule(scope, wanted); });
}

// Socket's "repo" covers every "repo:..." scope.
bool GrantIndex::is_bare_group(std::string_view scope) const {
  const std::string& separator = vocabulary_.wildcard_separator();
  return !separator.empty() && vocabulary_.bare_group_grants_members() && scope != "*" &&
         scope.find(separator) == std::string_view::npos;
}

bool GrantIndex::covers(const std::string& required) const {
  if (closure_.scopes.find(std::string_view(required)) != closure_.scopes.end()) return true;
  if (covered_by_rule(required)) return true;
  if (closure_.prefixes.empty()) return false;
  // Every prefix ending at a separator ("", "a:", "a:b:"), looked up in place.
  if (closure_.prefixes.find(std::string_view()) != closure_.prefixes.end()) return true;
  const std::string& separator = vocabulary_.wildcard_separator();
  if (separator.empty()) return false;
  for (std::size_t at = required.find(separator); at != std::string::npos; at = required.find(separator, at)) {
    at += separator.size();
    if (closure_.prefixes.find(std::string_view(required).substr(0, at)) != closure_.prefixes.end()) return true;
  }
  return false;
}

std::vector<std::string> GrantIndex::excess(const std::vector<std::string_view>& required) const {
  // Views into `required`: building these sets copies no scope name.
  const std::unordered_set<std::string_view> required_set(required.begin(), required.end());
  std::optional<std::unordered_set<std::string_view>> required_prefixes;  // built when a pattern needs it

  std::vector<std::string> unused;
  for (const std::string& scope : granted_) {
    // Most grants name one scope and imply nothing: one lookup, no closure.
    bool used = false;
    if (is_plain(scope)) {
      used = required_set.count(scope) > 0;
    } else {
      if (!required_prefixes) required_prefixes = separator_prefixes(required_set);
      Closure own;
      close_over(scope, &own);
      used = std::any_of(own.scopes.begin(), own.scopes.end(),
                         [&](std::string_view s) { return required_set.count(s) > 0; }) ||
             std::any_of(own.prefixes.begin(), own.prefixes.end(),
                         [&](const std::string& p) { return required_prefixes->count(p) > 0; });
    }
    if (!used) used = used_by_rule(scope, required);
    if (!used) unused.push_back(scope);
  }
  return unused;
}

// "a:b:c" -> "", "a:", "a:b:": every wildcard prefix that could cover a scope.
std::unordered_set<std::string_view> GrantIndex::separator_prefixes(
    const std::unordered_set<std::string_view>& scopes) const {
  std::unordered_set<std::string_view> prefixes{std::string_view()};
  const std::string& separator = vocabulary_.wildcard_separator();
  if (separator.empty()) return prefixes;
  for (std::string_view scope : scopes)
    for (std::size_t at = scope.find(separator); at != std::string_view::npos; at = scope.find(separator, at + 1))
      prefixes.insert(scope.substr(0, at + separator.size()));
  return prefixes;
}

}  // namespace scopegate::scope

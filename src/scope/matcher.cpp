#include "scope/matcher.h"

#include <algorithm>

namespace scopegate::scope {

GrantIndex::GrantIndex(const Vocabulary& vocabulary, const std::vector<std::string>& granted)
    : vocabulary_(vocabulary) {
  for (const std::string& scope : granted) {
    if (std::find(granted_.begin(), granted_.end(), scope) != granted_.end()) continue;
    granted_.push_back(scope);
    close_over(scope, &closure_);
  }
}

// Adds `scope` and everything it implies, transitively.
void GrantIndex::close_over(const std::string& scope, Closure* closure) const {
  const std::string& separator = vocabulary_.wildcard_separator();
  std::vector<std::string> pending{scope};
  while (!pending.empty()) {
    std::string current = std::move(pending.back());
    pending.pop_back();
    if (!closure->scopes.insert(current).second) continue;
    if (!separator.empty()) {
      if (current == "*") {
        closure->prefixes.insert("");
      } else if (current.size() > separator.size() &&
                 current.ends_with(separator + "*")) {
        closure->prefixes.insert(current.substr(0, current.size() - 1));
      } else if (vocabulary_.bare_group_grants_members() &&
                 current.find(separator) == std::string::npos) {
        closure->prefixes.insert(current + separator);
      }
    }
    if (const auto* implied = vocabulary_.implied_by(current))
      pending.insert(pending.end(), implied->begin(), implied->end());
  }
}

// "a:b:c" -> {"", "a:", "a:b:"}: the wildcard prefixes that could cover it.
std::vector<std::string> GrantIndex::separator_prefixes(const std::string& scope) const {
  std::vector<std::string> prefixes{""};
  const std::string& separator = vocabulary_.wildcard_separator();
  if (separator.empty()) return prefixes;
  std::size_t at = 0;
  while ((at = scope.find(separator, at)) != std::string::npos) {
    at += separator.size();
    prefixes.push_back(scope.substr(0, at));
  }
  return prefixes;
}

bool GrantIndex::covers(const std::string& required) const {
  if (closure_.scopes.find(std::string_view(required)) != closure_.scopes.end()) return true;
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

std::vector<std::string> GrantIndex::excess(const std::vector<std::string>& required) const {
  const Set required_set(required.begin(), required.end());
  Set required_prefixes;
  for (const std::string& scope : required)
    for (std::string& prefix : separator_prefixes(scope)) required_prefixes.insert(std::move(prefix));

  std::vector<std::string> unused;
  for (const std::string& scope : granted_) {
    Closure own;
    close_over(scope, &own);
    const bool used =
        std::any_of(own.scopes.begin(), own.scopes.end(),
                    [&](const std::string& s) { return required_set.count(s) > 0; }) ||
        std::any_of(own.prefixes.begin(), own.prefixes.end(),
                    [&](const std::string& p) { return required_prefixes.count(p) > 0; });
    if (!used) unused.push_back(scope);
  }
  return unused;
}

}  // namespace scopegate::scope

#pragma once
// Looks up a report's missing-scope entry by provider and scope in O(1):
// reporters need each one's label once per feature, and a scan per lookup
// made rendering quadratic in large manifests.
#include <string>
#include <unordered_map>

#include "engine/report.h"

namespace scopegate::report {

class MissingIndex {
 public:
  explicit MissingIndex(const engine::Report& report) : report_(report) {
    for (std::size_t i = 0; i < report.missing.size(); ++i)
      index_.emplace(key(report.missing[i].provider, report.missing[i].scope), i);
  }

  const engine::MissingScope* find(const std::string& provider, const std::string& scope) const {
    const auto found = index_.find(key(provider, scope));
    return found == index_.end() ? nullptr : &report_.missing[found->second];
  }

  // " Fix: add a to the key at URL." for one missing scope, or "": an
  // annotation per scope carries that scope's fix, not the feature's whole
  // list (a feature missing N scopes would otherwise print N lists of N).
  std::string fix_sentence(const std::string& provider, const std::string& scope) const {
    const engine::MissingScope* entry = find(provider, scope);
    return entry && !entry->fix.empty() ? " Fix: " + entry->fix + "." : std::string();
  }

  // " (Documents / Signed / Read)", or "" without a label.
  std::string label_suffix(const std::string& provider, const std::string& scope) const {
    const engine::MissingScope* entry = find(provider, scope);
    return entry && entry->label ? " (" + *entry->label + ")" : std::string();
  }

 private:
  static std::string key(const std::string& provider, const std::string& scope) { return provider + '\n' + scope; }
  const engine::Report& report_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace scopegate::report

#pragma once
// A missing finding's own entry in Report::missing (its label and its own
// fix), reached through the index the engine recorded in the finding: no
// reporter builds a lookup of its own.
#include <string>
#include <string_view>

#include "engine/report.h"

namespace scopegate::report {

// The entry of `finding`, or null when it has none (an unverifiable
// finding, or a report built by hand without the links).
inline const engine::MissingScope* missing_entry(const engine::Report& report, const engine::ScopeFinding& finding) {
  if (!finding.missing_entry || *finding.missing_entry >= report.missing.size()) return nullptr;
  return &report.missing[*finding.missing_entry];
}

// " (Documents / Signed / Read)", or "" without a label.
inline std::string label_suffix(const engine::Report& report, const engine::ScopeFinding& finding) {
  const engine::MissingScope* entry = missing_entry(report, finding);
  return entry && entry->label ? " (" + *entry->label + ")" : std::string();
}

// " Fix: add a to the key at URL." for this one scope, or "": an annotation
// per scope carries that scope's fix, not the feature's whole list (a
// feature missing N scopes would otherwise print N lists of N).
inline std::string fix_sentence(const engine::Report& report, const engine::ScopeFinding& finding) {
  const engine::MissingScope* entry = missing_entry(report, finding);
  return entry && !entry->fix.empty() ? " Fix: " + entry->fix + "." : std::string();
}

// The sentence an annotation or a SARIF result gives one missing scope:
// "Feature 'export' needs a (Label)" + `tail` + " Hint: ..." + " Fix: ...".
inline std::string missing_scope_message(const engine::Report& report, const engine::FeatureResult& feature,
                                         const engine::ScopeFinding& missing, std::string_view tail) {
  std::string message = "Feature '" + feature.name + "' needs " + missing.scope + label_suffix(report, missing);
  message += tail;
  if (!feature.hint.empty()) message += " Hint: " + feature.hint;
  return message + fix_sentence(report, missing);
}

}  // namespace scopegate::report

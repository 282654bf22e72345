#pragma once
// What stops a check before anything is asked, and what it warns about.
#include <string>
#include <vector>

#include "manifest/diagnostics.h"

namespace scopegate::engine {

// Usage errors (exit 2: nothing was sent anywhere), warnings, and findings
// that point into the manifest (printed as FILE:LINE:COL).
struct Problems {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<manifest::Diagnostic> diagnostics;  // errors among them are usage errors too
  // Any error, with or without a position: exit 2, nothing was (or may be) sent.
  bool has_errors() const {
    if (!errors.empty()) return true;
    for (const manifest::Diagnostic& diagnostic : diagnostics)
      if (diagnostic.severity == manifest::Severity::kError) return true;
    return false;
  }
};

}  // namespace scopegate::engine

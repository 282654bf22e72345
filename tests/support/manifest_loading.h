#pragma once
// A manifest parsed from text as scopegate parses it (with the presets'
// rules), and its diagnostics as "LINE:COL: error: MESSAGE" lines to compare.
#include <string>
#include <vector>

#include "manifest/loader.h"
#include "support/load_options.h"

namespace scopegate::testing {

// What parsing gave.
struct Loaded {
  bool ok = false;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;

  // "LINE:COL: error: MESSAGE" for each diagnostic, to compare whole lists.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const manifest::Diagnostic& d : diagnostics.items())
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
                    (d.severity == manifest::Severity::kError ? "error: " : "warning: ") + d.message);
    return out;
  }
  std::string first_line() const { return lines().empty() ? "" : lines().front(); }
  bool has(const std::string& fragment) const {
    for (const std::string& line : lines())
      if (line.find(fragment) != std::string::npos) return true;
    return false;
  }
};

inline Loaded load(const std::string& text) {
  Loaded result;
  result.ok = manifest::parse_manifest("m.yaml", text, load_options(), &result.manifest, &result.diagnostics);
  return result;
}

// The manifest used where any valid one will do: one sonar provider, a plain
// feature and one with all:, any:, when:, optional and hint.
inline constexpr const char* kValid = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/${SONAR_INSTANCE}
    token_env: SONAR_API_KEY
    token_page: https://session.sonar.de/${SONAR_INSTANCE}/settings/api-keys
features:
  read-signed:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    provider: sonar
    requires:
      all: [documents:signed:export]
      any: [documents:generated:read, documents:uploaded:read]
    when: { env: EXPORT_ENABLED }
    optional: true
    hint: Ask an organisation admin.
)";

}  // namespace scopegate::testing

#pragma once
// The manifests and files the command tests share: one sonar provider with a
// saved answer beside it, and two providers for NAME= to choose between.
#include "support/fakes.h"

namespace scopegate::testing {

// One sonar provider, a feature its saved answer (kAnswer) grants and one it does not.
inline constexpr const char* kManifest = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/acme
    token_env: SONAR_API_KEY
features:
  read:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    requires: [documents:signed:export]
    hint: Ask an admin.
)";
inline constexpr const char* kAnswer = R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})";

inline FakeFileSystem files_with_manifest() {
  FakeFileSystem files;
  files.files["scopegate.yaml"] = kManifest;
  files.files["answer.json"] = kAnswer;
  return files;
}

// Two providers, so that NAME= has something to choose between.
inline constexpr const char* kTwoProviders = R"(version: 1
providers:
  sonar: {preset: sonar, base_url: https://session.sonar.de/acme}
  gh: {preset: github}
features:
  read: {provider: sonar, requires: [documents:signed:read]}
  repo: {provider: gh, requires: [repo]}
)";

}  // namespace scopegate::testing

#pragma once
// A check with every side effect faked: the manifest, the environment, files,
// the clock, the redactor and, when `kNetwork`, a fake network. Shared by the
// engine's tests, with the manifests and answers several of them use.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/check.h"
#include "manifest/diagnostics.h"
#include "manifest/loader.h"
#include "support/check_strings.h"
#include "support/fake_transport.h"
#include "support/fakes.h"
#include "support/load_options.h"
#include "support/provider_requests.h"

namespace scopegate::testing {

inline constexpr const char* kGitlabToken = "glpat-FAKE_gitlab_token_0123456789";

template <bool kNetwork>
struct CheckHarness {
  manifest::Manifest manifest;
  manifest::Diagnostics load_diagnostics;
  FakeEnvironment environment;
  FakeFileSystem files;
  FixedClock clock;
  util::Redactor redactor;
  FakeTransport transport;  // unused without kNetwork: the run gets no transport
  engine::CheckRequest request;

  explicit CheckHarness(const std::string& yaml) {
    REQUIRE(manifest::parse_manifest("m.yaml", yaml, load_options(), &manifest, &load_diagnostics));
  }
  ~CheckHarness() {
    // Whatever happened, no token went into a URL.
    for (const net::HttpRequest& sent : transport.requests) {
      const std::string url = sent.url.to_string();
      CHECK(url.find(kFakeToken) == std::string::npos);
      CHECK(url.find(kGitlabToken) == std::string::npos);
    }
  }
  engine::CheckOutcome run() {
    engine::System system{environment, files, clock, redactor, kNetwork ? &transport : nullptr};
    return engine::run_check(manifest, request, system);
  }
  void offline_all(engine::OfflineSource::Kind kind, const std::string& value) {
    request.offline.for_all = engine::OfflineSource{kind, value};
  }
  // "METHOD URL" of every request, sorted: live providers are asked concurrently.
  Strings sent_sorted() const {
    Strings keys = transport.sent();
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  const net::HttpRequest* find(const std::string& key) const {
    for (const net::HttpRequest& sent : transport.requests)
      if (sent.method + " " + sent.url.to_string() == key) return &sent;
    return nullptr;
  }
};

inline bool contains(const std::vector<std::string>& lines, const std::string& fragment) {
  for (const std::string& line : lines)
    if (line.find(fragment) != std::string::npos) return true;
  return false;
}

// "LINE:COL: error: MESSAGE" for each finding that points into the manifest.
inline std::vector<std::string> positioned(const engine::Problems& problems) {
  std::vector<std::string> out;
  for (const manifest::Diagnostic& d : problems.diagnostics)
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
                  (d.severity == manifest::Severity::kError ? "error: " : "warning: ") + d.message);
  return out;
}

inline const engine::FeatureResult& feature(const engine::Report& report, const std::string& name) {
  for (const engine::FeatureResult& result : report.features)
    if (result.name == name) return result;
  FAIL("no feature " << name << " in the report");
  throw;  // unreachable
}


inline constexpr const char* kTwo = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/${SONAR_INSTANCE}
    token_env: SONAR_API_KEY
  gl:
    preset: gitlab
    token_env: GITLAB_TOKEN
features:
  read: {provider: sonar, requires: [documents:signed:read]}
  api: {provider: gl, requires: [read_api]}
  nightly: {provider: gl, requires: [api], when: {env: NIGHTLY}}
)";

template <bool kNetwork>
void answer_two(CheckHarness<kNetwork>& h) {
  h.transport.answer(kSonarScopes, 200,
                     R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})");
  h.transport.answer(kGitlabSelf, 200,
                     R"({"name": "ci", "revoked": false, "active": true, "scopes": ["read_api"], "expires_at": null})");
}

inline std::string sonar_manifest(const std::string& base_url, const std::string& scope, const std::string& extra = "") {
  return "version: 1\n"
         "providers:\n"
         "  sonar:\n"
         "    preset: sonar\n"
         "    base_url: " + base_url + "\n"
         "    token_env: SONAR_API_KEY\n" + extra +
         "features:\n"
         "  export:\n"
         "    requires: [" + scope + "]\n";
}

inline constexpr const char* kSonarCatalogAnswer = R"([{"id": "documents", "label": "Documents", "types": [
  {"id": "signed", "label": "Signed", "scopes": [
    {"value": "documents:signed:read", "label": "Read"},
    {"value": "documents:signed:export", "label": "Export"}]}]}])";

inline std::string socket_manifest(const std::string& scope, const std::string& extra = "") {
  return "version: 1\n"
         "providers:\n"
         "  socket:\n"
         "    preset: socket\n"
         "    org: acme\n" + extra +
         "features:\n"
         "  scan:\n"
         "    requires: [" + scope + "]\n";
}

}  // namespace scopegate::testing

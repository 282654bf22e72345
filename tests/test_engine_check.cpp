#include <doctest/doctest.h>

#include "engine/check.h"
#include "manifest/loader.h"
#include "support/fakes.h"
#include "support/load_options.h"

using namespace scopegate;
using engine::OfflineSource;

namespace {
struct Harness {
  manifest::Manifest manifest;
  testing::FakeEnvironment environment;
  testing::FakeFileSystem files;
  testing::FixedClock clock;
  util::Redactor redactor;
  engine::CheckRequest request;

  explicit Harness(const std::string& yaml) {
    manifest::Diagnostics diagnostics;
    REQUIRE(manifest::parse_manifest("m.yaml", yaml, scopegate::testing::load_options(), &manifest, &diagnostics));
  }
  engine::CheckOutcome run() {
    engine::System system{environment, files, clock, redactor};
    return engine::run_check(manifest, request, system);
  }
  void offline_all(OfflineSource::Kind kind, const std::string& value) { request.offline.for_all = OfflineSource{kind, value}; }
};

bool contains(const std::vector<std::string>& lines, const std::string& fragment) {
  for (const std::string& line : lines)
    if (line.find(fragment) != std::string::npos) return true;
  return false;
}

// "LINE:COL: error: MESSAGE" for each finding that points into the manifest.
std::vector<std::string> positioned(const engine::Problems& problems) {
  std::vector<std::string> out;
  for (const manifest::Diagnostic& d : problems.diagnostics)
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
                  (d.severity == manifest::Severity::kError ? "error: " : "warning: ") + d.message);
  return out;
}

const char* kTwo = R"(version: 1
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
}  // namespace

TEST_SUITE("engine.check") {
  TEST_CASE("an unset or empty token variable is a usage error naming it") {
    Harness h(kTwo);
    h.environment.set("SONAR_INSTANCE", "acme");
    h.environment.set("GITLAB_TOKEN", "");
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK(contains(outcome.problems.errors, "environment variable SONAR_API_KEY is not set; provider 'sonar'"));
    CHECK(contains(outcome.problems.errors, "environment variable GITLAB_TOKEN is empty"));
  }

  TEST_CASE("an offline source for every provider needs no token") {
    Harness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "documents:signed:read, read_api");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.problems.errors.empty());
    CHECK(outcome.report->exit_code == 0);
    CHECK(outcome.report->providers.at(0).status == engine::ProviderStatus::kOffline);
    CHECK(outcome.report->providers.at(0).source == "--granted");
  }

  TEST_CASE("NAME= targets one provider, the other still needs its token") {
    Harness h(kTwo);
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    SUBCASE("token missing") {
      const auto outcome = h.run();
      CHECK_FALSE(outcome.report);
      CHECK(contains(outcome.problems.errors, "GITLAB_TOKEN is not set"));
      CHECK_FALSE(contains(outcome.problems.errors, "SONAR_API_KEY"));
    }
    SUBCASE("token set: it is registered for redaction before anything is printed") {
      h.environment.set("GITLAB_TOKEN", testing::kFakeToken);
      h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kGranted, "read_api"};
      h.request.offline.by_provider.erase("gl");
      h.run();
      CHECK(h.redactor.redact(std::string("x ") + testing::kFakeToken) == "x [REDACTED]");
    }
  }

  TEST_CASE("providers only skipped features use are not asked, so need no token") {
    Harness h(kTwo);
    h.request.feature_names = {"read"};
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->providers.size() == 1);
  }

  TEST_CASE("-f with an unknown feature is a usage error with did-you-mean") {
    Harness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "x");
    h.request.feature_names = {"raed"};
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report);
    CHECK(contains(outcome.problems.errors, "no feature named 'raed' in m.yaml (did you mean 'read'?)"));
  }

  TEST_CASE("an offline source naming an unknown provider") {
    Harness h(kTwo);
    h.offline_all(OfflineSource::Kind::kGranted, "x");
    h.request.offline.by_provider["sonnar"] = {OfflineSource::Kind::kGranted, "x"};
    CHECK(contains(h.run().problems.errors, "names provider 'sonnar', which the manifest does not define (did you "
                                            "mean 'sonar'?)"));
  }

  TEST_CASE("an undefined ${VAR}: an error at its line when asking live, a warning there when offline") {
    Harness live(kTwo);
    live.environment.set("SONAR_API_KEY", testing::kFakeToken);
    live.request.offline.by_provider["gl"] = {OfflineSource::Kind::kGranted, "read_api"};
    const auto refused = live.run();
    CHECK_FALSE(refused.report);
    CHECK(refused.problems.has_errors());
    CHECK_FALSE(contains(refused.problems.errors, "SONAR_INSTANCE"));  // said once, with its position
    CHECK(positioned(refused.problems) ==
          std::vector<std::string>{"5:15: error: base_url of provider 'sonar' uses ${SONAR_INSTANCE}, which is not set"});

    Harness offline(kTwo);
    offline.offline_all(OfflineSource::Kind::kGranted, "documents:signed:read read_api");
    const auto outcome = offline.run();
    CHECK(outcome.report);
    CHECK_FALSE(outcome.problems.has_errors());
    CHECK(positioned(outcome.problems) ==
          std::vector<std::string>{"5:15: warning: base_url of provider 'sonar' uses ${SONAR_INSTANCE}, which is not "
                                   "set; links that use it are left out"});
    // The default token page is built from base_url, which cannot be expanded: no link rather than a wrong one.
    CHECK(outcome.report->providers.at(0).token_page.empty());
  }

  TEST_CASE("--granted-file: one scope a line, # comments, blank lines") {
    Harness h(kTwo);
    h.files.files["granted.txt"] = "# the CI key\ndocuments:signed:read  # read only\n\nread_api\n";
    h.offline_all(OfflineSource::Kind::kGrantedFile, "granted.txt");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->providers.at(0).granted == std::vector<std::string>{"documents:signed:read", "read_api"});
    CHECK(outcome.report->exit_code == 0);
  }

  TEST_CASE("--response-file is read by the provider's own parser") {
    Harness h(kTwo);
    h.files.files["sonar.json"] = R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})";
    h.files.files["gitlab.json"] =
        R"({"name": "ci", "revoked": false, "active": true, "scopes": ["api"], "expires_at": "2027-01-31"})";
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kResponseFile, "sonar.json"};
    h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kResponseFile, "gitlab.json"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    const auto& sonar = outcome.report->providers.at(0);
    CHECK(sonar.key_name == std::optional<std::string>("CI key"));
    CHECK(sonar.key_prefix == std::optional<std::string>("sk_live"));
    CHECK(sonar.source == "--response-file sonar.json");
    const auto& gitlab = outcome.report->providers.at(1);
    CHECK(gitlab.granted == std::vector<std::string>{"api"});
    REQUIRE(gitlab.expires_at);
    CHECK(outcome.report->exit_code == 0);  // api covers read_api
  }

  TEST_CASE("a saved answer that says the token is revoked: exit 3") {
    Harness h(kTwo);
    h.files.files["gitlab.json"] = R"({"name": "ci", "revoked": true, "active": false, "scopes": ["api"]})";
    h.request.offline.by_provider["sonar"] = {OfflineSource::Kind::kGranted, "documents:signed:read"};
    h.request.offline.by_provider["gl"] = {OfflineSource::Kind::kResponseFile, "gitlab.json"};
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 3);
  }

  TEST_CASE("a missing offline file is a usage error") {
    Harness h(kTwo);
    h.offline_all(OfflineSource::Kind::kResponseFile, "nope.json");
    CHECK(contains(h.run().problems.errors, "cannot read nope.json (--response-file nope.json)"));
  }

  TEST_CASE("jwt: the token's own claims, without a request") {
    Harness h(R"(version: 1
providers:
  api: {preset: jwt, token_env: API_TOKEN}
features:
  read: {requires: [orders.read]}
  write: {requires: [orders.write]}
)");
    // {"alg":"none"} . {"scope":"orders.read profile","exp":1900000000} . sig
    h.environment.set("API_TOKEN", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9yZGVycy5yZWFkIHByb2ZpbGUiLCJleHAiOjE5MDAwMDAwMDB9.c2ln");
    const auto outcome = h.run();
    REQUIRE(outcome.report);
    CHECK(outcome.report->exit_code == 1);
    CHECK(outcome.report->providers.at(0).source == "token claims");
    CHECK(outcome.report->providers.at(0).excess == std::vector<std::string>{"profile"});
  }

  TEST_CASE("token_file: read, trimmed, registered, missing or empty is a usage error") {
    Harness h(R"(version: 1
providers:
  gl: {preset: gitlab, token_file: /run/secrets/gitlab}
features:
  api: {requires: [read_api]}
)");
    SUBCASE("missing") {
      CHECK(contains(h.run().problems.errors, "cannot read the token file /run/secrets/gitlab of provider 'gl'"));
    }
    SUBCASE("empty") {
      h.files.files["/run/secrets/gitlab"] = "\n";
      CHECK(contains(h.run().problems.errors, "the token file /run/secrets/gitlab of provider 'gl' is empty"));
    }
    SUBCASE("present") {
      h.files.files["/run/secrets/gitlab"] = std::string(testing::kFakeToken) + "\n";
      h.run();
      CHECK(h.redactor.redact(testing::kFakeToken) == "[REDACTED]");
    }
  }

  TEST_CASE("oauth2 needs its client credentials from the environment") {
    Harness h(R"(version: 1
providers:
  idp:
    preset: oauth2
    introspection_url: https://auth.example.com/introspect
    client_id_env: CLIENT_ID
    client_secret_env: CLIENT_SECRET
    token_env: ACCESS_TOKEN
features:
  read: {requires: [read]}
)");
    h.environment.set("ACCESS_TOKEN", testing::kFakeToken);
    const auto outcome = h.run();
    CHECK(contains(outcome.problems.errors, "environment variable CLIENT_ID is not set"));
    CHECK(contains(outcome.problems.errors, "environment variable CLIENT_SECRET is not set"));
  }
}

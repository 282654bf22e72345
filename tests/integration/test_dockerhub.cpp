// The real binary against a mock Docker Hub over HTTPS whose login answers as
// more-providers.md says: POST /v2/users/login with the user name and the
// token in a JSON body, a JWT back. Every fault ends with the contract's exit
// code, and neither the token nor the JWT appears in any output.
#include <doctest/doctest.h>

#include <atomic>
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "support/dates.h"
#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
const std::string kHubToken = "dckr_pat_FAKEFAKEFAKEFAKEFAKEFAKEFAKE01";

// An unsigned JWT with the claims `extra` adds to a username and an expiry a day ahead.
std::string hub_jwt(const std::string& scope_json) {
  return unsigned_jwt(R"({"username":"acme-ci","exp":)" + std::to_string(unix_seconds(days_from_now(1))) +
                      (scope_json.empty() ? "" : R"(,"scope":)" + scope_json) + "}");
}

// A Docker Hub that knows one user and token, and answers the login with `body` (or a fault).
struct FakeHub {
  std::string body;
  std::optional<MockResponse> refusal;  // none: log in when the credentials match
  std::atomic<int> busy{0};  // answer 429 to this many logins first

  MockResponse answer(const MockRequest& r) {
    if (r.method != "POST" || r.target != "/v2/users/login") return MockResponse::json(404, "{}");
    if (busy > 0) {
      --busy;
      MockResponse limited = MockResponse::json(429, R"({"detail": "too many requests"})");
      limited.headers.emplace_back("Retry-After", "1");
      return limited;
    }
    if (refusal) return *refusal;
    const boost::json::value sent = boost::json::parse(r.body);
    if (sent.at("username") != boost::json::value("acme-ci") || sent.at("password") != boost::json::value(kHubToken))
      return MockResponse::json(401, R"({"detail": "Incorrect authentication credentials"})");
    return MockResponse::json(200, body);
  }
};

const std::string kManifestFeatures =
    "features:\n  pull: {requires: [repo:read]}\n  push: {requires: [repo:write]}\n";

std::string hub_manifest(const std::string& url) {
  return "version: 1\nproviders:\n  hub: {preset: dockerhub, base_url: \"" + url + "\"}\n" + kManifestFeatures;
}

void hold(World& world) {
  world.env.erase("SONAR_API_KEY");
  world.env["DOCKERHUB_TOKEN"] = kHubToken;
  world.env["DOCKERHUB_USERNAME"] = "acme-ci";
}

MockResponse with_fault(MockResponse::Fault fault, std::string body = R"({"token": "x"})") {
  MockResponse response = MockResponse::json(200, std::move(body));
  response.fault = fault;
  return response;
}
}  // namespace

TEST_SUITE("integration.dockerhub") {
  TEST_CASE("the login's JWT: pull ok, push missing with the access to ask for, and the JWT in no output of any format") {
    World world;
    hold(world);
    FakeHub hub;
    const std::string jwt = hub_jwt(R"("repo:read")");
    hub.body = R"({"token": ")" + jwt + R"("})";
    MockServer server([&](const MockRequest& r) { return hub.answer(r); }, world.https());
    const std::string manifest = world.manifest(hub_manifest(server.url()));
    const auto result = world.run({"check", "-m", manifest, "--ca-file", world.ca_file, "--verbose"});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  ok          pull"));
    CHECK(has(result.out, "  MISSING     push"));
    CHECK(has(result.out, "create a personal access token with the access permissions \"Read & Write\" at "
                          "https://app.docker.com/settings/personal-access-tokens"));
    CHECK_FALSE(has(result.all(), jwt));
    for (const std::string format : {"json", "github", "junit", "markdown", "sarif"}) {
      CAPTURE(format);
      const std::string name = "report." + format, file = world.dir.file(name);
      const auto formatted = world.run({"check", "-m", manifest, "--ca-file", world.ca_file, "--format", format, "-o", file});
      CHECK(formatted.exit_code == 1);
      CHECK_FALSE(has(formatted.all(), jwt));
      CHECK_FALSE(has(world.dir.read(name), jwt));
      CHECK_FALSE(has(world.dir.read(name), kHubToken));
    }
    for (const MockRequest& request : server.requests()) {
      CHECK(request.header("Authorization").empty());
      CHECK_FALSE(has(request.target, kHubToken));
    }
  }

  TEST_CASE("429 twice then the JWT: the transport's retries, then ok") {
    World world;
    hold(world);
    FakeHub hub;
    hub.body = R"({"token": ")" + hub_jwt(R"(["repo:admin"])") + R"("})";
    hub.busy = 2;
    MockServer server([&](const MockRequest& r) { return hub.answer(r); }, world.https());
    const auto result = world.check(hub_manifest(server.url()));
    CHECK(result.exit_code == 0);
    CHECK(server.requests().size() == 3);
  }

  TEST_CASE("a wrong token is exit 3, and a refusal or a failure of Docker Hub is exit 4, saying why") {
    struct Case {
      const char* name;
      MockResponse refusal;
      int exit_code;
      const char* message;
    };
    const Case cases[] = {
        {"401", MockResponse::json(401, R"({"detail": "Incorrect authentication credentials"})"), 3,
         "Docker Hub refused the user name and token (HTTP 401: Incorrect authentication credentials)"},
        {"403", MockResponse::json(403, R"({"detail": "account locked"})"), 4,
         "Docker Hub's login answered HTTP 403: account locked"},
        {"500", MockResponse::json(500, R"({"detail": "boom"})"), 4, "Docker Hub's login answered HTTP 500: boom"},
        {"reset", with_fault(MockResponse::Fault::kResetMidHeaders), 4, "POST /v2/users/login failed"},
        {"truncated", with_fault(MockResponse::Fault::kTruncateBody, std::string(200, ' ') + "{}"), 4,
         "POST /v2/users/login failed"},
        {"no token", MockResponse::json(200, R"({"detail": "ok"})"), 4, "Docker Hub's login answer has no token"},
        {"not a JWT", MockResponse::json(200, R"({"token": "opaque-session-value-0123456789"})"), 4,
         "the token in Docker Hub's login answer is not a JWT"},
        {"scope of the wrong type", MockResponse::json(200, R"({"token": ")" + hub_jwt("42") + R"("})"), 4,
         "the claim 'scope' is a number"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.name);
      World world;
      hold(world);
      FakeHub hub;
      hub.refusal = c.refusal;
      MockServer server([&](const MockRequest& r) { return hub.answer(r); }, world.https());
      const auto result = world.check(hub_manifest(server.url()));
      CHECK(result.exit_code == c.exit_code);
      CHECK(has(result.all(), c.message));
      CHECK_FALSE(has(result.all(), "opaque-session-value-0123456789"));  // an answer's token is a secret, JWT or not
    }
  }

  TEST_CASE("no user name: exit 2 naming the variable, nothing sent, and username_env names another") {
    World world;
    hold(world);
    world.env.erase("DOCKERHUB_USERNAME");
    FakeHub hub;
    hub.body = R"({"token": ")" + hub_jwt(R"("repo:write")") + R"("})";
    MockServer server([&](const MockRequest& r) { return hub.answer(r); }, world.https());
    const auto unset = world.check(hub_manifest(server.url()));
    CHECK(unset.exit_code == 2);
    CHECK(has(unset.err, "DOCKERHUB_USERNAME is not set"));
    CHECK(server.requests().empty());

    world.env["HUB_LOGIN"] = "acme-ci";
    const auto named = world.check("version: 1\nproviders:\n  hub: {preset: dockerhub, base_url: \"" + server.url() +
                                   "\", username_env: HUB_LOGIN}\n" + kManifestFeatures);
    CHECK(named.exit_code == 0);
  }
}

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "scope/matcher.h"
#include "support/check_harness.h"
#include "support/dates.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::days_from_now;
using testing::header_of;
using testing::unix_seconds;

// providers/dockerhub.cpp: the login that trades the token for a JWT, and its claims.
namespace {
constexpr const char* kHub = "https://hub.docker.com";
constexpr const char* kLogin = "POST https://hub.docker.com/v2/users/login";

std::string hub_jwt(const std::string& scope_json, util::TimePoint expires = days_from_now(1)) {
  return make_jwt(R"({"username":"acme-ci","scope":)" + scope_json + R"(,"exp":)" +
                  std::to_string(unix_seconds(expires)) + "}");
}

std::string login_answer(const std::string& jwt) { return R"({"token":")" + jwt + R"("})"; }

void hub_rig(Rig& rig, int status, std::string body) {
  rig.environment.set("DOCKERHUB_USERNAME", "acme-ci");
  rig.transport.answer(kLogin, status, std::move(body));
}

bool covers(const std::vector<std::string>& granted, const std::string& required) {
  const providers::PresetInfo* preset = providers::find_preset("dockerhub");
  REQUIRE(preset != nullptr);
  const manifest::ProviderSpec spec;
  const scope::Vocabulary vocabulary = providers::build_vocabulary(*preset, spec);
  return scope::GrantIndex(vocabulary, granted).covers(required);
}

std::string fix_for(std::vector<std::vector<std::string>> scopes) {
  manifest::ProviderSpec spec;
  spec.name = "hub";
  const std::vector<std::string> required;
  const TokenFacts facts;
  const providers::FixRequest request{scopes, required, spec, kHub, "https://tokens.example/pat", facts};
  return providers::find_preset("dockerhub")->fix_writer(request);
}
}  // namespace

TEST_SUITE("providers.dockerhub") {
  TEST_CASE("the login: user name and token in a JSON body, no Authorization header, no redirect followed") {
    Rig rig("dockerhub", kHub);
    const auto expires = days_from_now(1);
    hub_rig(rig, 200, login_answer(hub_jwt(R"("repo:read repo:write")", expires)));
    const auto facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo:read", "repo:write"});
    // The JWT's exp ends the login session, not the token: the token's expiry stays unknown.
    CHECK_FALSE(facts.expires_at);
    CHECK_FALSE(facts.expiry_known);
    CHECK(facts.expiry_problem == "Docker Hub's login answer says when its session ends, not when the token expires");
    CHECK(facts.account == std::optional<std::string>("acme-ci"));
    const net::HttpRequest& login = rig.request(0);
    CHECK(rig.transport.requests.size() == 1);
    CHECK_FALSE(header_of(login, "Authorization").has_value());
    CHECK(header_of(login, "Content-Type") == std::optional<std::string>("application/json"));
    CHECK(boost::json::parse(login.body) == boost::json::parse(std::string(R"({"username":"acme-ci","password":")") +
                                                                kFakeToken + "\"}"));
    CHECK_FALSE(login.follow_redirects);
    CHECK(login.retry);  // 429, 5xx and resets follow the transport's retries
  }

  TEST_CASE("the JWT is registered with the redactor before the answer is read, in its echoed forms too") {
    Rig rig("dockerhub", kHub);
    const std::string jwt = hub_jwt("7");  // a scope of the wrong shape: the answer fails, the JWT is still a secret
    hub_rig(rig, 200, login_answer(jwt) + " ");
    CHECK(rig.ask().outcome == Outcome::kError);
    CHECK(rig.redactor.redact("echo " + jwt + " end") == "echo [REDACTED] end");
    CHECK(rig.redactor.redact(util::percent_encode(jwt)) == "[REDACTED]");
  }

  TEST_CASE("a scope array reads like a string, and the access levels imply each other") {
    const auto facts = interpret("dockerhub", 200, login_answer(hub_jwt(R"(["repo:admin"])")));
    CHECK_STRINGS(facts.granted, {"repo:admin"});
    CHECK(covers(facts.granted, "repo:write"));
    CHECK(covers(facts.granted, "repo:public_read"));
    CHECK(covers({"repo:write"}, "repo:read"));
    CHECK_FALSE(covers({"repo:read"}, "repo:write"));
    CHECK_FALSE(covers({"repo:public_read"}, "repo:read"));
  }

  TEST_CASE("a JWT with no scope claim leaves the scopes unverifiable") {
    const auto facts = interpret("dockerhub", 200, login_answer(make_jwt(R"({"sub":"u-1"})")));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.unverifiable_reason == "the JWT of Docker Hub's login answer carries no scope claim");
    CHECK(facts.account == std::optional<std::string>("u-1"));
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("401 rejects the token (exit 3), and other failures are the provider's (exit 4)") {
    const auto refused = interpret("dockerhub", 401, R"({"detail": "Incorrect authentication credentials"})");
    CHECK(refused.outcome == Outcome::kRejected);
    CHECK(refused.error == "Docker Hub refused the user name and token (HTTP 401: Incorrect authentication credentials)");
    for (const int status : {403, 429, 500, 302}) {
      CAPTURE(status);
      const auto failed = interpret("dockerhub", status, R"({"detail": "nope"})");
      CHECK(failed.outcome == Outcome::kError);
      CHECK(failed.error == "Docker Hub's login answered HTTP " + std::to_string(status) + ": nope");
    }
  }

  TEST_CASE("odd shapes of a 200: no token, a token that is not a JWT, a scope of the wrong type, not JSON") {
    const auto no_token = interpret("dockerhub", 200, R"({"detail": "ok"})");
    CHECK(no_token.outcome == Outcome::kError);
    CHECK(no_token.error == "Docker Hub's login answer has no token (a string at \"token\")");
    for (const std::string& token : {std::string("opaque-session-value"), std::string("a.b.c"), std::string(R"({\"scope\":\"x\"})")}) {
      CAPTURE(token);
      const auto not_jwt = interpret("dockerhub", 200, login_answer(token));
      CHECK(not_jwt.outcome == Outcome::kError);
      CHECK(not_jwt.error == "the token in Docker Hub's login answer is not a JWT with a JSON object of claims");
    }
    const auto wrong_type = interpret("dockerhub", 200, login_answer(hub_jwt("{\"repo\":1}")));
    CHECK(wrong_type.outcome == Outcome::kError);
    CHECK(contains(wrong_type.error, "cannot read the JWT of Docker Hub's login answer: the claim 'scope' is an object"));
    const auto truncated = interpret("dockerhub", 200, R"({"token": "eyJ)");
    CHECK(truncated.outcome == Outcome::kError);
    CHECK(contains(truncated.error, "Docker Hub's login answer cannot be read: "));
  }

  TEST_CASE("the network failing, the retries spent: exit 4 saying what was asked") {
    Rig rig("dockerhub", kHub);
    rig.environment.set("DOCKERHUB_USERNAME", "acme-ci");
    rig.transport.fail(kLogin, "connection reset by peer");
    const auto facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "POST /v2/users/login failed: connection reset by peer");
  }

  TEST_CASE("the user name: unset or not a name is configuration (exit 2), and nothing is sent") {
    SUBCASE("unset") {
      Rig rig("dockerhub", kHub);
      const auto facts = rig.ask();
      CHECK(facts.misconfigured);
      CHECK(contains(facts.error, "DOCKERHUB_USERNAME is not set"));
      CHECK(rig.transport.requests.empty());
    }
    SUBCASE("username_env names another variable") {
      Rig rig("dockerhub", kHub);
      rig.spec.username_env = text("HUB_USER");
      rig.environment.set("HUB_USER", "someone");
      rig.transport.answer(kLogin, 200, login_answer(hub_jwt(R"("repo:read")")));
      CHECK(rig.ask().outcome == Outcome::kAccepted);
      CHECK(contains(rig.request(0).body, R"("username":"someone")"));
    }
    SUBCASE("a control character") {
      Rig rig("dockerhub", kHub);
      rig.environment.set("DOCKERHUB_USERNAME", "acme\nX-Injected: 1");
      const auto facts = rig.ask();
      CHECK(facts.misconfigured);
      CHECK(facts.error == "DOCKERHUB_USERNAME has U+000A (line feed) at byte 5, so it cannot be a user name; "
                           "nothing was sent");
      CHECK(rig.transport.requests.empty());
    }
  }

  TEST_CASE("a saved login answer names its secrets, so the engine masks them offline too") {
    const manifest::ProviderSpec spec;
    const auto provider = providers::find_preset("dockerhub")->create(spec);
    const std::string jwt = hub_jwt(R"("repo:read")");
    CHECK_STRINGS(provider->answer_secrets(answer(200, R"({"token": ")" + jwt + R"(", "refresh_token": "r-123456789"})")),
                  {jwt, "r-123456789"});
    CHECK(provider->answer_secrets(answer(200, "not json")).empty());
    CHECK(provider->answer_secrets(answer(200, R"({"token": 7})")).empty());
  }

  TEST_CASE("the fix: the strongest access permission the missing scopes need") {
    CHECK(fix_for({{"repo:read"}}) == "create a personal access token with the access permissions \"Read-only\" at "
                                      "https://tokens.example/pat (Docker Hub cannot change an existing token's access)");
    CHECK(contains(fix_for({{"repo:read"}, {"repo:admin"}, {"repo:write"}}), "\"Read, Write, Delete\""));
    CHECK(contains(fix_for({{"repo:public_read", "repo:read"}}), "\"Public Repo Read-only\""));
    CHECK(fix_for({{"pull:everything"}}).empty());  // no known access: the row's template says it
  }
}

TEST_SUITE("providers.dockerhub.engine") {
  TEST_CASE("live: the engine hands the run's redactor to the provider, which masks the JWT it is given") {
    testing::CheckHarness<true> h(R"(version: 1
providers:
  hub: {preset: dockerhub}
features:
  push: {requires: [repo:write]}
)");
    h.environment.set("DOCKERHUB_TOKEN", testing::kFakeToken);
    h.environment.set("DOCKERHUB_USERNAME", "acme-ci");
    const std::string jwt = hub_jwt(R"("repo:admin")", h.clock.now() + std::chrono::hours(24));
    h.transport.answer(kLogin, 200, login_answer(jwt));
    const auto outcome = h.run();
    REQUIRE(outcome.report.has_value());
    CHECK(outcome.report->exit_code == 0);
    CHECK(h.redactor.redact("said: " + jwt) == "said: [REDACTED]");
  }

  TEST_CASE("--response-file with a saved login answer: the JWT is masked before anything prints") {
    testing::CheckHarness<false> h(R"(version: 1
providers:
  hub: {preset: dockerhub}
features:
  push: {requires: [repo:write]}
)");
    const std::string jwt = hub_jwt(R"("repo:read")", h.clock.now() + std::chrono::hours(24));
    h.files.files["login.json"] = login_answer(jwt);
    h.offline_all(engine::OfflineSource::Kind::kResponseFile, "login.json");
    const auto outcome = h.run();
    REQUIRE(outcome.report.has_value());
    CHECK(outcome.report->exit_code == 1);
    CHECK(h.redactor.redact(jwt) == "[REDACTED]");
  }
}

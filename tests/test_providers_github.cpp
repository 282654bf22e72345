#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/github.cpp: the github preset, its answers read and asked live.
TEST_SUITE("providers.github") {
  TEST_CASE("a classic token lists its scopes in X-OAuth-Scopes") {
    const auto facts = interpret("github", 200, R"({"login": "octocat", "id": 1})",
                                 {{"X-OAuth-Scopes", "repo, read:org, gist"},
                                  {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org", "gist"});
    CHECK(facts.expiry_known);
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at == at("2026-12-01T12:00:00Z"));
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.unverifiable_reason.empty());
    CHECK(facts.notes.empty());
  }

  TEST_CASE("header names are case-insensitive (HTTP/2 sends them in lower case)") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"x-oauth-scopes", "repo"},
                                  {"github-authentication-token-expiration", "2027-01-02 03:04:05 UTC"}});
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK(expiry(facts) == "2027-01-02T03:04:05Z");
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("a classic token without an expiry header never expires") {
    const auto facts = interpret("github", 200, R"({"login": "octocat"})", {{"X-OAuth-Scopes", "repo, workflow"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.granted, {"repo", "workflow"});
  }

  TEST_CASE("an empty X-OAuth-Scopes header is a token with no scopes") {
    const auto facts = interpret("github", 200, "{}", {{"X-OAuth-Scopes", ""}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("without X-OAuth-Scopes the scopes cannot be listed") {
    SUBCASE("no expiry either") {
      const auto facts = interpret("github", 200, R"({"login": "octocat"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(contains(facts.unverifiable_reason, "fine-grained"));
      CHECK(contains(facts.unverifiable_reason, "X-OAuth-Scopes"));
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
      CHECK(facts.account == std::optional<std::string>("octocat"));
    }
    SUBCASE("a fine-grained token with an expiry") {
      const auto facts = interpret("github", 200, "{}",
                                   {{"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
    }
  }

  TEST_CASE("an unreadable expiry header is a note") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"X-OAuth-Scopes", "repo"}, {"GitHub-Authentication-Token-Expiration", "someday"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.notes, {"cannot read the token expiry \"someday\""});
  }

  TEST_CASE("a body that is not JSON does not matter") {
    const auto facts = interpret("github", 200, "<html>", {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("401 Bad credentials rejects the token") {
    const auto facts = interpret(
        "github", 401,
        R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }

  TEST_CASE("403 rate limiting is an error") {
    const auto facts = interpret("github", 403, R"({"message": "API rate limit exceeded for user ID 1."})",
                                 {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error ==
          "GitHub is limiting requests (HTTP 403: API rate limit exceeded for user ID 1.); try again after the limit "
          "resets");
    CHECK(facts.granted.empty());
  }

  TEST_CASE("github asks GET /user with a Bearer token and reads X-OAuth-Scopes") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "octocat", "id": 1})",
                         {{"X-OAuth-Scopes", "repo, read:org"},
                          {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_of(request, "X-GitHub-Api-Version") == std::optional<std::string>("2022-11-28"));
    CHECK(request.body.empty());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org"});
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
  }

  TEST_CASE("github Enterprise Server: GET {base}/user under /api/v3") {
    Rig rig("github", "https://ghe.example.com/api/v3");
    rig.transport.answer("GET https://ghe.example.com/api/v3/user", 200, R"({"login": "ci"})", {{"X-OAuth-Scopes", ""}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://ghe.example.com/api/v3/user"});
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
  }

  TEST_CASE("github: a token without X-OAuth-Scopes and no repository to probe is unverifiable, nothing more is sent") {
    Rig rig("github", "https://api.github.com");
    rig.context.wanted = {"repo"};
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "github-actions[bot]"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason ==
          "a token that lists no scopes (fine-grained, GitHub App or GITHUB_TOKEN) does not list its permissions; no "
          "repository is named (repository: owner/name, or $GITHUB_REPOSITORY in Actions), so no repository "
          "permission can be probed");
    CHECK_FALSE(facts.expiry_known);
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
  }

  TEST_CASE("github: 401 Bad credentials rejects the token") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 401,
                         R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }
}

#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/slack.cpp: the slack preset, its answers read and asked live.
TEST_SUITE("providers.slack") {
  TEST_CASE("ok: true with x-oauth-scopes lists the scopes") {
    const auto facts = interpret("slack", 200,
                                 R"({"ok": true, "url": "https://acme.slack.com/", "team": "Acme", "user": "ci-bot",
                                     "team_id": "T1", "user_id": "U1"})",
                                 {{"x-oauth-scopes", "chat:write,channels:read"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"chat:write", "channels:read"});
    CHECK(facts.account == std::optional<std::string>("ci-bot on Acme"));
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("ok: true without the header cannot list scopes") {
    const auto facts = interpret("slack", 200, R"({"ok": true, "user": "ci-bot"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "Slack sent no x-oauth-scopes header with this answer");
    CHECK(facts.account == std::optional<std::string>("ci-bot"));
  }

  TEST_CASE("ok: false with an auth error rejects the token at HTTP 200") {
    for (const char* code : {"invalid_auth", "token_revoked", "token_expired", "account_inactive", "not_authed"}) {
      CAPTURE(std::string(code));
      const auto facts = interpret("slack", 200, std::string(R"({"ok": false, "error": ")") + code + R"("})",
                                   {{"x-oauth-scopes", "chat:write"}});
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == std::string("Slack rejected the token: ") + code);
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("ok: false with any other error is an error") {
    SUBCASE("ratelimited") {
      const auto facts = interpret("slack", 200, R"({"ok": false, "error": "ratelimited"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack answered ok: false (ratelimited)");
    }
    SUBCASE("no error code") {
      const auto facts = interpret("slack", 200, R"({"ok": false})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack answered ok: false (unknown_error)");
    }
  }

  TEST_CASE("answers without a boolean ok are errors") {
    for (const char* body : {R"({})", R"({"ok": "true"})", R"({"ok": 1})", R"([true])", R"("ok")"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("slack", 200, body, {{"x-oauth-scopes", "chat:write"}});
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack's answer has no \"ok\" field");
    }
    const auto invalid = interpret("slack", 200, "ok");
    CHECK(invalid.outcome == Outcome::kError);
    CHECK(invalid.error.starts_with("the answer is not valid JSON ("));
  }

  TEST_CASE("HTTP failures follow the status") {
    const auto limited = interpret("slack", 429, "", {{"Retry-After", "1"}});
    CHECK(limited.outcome == Outcome::kError);
    CHECK(limited.error == "the provider answered HTTP 429");
    const auto unauthorized = interpret("slack", 401, "");
    CHECK(unauthorized.outcome == Outcome::kRejected);
  }

  TEST_CASE("slack POSTs /api/auth.test with a Bearer token and reads x-oauth-scopes") {
    Rig rig("slack", "https://slack.com");
    rig.transport.answer("POST https://slack.com/api/auth.test", 200,
                         R"({"ok": true, "url": "https://acme.slack.com/", "team": "Acme", "user": "ci-bot"})",
                         {{"x-oauth-scopes", "chat:write,channels:read"}});
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://slack.com/api/auth.test"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_of(request, "Content-Type") == std::optional<std::string>("application/x-www-form-urlencoded"));
    CHECK(request.body.empty());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"chat:write", "channels:read"});
    CHECK(facts.account == std::optional<std::string>("ci-bot on Acme"));
  }

  TEST_CASE("slack: ok false with invalid_auth, at HTTP 200, rejects the token") {
    Rig rig("slack", "https://slack.com");
    rig.transport.answer("POST https://slack.com/api/auth.test", 200, R"({"ok": false, "error": "invalid_auth"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Slack rejected the token: invalid_auth");
  }
}

#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/sendgrid.cpp: the sendgrid preset, its answers read and asked live.
TEST_SUITE("providers.sendgrid") {
  TEST_CASE("scopes are listed, and a SendGrid key never expires") {
    const auto facts = interpret("sendgrid", 200, R"({"scopes": ["mail.send", "templates.read"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"mail.send", "templates.read"});
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("401 and 403 reject the key, with SendGrid's own words") {
    const std::string body = R"({"errors": [{"field": null, "message": "authorization required"}]})";
    for (const int status : {401, 403}) {
      CAPTURE(status);
      const auto facts = interpret("sendgrid", status, body);
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(contains(facts.error, "authorization required"));
    }
  }

  TEST_CASE("a 500, or scopes that are not a list of strings, are errors") {
    CHECK(interpret("sendgrid", 500, "{}").outcome == Outcome::kError);
    for (const char* body : {R"({})", R"({"scopes": "mail.send"})", R"({"scopes": [1]})", R"([])"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("sendgrid", 200, body);
      CHECK(facts.outcome == Outcome::kError);
    }
  }

  TEST_CASE("live: GET /v3/scopes with the key as a bearer") {
    Rig rig("sendgrid", "https://api.sendgrid.com");
    rig.transport.answer("GET https://api.sendgrid.com/v3/scopes", 200, R"({"scopes": ["mail.send"]})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.sendgrid.com/v3/scopes"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>(bearer()));
    CHECK_STRINGS(facts.granted, {"mail.send"});
  }
}

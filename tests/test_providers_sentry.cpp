#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/sentry.cpp: the sentry preset, its answers read and asked live.
TEST_SUITE("providers.sentry") {
  TEST_CASE("auth.scopes are the token's scopes, the user's email its account") {
    const auto facts = interpret("sentry", 200,
                                 R"({"version": "0", "auth": {"scopes": ["project:releases", "org:read"]},
                                     "user": {"email": "ci@acme.dev", "username": "ci"}})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"project:releases", "org:read"});
    CHECK(facts.account == std::optional<std::string>("ci@acme.dev"));
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("an organization token has no user: the username is not required") {
    const auto facts = interpret("sentry", 200, R"({"auth": {"scopes": ["org:ci"]}, "user": null})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"org:ci"});
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("auth null means Sentry does not know the token, 401 rejects it") {
    CHECK(interpret("sentry", 200, R"({"version": "0", "auth": null, "user": null})").outcome == Outcome::kRejected);
    const auto facts = interpret("sentry", 401, R"({"detail": "Invalid token"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(contains(facts.error, "Invalid token"));
  }

  TEST_CASE("odd shapes are errors that say what is wrong") {
    CHECK(interpret("sentry", 200, R"({"version": "0"})").error ==
          "Sentry's answer has no \"auth\" member: is base_url a Sentry server?");
    const auto facts = interpret("sentry", 200, R"({"auth": {"scopes": "project:read"}})");
    CHECK(facts.outcome == Outcome::kError);
    CHECK(contains(facts.error, "cannot read Sentry's answer"));
    CHECK(interpret("sentry", 200, "[1, 2").outcome == Outcome::kError);
  }

  TEST_CASE("admin includes write includes read, per resource, and org:ci includes project:releases") {
    const scope::Vocabulary vocabulary(providers::find_preset("sentry")->vocabulary());
    const scope::GrantIndex index(vocabulary, {"project:admin", "event:write"});
    CHECK(index.covers("project:read"));
    CHECK(index.covers("event:read"));
    CHECK_FALSE(index.covers("project:releases"));
    CHECK_FALSE(index.covers("event:admin"));
    CHECK(scope::GrantIndex(vocabulary, {"org:ci"}).covers("project:releases"));  // an organization token
    CHECK_FALSE(scope::GrantIndex(vocabulary, {"org:ci"}).covers("project:write"));
  }

  TEST_CASE("live: GET /api/0/ with the token as a bearer, on a self-hosted base_url") {
    Rig rig("sentry", "https://sentry.acme.dev");
    rig.transport.answer("GET https://sentry.acme.dev/api/0/", 200, R"({"auth": {"scopes": ["project:releases"]}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://sentry.acme.dev/api/0/"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>(bearer()));
    CHECK_STRINGS(facts.granted, {"project:releases"});
  }
}

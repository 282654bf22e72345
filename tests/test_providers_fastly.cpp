#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

namespace {
manifest::ProviderSpec fastly_on(std::string resource) {
  manifest::ProviderSpec spec;
  spec.name = "fastly";
  spec.preset = text("fastly");
  spec.resource = text(std::move(resource));
  return spec;
}

std::string fix_for(const TokenFacts& facts, const std::vector<std::vector<std::string>>& scopes) {
  const manifest::ProviderSpec spec = fastly_on("svc1");
  const std::vector<std::string> required;
  return providers::find_preset("fastly")->fix_writer(
      {scopes, required, spec, "https://api.fastly.com", "https://manage.fastly.com/account/personal/tokens", facts});
}
}  // namespace

// providers/fastly.cpp: the fastly preset, its answers read and asked live.
TEST_SUITE("providers.fastly") {
  TEST_CASE("scope as a space-separated string or scopes as an array, name and expiry") {
    const auto spaced = interpret("fastly", 200, R"({"name": "deploy", "scope": "global purge_all",
                                                     "expires_at": "2030-01-01T00:00:00Z", "services": []})");
    CHECK(spaced.outcome == Outcome::kAccepted);
    CHECK_STRINGS(spaced.granted, {"global", "purge_all"});
    CHECK(spaced.key_name == std::optional<std::string>("deploy"));
    CHECK(expiry(spaced) == "2030-01-01T00:00:00Z");
    const auto listed = interpret("fastly", 200, R"({"scopes": ["purge_select"], "expires_at": ""})");
    CHECK_STRINGS(listed.granted, {"purge_select"});
    CHECK(listed.expiry_known);
    CHECK_FALSE(listed.expires_at);
  }

  TEST_CASE("global includes global:read and both purges") {
    const scope::Vocabulary vocabulary(providers::find_preset("fastly")->vocabulary());
    const scope::GrantIndex index(vocabulary, {"global"});
    for (const char* scope : {"global:read", "purge_select", "purge_all"}) CHECK(index.covers(scope));
    CHECK_FALSE(scope::GrantIndex(vocabulary, {"purge_all"}).covers("global"));
  }

  TEST_CASE("a token limited to services: unverifiable without resource, missing on another service") {
    const std::string body = R"({"scope": "purge_all", "services": ["svc1", "svc2"]})";
    SUBCASE("no resource named") {
      const auto facts = interpret("fastly", 200, body);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(facts.unverifiable_reason ==
            "the token is limited to services svc1, svc2; name the service the pipeline uses as resource: to check it");
      CHECK(has_note(facts, "the token holds purge_all, on services svc1, svc2 only"));
    }
    SUBCASE("one of its services") {
      const auto facts = interpret("fastly", answer(200, body), fastly_on("svc2"));
      CHECK(facts.scopes_listed);
      CHECK_STRINGS(facts.granted, {"purge_all"});
      CHECK_FALSE(facts.resource_unreachable);
    }
    SUBCASE("another service: nothing it holds reaches it, and the fix says which service") {
      const auto facts = interpret("fastly", answer(200, body), fastly_on("svc9"));
      CHECK(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(facts.resource_unreachable);
      CHECK(fix_for(facts, {{"purge_all"}}) ==
            "create a token with purge_all for service svc9 (or all services) at "
            "https://manage.fastly.com/account/personal/tokens (Fastly cannot change an existing token)");
    }
    SUBCASE("a ${VAR} resource is known only live: a saved answer stays unverifiable") {
      const auto facts = interpret("fastly", answer(200, body), fastly_on("${FASTLY_SERVICE_ID}"));
      CHECK_FALSE(facts.scopes_listed);
    }
  }

  TEST_CASE("401 rejects, odd shapes are errors") {
    CHECK(interpret("fastly", 401, R"({"msg": "Provided credentials are missing or invalid"})").outcome ==
          Outcome::kRejected);
    for (const char* body : {R"({})", R"({"scope": 5})", R"({"scope": "global", "services": "svc1"})"}) {
      CAPTURE(std::string(body));
      CHECK(interpret("fastly", 200, body).outcome == Outcome::kError);
    }
  }

  TEST_CASE("live: Fastly-Key, no Authorization, and the expanded resource") {
    Rig rig("fastly", "https://api.fastly.com");
    rig.context.resource = "svc1";
    rig.transport.answer("GET https://api.fastly.com/tokens/self", 200, R"({"scope": "global", "services": ["svc1"]})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.fastly.com/tokens/self"});
    CHECK(header_of(rig.request(0), "Fastly-Key") == std::optional<std::string>(kFakeToken));
    CHECK_FALSE(header_of(rig.request(0), "Authorization"));
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"global"});
    CHECK(facts.resource == "svc1");
  }

  TEST_CASE("live: a network failure is an error naming it") {
    Rig rig("fastly", "https://api.fastly.com");
    rig.transport.fail("GET https://api.fastly.com/tokens/self", "connect to api.fastly.com:443: refused");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "connect to api.fastly.com:443: refused");
  }
}

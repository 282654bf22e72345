#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/shopify.cpp: the shopify preset, its answers read and asked live.
TEST_SUITE("providers.shopify") {
  TEST_CASE("access_scopes handles are the token's scopes") {
    const auto facts =
        interpret("shopify", 200, R"({"access_scopes": [{"handle": "write_products"}, {"handle": "read_orders"}]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"write_products", "read_orders"});
  }

  TEST_CASE("write_X includes read_X for any X, and nothing else") {
    const providers::PresetInfo& shopify = *providers::find_preset("shopify");
    const scope::Vocabulary vocabulary = providers::build_vocabulary(shopify, manifest::ProviderSpec{});
    const scope::GrantIndex index(vocabulary, {"write_products", "write_new_thing"});
    CHECK(index.covers("read_products"));
    CHECK(index.covers("read_new_thing"));
    CHECK_FALSE(index.covers("read_orders"));
    CHECK_FALSE(index.covers("write_orders"));
    CHECK_FALSE(scope::GrantIndex(vocabulary, {"read_products"}).covers("write_products"));
    CHECK_FALSE(scope::GrantIndex(vocabulary, {"write_"}).covers("read_"));
  }

  TEST_CASE("401 rejects, odd shapes are errors") {
    const auto rejected = interpret(
        "shopify", 401, R"json({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})json");
    CHECK(rejected.outcome == Outcome::kRejected);
    CHECK(contains(rejected.error, "Invalid API key or access token"));
    for (const char* body : {R"({})", R"({"access_scopes": {}})", R"({"access_scopes": [{"name": "x"}]})",
                             R"({"access_scopes": [{"handle": 1}]})"}) {
      CAPTURE(std::string(body));
      CHECK(interpret("shopify", 200, body).outcome == Outcome::kError);
    }
  }

  TEST_CASE("live: X-Shopify-Access-Token on the shop's own domain, no API version in the path") {
    Rig rig("shopify", "https://acme.myshopify.com");
    rig.transport.answer("GET https://acme.myshopify.com/admin/oauth/access_scopes.json", 200,
                         R"({"access_scopes": [{"handle": "read_themes"}]})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://acme.myshopify.com/admin/oauth/access_scopes.json"});
    CHECK(header_of(rig.request(0), "X-Shopify-Access-Token") == std::optional<std::string>(kFakeToken));
    CHECK_FALSE(header_of(rig.request(0), "Authorization"));
    CHECK_STRINGS(facts.granted, {"read_themes"});
  }
}

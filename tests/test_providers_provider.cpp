#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;

// providers/provider.cpp: the flow every provider shares.
TEST_SUITE("providers.provider") {
  TEST_CASE("a URL that would carry the token is never sent") {
    SUBCASE("base_url") {
      Rig rig("sonar", std::string("https://session.sonar.de/") + kFakeToken);
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.find(kFakeToken) == std::string::npos);
      CHECK(facts.error.find("would carry the token") != std::string::npos);
    }
    SUBCASE("a probe URL") {
      Rig rig("generic", "https://api.example.com");
      rig.context.wanted = {"orders:read"};
      rig.context.manifest_probes = {
          {"orders:read", "GET", std::string("/v1/orders?api_key=") + kFakeToken, {200}, {403}, {}}};
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.granted.empty());
      REQUIRE(facts.notes.size() == 1);
      CHECK(facts.notes[0].starts_with("probe for orders:read: "));
    }
    SUBCASE("a probe URL on another origin: refused, an error, nothing sent there") {
      Rig rig("generic", "http://127.0.0.1:18463");
      rig.context.wanted = {"orders:read"};
      rig.context.manifest_probes = {{"orders:read", "GET", "http://127.0.0.1:18464/steal", {200}, {403}, {}}};
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the probe for orders:read (GET http://127.0.0.1:18464/steal) was refused: the token goes "
                           "only to its provider's origin http://127.0.0.1:18463, not to http://127.0.0.1:18464; the "
                           "request was not sent");
    }
    SUBCASE("a generic request URL on another origin than base_url") {
      Rig rig("generic", "https://api.example.com");
      manifest::RequestSpec request;
      request.url = text("https://api.example.com.evil.example/whoami");
      rig.spec.request = request;
      manifest::ScopeLocation where;
      where.json_pointer = text("/scopes");
      rig.spec.scopes = where;
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.find("the token goes only to its provider's origin https://api.example.com:443") != std::string::npos);
    }
    SUBCASE("the socket org") {
      Rig rig("socket", kSocketBase);
      socket_rig(rig, {"socket-basics:read"});
      rig.context.org = kFakeToken;
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(rig.transport.sent(), {kQuota});
      CHECK(facts.granted.empty());
      REQUIRE(facts.notes.size() == 1);
      CHECK(facts.notes[0] == "probe for socket-basics:read: the URL of this request would carry the token (check "
                              "base_url, org and the probe URLs); it was not sent");
    }
  }
}

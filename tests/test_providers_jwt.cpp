#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;

// providers/jwt.cpp: the jwt preset, its answers read and asked live.
TEST_SUITE("providers.jwt") {
  TEST_CASE("the test's base64url encoder matches known values") {
    CHECK(base64url("") == "");
    CHECK(base64url("f") == "Zg");
    CHECK(base64url("fo") == "Zm8");
    CHECK(base64url("foo") == "Zm9v");
    CHECK(base64url("\xfb\xff") == "-_8");
  }

  TEST_CASE("a compact JWT with a scope string") {
    // "~~~?" encodes with '-' and '_' in base64url, so the URL-safe alphabet is exercised.
    const std::string claims =
        R"({"sub":"svc-ci","scope":"read:org write:org","exp":1767225600,"client_id":"app-1","pad":"~~~???>>>"})";
    const std::string token = make_jwt(claims);
    REQUIRE(base64url(claims).find_first_of("-_") != std::string::npos);
    const auto facts = interpret("jwt", 200, token);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read:org", "write:org"});
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.account == std::optional<std::string>("svc-ci"));
    CHECK(facts.key_name == std::optional<std::string>("app-1"));
    CHECK_STRINGS(facts.notes, {kJwtNote});
  }

  TEST_CASE("a compact JWT with an scp array") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scp":["Files.Read","User.Read"],"azp":"client-9"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"Files.Read", "User.Read"});
    CHECK(facts.key_name == std::optional<std::string>("client-9"));
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("an scp string is space separated") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scp":"a b"})"));
    CHECK_STRINGS(facts.granted, {"a", "b"});
  }

  TEST_CASE("scope and scp together grant the union of both") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":"one","scp":["two","one"]})"));
    CHECK_STRINGS(facts.granted, {"one", "two"});
    CHECK_STRINGS(facts.scope_claims, {"scope", "scp"});
  }

  TEST_CASE("surrounding whitespace and base64 padding are tolerated") {
    const std::string claims = R"({"scope":"x"})";  // 13 bytes: padding would be "=="
    const std::string token = base64url("{}") + "." + base64url(claims) + "==" + ".sig";
    const auto facts = interpret("jwt", 200, "  " + token + "\n");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"x"});
  }

  TEST_CASE("claims given as a JSON object") {
    const auto facts =
        interpret("jwt", 200, R"(  {"scope": "read write", "exp": 1767225600, "sub": "alice"})" "\n");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.account == std::optional<std::string>("alice"));
  }

  TEST_CASE("no scope claim leaves the scopes unverifiable") {
    for (const std::string& body : {make_jwt(R"({"sub":"svc","exp":1767225600})"), std::string(R"({"sub":"svc"})")}) {
      CAPTURE(body);
      const auto facts = interpret("jwt", 200, body);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(facts.unverifiable_reason ==
            "the JWT carries none of the claims scope, scp, permissions, roles; name the claim with scope_claims:");
      CHECK_STRINGS(facts.notes, {kJwtNote});
    }
  }

  TEST_CASE("garbage is an error") {
    const std::string not_a_jwt = "the token is not a JWT (expected three base64url parts separated by dots)";
    const std::string bad_payload = "the JWT payload is not a JSON object";
    const struct {
      std::string body;
      std::string error;
    } cases[] = {
        {"not-a-jwt", not_a_jwt},
        {"", not_a_jwt},
        {"only.two", not_a_jwt},
        {"a.b!c.d", not_a_jwt},
        {"a." + base64url("not json") + ".c", bad_payload},
        {"a." + base64url("[1,2]") + ".c", bad_payload},
        {"a..c", bad_payload},
    };
    for (const auto& c : cases) {
      CAPTURE(c.body);
      const auto facts = interpret("jwt", 200, c.body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == c.error);
    }
    const auto broken_json = interpret("jwt", 200, "{\"scope\": ");
    CHECK(broken_json.outcome == Outcome::kError);
    CHECK(broken_json.error.starts_with("the answer is not valid JSON ("));
  }

  TEST_CASE("a scope claim of the wrong type is an error naming the claim") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":42})"));
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot read the JWT's scopes: the claim 'scope' is a number, not a list of scopes (an "
                         "array of strings or a space-separated string)");
    const auto roles = interpret("jwt", 200, make_jwt(R"({"scp":"a","roles":{"admin":true}})"));
    CHECK(roles.outcome == Outcome::kError);
    CHECK(contains(roles.error, "the claim 'roles' is an object"));
  }

  TEST_CASE("Auth0: API permissions in the permissions array count, and say which claim granted them") {
    const auto facts = interpret("jwt", 200,
                                 make_jwt(R"({"scope":"openid","permissions":["export:reports"],"azp":"ci-app"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"openid", "export:reports"});
    CHECK(facts.granted_by == Pairs{{"openid", "scope"}, {"export:reports", "permissions"}});
    CHECK_STRINGS(facts.scope_claims, {"scope", "permissions"});
  }

  TEST_CASE("Entra ID app-only: application permissions in roles, no scp") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"roles":["Reports.Read.All"],"appid":"a-1","oid":"o-1"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"Reports.Read.All"});
    CHECK(facts.granted_by == Pairs{{"Reports.Read.All", "roles"}});
  }

  TEST_CASE("Okta's scp array and Keycloak's scope string") {
    const auto okta = interpret("jwt", 200, make_jwt(R"({"scp":["orders.read","orders.write"],"cid":"0oa1"})"));
    CHECK_STRINGS(okta.granted, {"orders.read", "orders.write"});
    CHECK(okta.granted_by == Pairs{{"orders.read", "scp"}, {"orders.write", "scp"}});
    const auto keycloak = interpret("jwt", 200, make_jwt(R"({"scope":"profile email orders:read","azp":"ci"})"));
    CHECK_STRINGS(keycloak.granted, {"profile", "email", "orders:read"});
    CHECK_STRINGS(keycloak.scope_claims, {"scope"});
  }

  TEST_CASE("scope_claims replaces the defaults: Keycloak realm roles by JSON pointer") {
    manifest::ProviderSpec spec;
    spec.scope_claims = {text("/realm_access/roles")};
    const std::string token = make_jwt(R"({"scope":"profile","realm_access":{"roles":["deploy"]}})");
    const auto facts = interpret("jwt", answer(200, token), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"deploy"});
    CHECK(facts.granted_by == Pairs{{"deploy", "/realm_access/roles"}});
    const auto absent = interpret("jwt", answer(200, make_jwt(R"({"scope":"profile"})")), spec);
    CHECK_FALSE(absent.scopes_listed);
    CHECK(absent.unverifiable_reason == "the JWT carries no claim /realm_access/roles (scope_claims:)");
  }

  TEST_CASE("exp as a string of digits is Unix seconds, and a missing exp is said") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":"a","exp":"1767225600"})"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    const auto none = interpret("jwt", 200, make_jwt(R"({"scope":"a"})"));
    CHECK_FALSE(none.expiry_known);
    CHECK(none.expiry_problem == "the JWT has no exp claim");
    const auto garbled = interpret("jwt", 200, make_jwt(R"({"scope":"a","exp":"soon"})"));
    CHECK_FALSE(garbled.expiry_known);
    CHECK(garbled.expiry_problem == "cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)");
  }

  TEST_CASE("jwt reads the token's own claims and sends nothing at all") {
    // {"alg":"none"} . {"scope":"orders.read profile","exp":1900000000} . "sig"
    Rig rig("jwt", "",
            "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9yZGVycy5yZWFkIHByb2ZpbGUiLCJleHAiOjE5MDAwMDAwMDB9.c2ln");
    rig.context.wanted = {"orders.read", "orders.write"};
    rig.context.fetch_catalog = true;
    rig.context.manifest_probes = {{"orders.write", "GET", "https://api.example.com/orders", {200}, {403}, {}}};
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.requests.empty());
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders.read", "profile"});
    CHECK(expiry(facts) == "2030-03-17T17:46:40Z");
  }

  TEST_CASE("jwt: a token that is not a JWT is an error, still without a request") {
    Rig rig("jwt", "", "not-a-jwt");
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.requests.empty());
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the token is not a JWT (expected three base64url parts separated by dots)");
  }
}

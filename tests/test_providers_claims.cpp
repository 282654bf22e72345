// The one table of claims that carry scopes, shared by the jwt and oauth2
// presets: the shapes Auth0, Entra ID, Okta and Keycloak really send.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "providers/claims.h"
#include "support/check_strings.h"

using namespace scopegate;
using providers::ClaimScopes;

namespace {
using testing::Strings;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// Reads `claims` out of `json` (or the defaults when empty); `error` says why it failed.
struct Read {
  bool ok = false;
  ClaimScopes scopes;
  std::string error;
};

Read read(std::string_view json, const Strings& claims = {}) {
  Read result;
  const boost::json::value root = boost::json::parse(json);
  result.ok = providers::read_scope_claims(root, claims.empty() ? providers::default_scope_claims() : claims,
                                           &result.scopes, &result.error);
  return result;
}

manifest::ProviderSpec with_claims(const Strings& claims) {
  manifest::ProviderSpec spec;
  for (const std::string& claim : claims) spec.scope_claims.push_back({claim, {}});
  return spec;
}
}  // namespace

TEST_SUITE("providers/claims") {
  TEST_CASE("the defaults, in the order they are read") {
    CHECK_STRINGS(providers::default_scope_claims(), {"scope", "scp", "permissions", "roles"});
    CHECK_STRINGS(providers::scope_claims_of({}), {"scope", "scp", "permissions", "roles"});
    CHECK_STRINGS(providers::scope_claims_of(with_claims({"/realm_access/roles"})), {"/realm_access/roles"});
  }

  TEST_CASE("Auth0: API permissions in a permissions array, OAuth scopes in scope") {
    const Read r = read(R"({"scope": "openid", "permissions": ["export:reports", "read:reports"]})");
    REQUIRE(r.ok);
    CHECK_STRINGS(r.scopes.present, {"scope", "permissions"});
    CHECK_STRINGS(r.scopes.granted, {"openid", "export:reports", "read:reports"});
    CHECK(r.scopes.granted_by ==
          Pairs{{"openid", "scope"}, {"export:reports", "permissions"}, {"read:reports", "permissions"}});
  }

  TEST_CASE("Entra ID: delegated scopes in an scp string, application permissions in roles") {
    const Read delegated = read(R"({"scp": "Files.Read User.Read"})");
    CHECK_STRINGS(delegated.scopes.granted, {"Files.Read", "User.Read"});
    const Read app_only = read(R"({"roles": ["Reports.Read.All"], "oid": "x"})");
    REQUIRE(app_only.ok);
    CHECK_STRINGS(app_only.scopes.present, {"roles"});
    CHECK(app_only.scopes.granted_by == Pairs{{"Reports.Read.All", "roles"}});
  }

  TEST_CASE("Okta's scp array and Keycloak's scope string") {
    CHECK_STRINGS(read(R"({"scp": ["orders.read", "orders.write"]})").scopes.granted, {"orders.read", "orders.write"});
    CHECK_STRINGS(read(R"({"scope": "profile  email"})").scopes.granted, {"profile", "email"});
  }

  TEST_CASE("the union keeps the first claim of a scope and drops repeats") {
    const Read r = read(R"({"scope": "a b", "scp": ["b", "c"], "permissions": ["a", "d", ""], "roles": "d e"})");
    REQUIRE(r.ok);
    CHECK_STRINGS(r.scopes.granted, {"a", "b", "c", "d", "e"});
    CHECK(r.scopes.granted_by ==
          Pairs{{"a", "scope"}, {"b", "scope"}, {"c", "scp"}, {"d", "permissions"}, {"e", "roles"}});
  }

  TEST_CASE("absent and null claims are skipped, an empty claim is present with no scopes") {
    const Read none = read(R"({"sub": "svc", "scope": null})");
    REQUIRE(none.ok);
    CHECK(none.scopes.present.empty());
    const Read empty = read(R"({"scope": ""})");
    REQUIRE(empty.ok);
    CHECK_STRINGS(empty.scopes.present, {"scope"});
    CHECK(empty.scopes.granted.empty());
  }

  TEST_CASE("scope_claims: JSON pointers (Keycloak realm roles) and names with slashes") {
    const Read realm =
        read(R"({"scope": "email", "realm_access": {"roles": ["deploy", "audit"]}})", {"/realm_access/roles"});
    REQUIRE(realm.ok);
    CHECK_STRINGS(realm.scopes.granted, {"deploy", "audit"});
    CHECK(realm.scopes.granted_by == Pairs{{"deploy", "/realm_access/roles"}, {"audit", "/realm_access/roles"}});
    const Read namespaced = read(R"({"https://acme.example/roles": ["ship"]})", {"https://acme.example/roles"});
    CHECK_STRINGS(namespaced.scopes.granted, {"ship"});
  }

  TEST_CASE("a claim of the wrong shape is an error naming the claim") {
    const struct {
      const char* json;
      const char* error;
    } cases[] = {
        {R"({"scope": 42})", "the claim 'scope' is a number, not a list of scopes (an array of strings or a "
                             "space-separated string)"},
        {R"({"roles": {"admin": true}})", "the claim 'roles' is an object, not a list of scopes (an array of "
                                          "strings or a space-separated string)"},
        {R"({"permissions": ["a", 7]})", "the claim 'permissions' holds a number at index 1, not a scope name"},
        {R"({"scp": [["nested"]]})", "the claim 'scp' holds an array at index 0, not a scope name"},
        {R"({"scope": true})", "the claim 'scope' is a boolean, not a list of scopes (an array of strings or a "
                               "space-separated string)"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.json);
      const Read r = read(c.json);
      CHECK_FALSE(r.ok);
      CHECK(r.error == c.error);
    }
  }

  TEST_CASE("the reason names the claims looked for") {
    CHECK(providers::no_scope_claim_reason("the JWT", providers::default_scope_claims(), false) ==
          "the JWT carries none of the claims scope, scp, permissions, roles; name the claim with scope_claims:");
    CHECK(providers::no_scope_claim_reason("the JWT", {"/realm_access/roles"}, true) ==
          "the JWT carries no claim /realm_access/roles (scope_claims:)");
  }

  TEST_CASE("read_scope_facts fills the token's facts, or says why its scopes are unverifiable") {
    const boost::json::value auth0 = boost::json::parse(R"({"scope": "openid", "permissions": ["export:reports"]})");
    providers::TokenFacts facts;
    std::string error;
    REQUIRE(providers::read_scope_facts(auth0, {}, "the JWT", &facts, &error));
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.scope_claims, {"scope", "permissions"});
    CHECK(facts.granted_by == Pairs{{"openid", "scope"}, {"export:reports", "permissions"}});
    providers::TokenFacts bare;
    REQUIRE(providers::read_scope_facts(boost::json::parse(R"({"sub": "x"})"), with_claims({"/realm_access/roles"}),
                                        "the introspection answer", &bare, &error));
    CHECK_FALSE(bare.scopes_listed);
    CHECK(bare.unverifiable_reason == "the introspection answer carries no claim /realm_access/roles (scope_claims:)");
  }

  TEST_CASE("a fix names the claims the token carried, and what granting one means") {
    CHECK(providers::claims_for_fix({"scope"}, {}) == "scope claim");
    CHECK(providers::claims_for_fix({"scope", "permissions"}, {}) ==
          "scope or permissions claim (permissions: the API's permissions granted to the application)");
    CHECK(providers::claims_for_fix({"roles"}, {}) ==
          "roles claim (roles: the application permissions granted to the app)");
    CHECK(providers::claims_for_fix({}, {}) == "scope, scp, permissions or roles claim");
    CHECK(providers::claims_for_fix({}, with_claims({"/realm_access/roles"})) == "/realm_access/roles claim");
  }
}

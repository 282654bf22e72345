#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_count;
using testing::header_of;

// providers/oauth2.cpp: the oauth2 preset, its answers read and asked live.
TEST_SUITE("providers.oauth2") {
  TEST_CASE("an active token lists its space-separated scopes and expiry") {
    const auto facts = interpret(
        "oauth2", 200,
        R"({"active": true, "scope": "read write", "exp": 1767225600, "client_id": "ci-client", "username": "alice", "sub": "u-1"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.expiry_known);
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at == util::from_unix_seconds(1767225600));
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.key_name == std::optional<std::string>("ci-client"));
    CHECK(facts.account == std::optional<std::string>("alice"));
  }

  TEST_CASE("extra spaces in scope and sub as the account") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "scope": "  read   write ", "sub": "u-1"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.account == std::optional<std::string>("u-1"));
    CHECK_FALSE(facts.key_name);
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("an answer without scope leaves the scopes unknown, not empty (RFC 7662: scope is optional)") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "client_id": "ci"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "the introspection answer carries none of the claims scope, scp, permissions, "
                                       "roles; name the claim with scope_claims:");
  }

  TEST_CASE("active: false rejects the token") {
    const auto facts = interpret("oauth2", 200, R"({"active": false})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the authorization server says the token is not active");
  }

  TEST_CASE("a missing or non-boolean active is an error") {
    for (const char* body : {R"({"scope": "read"})", R"({"active": "true", "scope": "read"})", R"({"active": 1})",
                             R"([{"active": true}])", "null"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("oauth2", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the introspection answer has no boolean \"active\" (RFC 7662)");
    }
  }

  TEST_CASE("a scope of the wrong type is an error naming the claim") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "scope": 5})");
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot read the introspection answer: the claim 'scope' is a number, not a list of scopes "
                         "(an array of strings or a space-separated string)");
  }

  TEST_CASE("RFC 7662 servers that send scope as an array and exp as a string of digits") {
    const auto facts =
        interpret("oauth2", 200, R"({"active": true, "scope": ["orders:read", "orders:write"], "exp": "4102444800"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders:read", "orders:write"});
    CHECK(facts.granted_by == Pairs{{"orders:read", "scope"}, {"orders:write", "scope"}});
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2100-01-01T00:00:00Z");
    CHECK(facts.notes.empty());
  }

  TEST_CASE("introspection answers with Auth0 permissions or Entra roles, and scope_claims") {
    const auto auth0 = interpret("oauth2", 200, R"({"active": true, "permissions": ["export:reports"]})");
    CHECK_STRINGS(auth0.granted, {"export:reports"});
    CHECK(auth0.granted_by == Pairs{{"export:reports", "permissions"}});
    manifest::ProviderSpec spec;
    spec.scope_claims = {text("/realm_access/roles"), text("scope")};
    const auto keycloak = interpret(
        "oauth2", answer(200, R"({"active": true, "scope": "email", "realm_access": {"roles": ["deploy"]}})"), spec);
    CHECK_STRINGS(keycloak.granted, {"deploy", "email"});
    CHECK_STRINGS(keycloak.scope_claims, {"/realm_access/roles", "scope"});
  }

  TEST_CASE("an implausible exp is a note") {
    for (const char* exp : {"-5", R"("-5")", R"("12e3")", R"("")", R"("99999999999999")"}) {
      CAPTURE(exp);
      const auto facts =
          interpret("oauth2", 200, std::string(R"({"active": true, "scope": "read", "exp": )") + exp + "}");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
      CHECK(facts.expiry_problem == "cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)");
    }
  }

  TEST_CASE("HTTP failures follow the status, and a 401 refuses the client, not the token (RFC 7662 2.3)") {
    manifest::ProviderSpec spec;
    spec.client_id_env = manifest::Text{"CLIENT_ID", {}};
    spec.client_secret_env = manifest::Text{"CLIENT_SECRET", {}};
    const auto unauthorized = interpret("oauth2", answer(401, R"({"error": "invalid_client"})"), spec);
    CHECK(unauthorized.outcome == Outcome::kError);
    CHECK(unauthorized.error == "the authorization server refused scopegate's client credentials (HTTP 401: "
                                "invalid_client), so the token was not checked; check the client id and secret in "
                                "CLIENT_ID and CLIENT_SECRET (client_id_env, client_secret_env)");
    const auto broken = interpret("oauth2", 500, R"({"error": "server_error", "error_description": "boom"})");
    CHECK(broken.outcome == Outcome::kError);
    CHECK(broken.error == "the provider answered HTTP 500: boom");
  }

  TEST_CASE("oauth2 POSTs the percent-encoded token to the introspection URL as a client") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect", "tok+en/with=chars&more");
    rig.context.client_id = "ci-client";
    rig.context.client_secret = "s3cr:t";
    rig.transport.answer(
        "POST https://auth.example.com/oauth2/introspect", 200,
        R"({"active": true, "scope": "read write", "exp": 1767225600, "client_id": "ci", "username": "build-bot"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://auth.example.com/oauth2/introspect"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(request.body == "token=tok%2Ben%2Fwith%3Dchars%26more&token_type_hint=access_token");
    // RFC 6749 2.3.1: id and secret form-encoded, then Basic: base64("ci-client:s3cr%3At").
    CHECK(header_of(request, "Authorization") == std::optional<std::string>("Basic Y2ktY2xpZW50OnMzY3IlM0F0"));
    CHECK(header_count(request, "Authorization") == 1);
    CHECK(header_of(request, "Content-Type") == std::optional<std::string>("application/x-www-form-urlencoded"));
    CHECK(request.headers.size() == 2);
    for (const auto& [name, value] : request.headers) CHECK(value.find("tok+en") == std::string::npos);

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.account == std::optional<std::string>("build-bot"));
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
  }

  TEST_CASE("oauth2: active false rejects the token") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": false})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the authorization server says the token is not active");
  }

  TEST_CASE("oauth2 probes carry the token as Bearer, only the introspection request carries the client") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.context.client_id = "ci-client";
    rig.context.client_secret = "s3cr:t";
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "https://auth.example.com/v1/orders", {200}, {403}, {}}};
    // No "scope" in the answer: only the probe can tell.
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": true})");
    rig.transport.answer("GET https://auth.example.com/v1/orders", 200, "[]");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(),
                  {"POST https://auth.example.com/oauth2/introspect", "GET https://auth.example.com/v1/orders"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>("Basic Y2ktY2xpZW50OnMzY3IlM0F0"));
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK(header_count(rig.request(1), "Authorization") == 1);
    CHECK_STRINGS(facts.granted, {"orders:read"});
  }

  TEST_CASE("oauth2: the introspection_url is asked, probes go to base_url") {
    Rig rig("oauth2", "https://api.example.com");
    rig.context.introspection_url = "https://auth.example.com/oauth2/introspect";
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "/v1/orders", {200}, {403}, {}}};
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": true})");
    rig.transport.answer("GET https://api.example.com/v1/orders", 403, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(),
                  {"POST https://auth.example.com/oauth2/introspect", "GET https://api.example.com/v1/orders"});
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK_STRINGS(facts.proven_missing, {"orders:read"});
  }

  TEST_CASE("oauth2: HTTP 401 from introspection means the client was refused (RFC 7662), not the token") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.spec.client_id_env = text("IDP_CLIENT_ID");
    rig.spec.client_secret_env = text("IDP_CLIENT_SECRET");
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 401, R"({"error": "invalid_client"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the authorization server refused scopegate's client credentials (HTTP 401: invalid_client), "
                         "so the token was not checked; check the client id and secret in IDP_CLIENT_ID and "
                         "IDP_CLIENT_SECRET (client_id_env, client_secret_env)");
  }

  TEST_CASE("a transport error on the introspection request is kError with the transport's message") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.context.fetch_catalog = true;
    rig.transport.fail("POST https://auth.example.com/oauth2/introspect",
                       "cannot connect to auth.example.com:443: Connection refused");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot connect to auth.example.com:443: Connection refused");
    CHECK(facts.granted.empty());
    CHECK_STRINGS(rig.transport.sent(), {"POST https://auth.example.com/oauth2/introspect"});
  }
}

#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/generic.cpp: the generic preset, its answers read and asked live.
TEST_SUITE("providers.generic") {
  TEST_CASE("a JSON pointer to an array") {
    const auto spec = generic_pointer("/data/scopes", manifest::SplitMode::kJsonArray);
    const auto facts = interpret("generic", answer(200, R"({"data": {"scopes": ["a:read", "b:write"]}})"), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"a:read", "b:write"});
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("the empty pointer is the whole answer") {
    const auto spec = generic_pointer("", manifest::SplitMode::kJsonArray);
    const auto facts = interpret("generic", answer(200, R"(["x", "y"])"), spec);
    CHECK_STRINGS(facts.granted, {"x", "y"});
    const auto wrong = interpret("generic", answer(200, R"({"x": 1})"), spec);
    CHECK(wrong.outcome == Outcome::kError);
    CHECK(wrong.error == "cannot read the scopes: the answer is not a list of scopes");
  }

  TEST_CASE("split modes for a string") {
    SUBCASE("none: a string is an error") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, R"({"scopes": "a b"})"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read the scopes: "/scopes" is a string, expected a list of scopes)");
    }
    SUBCASE("space") {
      const auto spec = generic_pointer("/scope", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, R"({"scope": " read\twrite  admin:org "})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_STRINGS(facts.granted, {"read", "write", "admin:org"});
    }
    SUBCASE("space does not split on commas") {
      const auto spec = generic_pointer("/scope", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, R"({"scope": "a,b c"})"), spec);
      CHECK_STRINGS(facts.granted, {"a,b", "c"});
    }
    SUBCASE("comma") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, R"({"scopes": "a, b,c,,"})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_STRINGS(facts.granted, {"a", "b", "c"});
    }
    SUBCASE("a split mode still accepts an array") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, R"({"scopes": ["a b", "c"]})"), spec);
      CHECK_STRINGS(facts.granted, {"a b", "c"});
    }
  }

  TEST_CASE("header mode") {
    SUBCASE("default split reads commas and spaces") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, "not json", {{"x-scopes", "a, b c"}}), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.scopes_listed);
      CHECK_STRINGS(facts.granted, {"a", "b", "c"});
    }
    SUBCASE("comma") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, "{}", {{"X-Scopes", "a,b"}}), spec);
      CHECK_STRINGS(facts.granted, {"a", "b"});
    }
    SUBCASE("space keeps commas inside names") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, "{}", {{"X-Scopes", "a,b c"}}), spec);
      CHECK_STRINGS(facts.granted, {"a,b", "c"});
    }
    SUBCASE("a missing header is an error") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, R"({"scopes": ["a"]})", {{"X-Other", "a"}}), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the answer has no X-Scopes header");
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("key name, key prefix and expiry pointers") {
    auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
    spec.key_name = text("/key/name");
    spec.key_prefix = text("/key/prefix");
    spec.expires_at = text("/key/expires");
    SUBCASE("all present") {
      const auto facts = interpret(
          "generic",
          answer(200, R"({"scopes": ["a"], "key": {"name": "deploy", "prefix": "pk_", "expires": "2026-12-01T12:00:00+01:00"}})"),
          spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.key_name == std::optional<std::string>("deploy"));
      CHECK(facts.key_prefix == std::optional<std::string>("pk_"));
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-01T11:00:00Z");
    }
    SUBCASE("unix seconds") {
      const auto facts =
          interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": 1767225600}})"), spec);
      CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
      CHECK_FALSE(facts.key_name);
      CHECK_FALSE(facts.key_prefix);
    }
    SUBCASE("null expiry never expires") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": null}})"), spec);
      CHECK(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
    }
    SUBCASE("absent expiry is unknown, non-string names are ignored") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"name": 5}})"), spec);
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.key_name);
    }
    SUBCASE("unreadable expiry is a note") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": true}})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/key/expires\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
    }
  }

  TEST_CASE("header mode also reads pointers from a JSON body") {
    auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
    spec.key_name = text("/name");
    const auto facts = interpret("generic", answer(200, R"({"name": "ci"})", {{"X-Scopes", "a"}}), spec);
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK_STRINGS(facts.granted, {"a"});
  }

  TEST_CASE("without a scope location only probes can prove scopes") {
    manifest::ProviderSpec spec;
    spec.key_name = text("/name");
    const auto facts = interpret("generic", answer(200, R"({"name": "ci", "scopes": ["a"]})"), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "the provider declares no scope list; only probes can prove scopes");
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    // A body that is not JSON is fine when nothing needs to be read from it.
    const auto plain = interpret("generic", answer(204, ""), spec);
    CHECK(plain.outcome == Outcome::kAccepted);
    CHECK_FALSE(plain.key_name);
  }

  TEST_CASE("errors") {
    const auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
    SUBCASE("invalid JSON with a pointer") {
      const auto facts = interpret("generic", answer(200, "scopes: a"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("missing member") {
      const auto facts = interpret("generic", answer(200, R"({"other": []})"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read the scopes: the answer has no "/scopes")");
    }
    SUBCASE("401 rejects") {
      const auto facts = interpret("generic", answer(401, R"({"error": {"message": "bad token"}})"), spec);
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: bad token)");
    }
    SUBCASE("500 is an error") {
      const auto facts = interpret("generic", answer(500, ""), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 500");
    }
    SUBCASE("deep nesting") {
      const auto facts = interpret("generic", answer(200, nested_arrays(10000)), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
  }

  TEST_CASE("generic sends the manifest's request: method, URL, headers with ${TOKEN}, form") {
    Rig rig("generic", "", "abc&def=1 x");
    rig.environment.set("TENANT", "acme");
    manifest::RequestSpec request;
    request.method = "POST";
    request.url = text("https://api.example.com/v1/tenants/${TENANT}/introspect");
    request.headers = {{"X-Api-Key", text("${TOKEN}")}, {"Accept", text("application/json")}};
    request.form = {{"token", text("${TOKEN}")}, {"tenant", text("${TENANT}")}, {"kind", text("a b")}};
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.json_pointer = text("/data/scopes");
    rig.spec.scopes = where;
    rig.spec.key_name = text("/name");
    rig.transport.answer("POST https://api.example.com/v1/tenants/acme/introspect", 200,
                         R"({"name": "ci", "data": {"scopes": ["orders:read", "orders:write"]}})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://api.example.com/v1/tenants/acme/introspect"});
    const net::HttpRequest& sent = rig.request(0);
    CHECK(sent.headers == Headers{{"X-Api-Key", "abc&def=1 x"},
                                  {"Accept", "application/json"},
                                  {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK_FALSE(header_of(sent, "Authorization").has_value());
    CHECK(sent.body == "token=abc%26def%3D1%20x&tenant=acme&kind=a%20b");

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders:read", "orders:write"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
  }

  TEST_CASE("generic: a request without headers authenticates with Bearer, a relative URL uses base_url") {
    Rig rig("generic", "https://api.example.com/base/");
    manifest::RequestSpec request;
    request.url = text("/v1/token/info");
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.header = text("X-Scopes");
    where.split = manifest::SplitMode::kComma;
    rig.spec.scopes = where;
    rig.transport.answer("GET https://api.example.com/base/v1/token/info", 200, "{}", {{"X-Scopes", "a, b"}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.example.com/base/v1/token/info"});
    CHECK(rig.request(0).headers == Headers{{"Authorization", bearer()}});
    CHECK(rig.request(0).body.empty());
    CHECK_STRINGS(facts.granted, {"a", "b"});
  }

  TEST_CASE("generic with only probes: no introspection, a probe per wanted scope") {
    Rig rig("generic", "https://api.example.com");
    rig.context.wanted = {"orders:read", "refunds:read"};
    rig.context.manifest_probes = {
        {"orders:read", "GET", "/v1/orders?limit=1", {200}, {403}, {}},
        {"refunds:read", "GET", "/v1/refunds?limit=1", {200}, {401, 403}, {}},
        {"customers:read", "GET", "/v1/customers?limit=1", {200}, {403}, {}},  // not wanted
    };
    rig.transport.answer("GET https://api.example.com/v1/orders?limit=1", 200, "[]");
    rig.transport.answer("GET https://api.example.com/v1/refunds?limit=1", 403, R"({"message": "Forbidden"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(),
                  {"GET https://api.example.com/v1/orders?limit=1", "GET https://api.example.com/v1/refunds?limit=1"});
    for (const net::HttpRequest& request : rig.transport.requests) {
      CHECK(request.headers == Headers{{"Authorization", bearer()}});
      CHECK(request.retry);
    }
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.unverifiable_reason == "the provider declares no scope list; only probes can prove scopes");
    CHECK_STRINGS(facts.granted, {"orders:read"});
    CHECK_STRINGS(facts.proven_missing, {"refunds:read"});
    CHECK_STRINGS(facts.notes, {"orders:read proven by GET /v1/orders?limit=1 (HTTP 200)",
                                "refunds:read refused by GET /v1/refunds?limit=1 (HTTP 403)"});
  }

  TEST_CASE("generic: the manifest headers replace Bearer, and an answer without the scope header is an error") {
    Rig rig("generic", "https://api.example.com");
    manifest::RequestSpec request;
    request.url = text("/v1/whoami");
    request.headers = {{"X-Api-Key", text("${TOKEN}")}};
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.header = text("X-Scopes");
    rig.spec.scopes = where;
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "https://api.example.com/v1/orders", {200}, {403}, {}}};
    // The answer has no X-Scopes header: an error, and no probe follows it.
    rig.transport.answer("GET https://api.example.com/v1/whoami", 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the answer has no X-Scopes header");
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.example.com/v1/whoami"});
    CHECK(rig.request(0).headers == Headers{{"X-Api-Key", kFakeToken}});
  }
}

#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_count;
using testing::header_of;

// providers/sonar.cpp: the sonar preset, its answers read and asked live.
TEST_SUITE("providers.sonar") {
  TEST_CASE("a success lists the key's scopes, name and prefix") {
    const auto facts = interpret(
        "sonar", 200,
        R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read", "documents:generated:read"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.error.empty());
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK(facts.key_name == std::optional<std::string>("CI key"));
    CHECK(facts.key_prefix == std::optional<std::string>("sk_live"));
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK(facts.unverifiable_reason.empty());
    CHECK(facts.notes.empty());
  }

  TEST_CASE("an empty scope list is a complete, empty list") {
    const auto facts = interpret("sonar", 200, R"({"scopes": []})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK_FALSE(facts.key_name);
    CHECK_FALSE(facts.key_prefix);
  }

  TEST_CASE("an expiry is read when the answer has one") {
    SUBCASE("timestamp") {
      const auto facts = interpret("sonar", 200, R"({"scopes": ["a"], "expiresAt": "2026-12-31T00:00:00Z"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
    }
    SUBCASE("unreadable expiry is a note, not a failure") {
      const auto facts = interpret("sonar", 200, R"({"scopes": ["a"], "expiresAt": "soon"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/expiresAt\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
    }
  }

  TEST_CASE("INVALID_API_KEY at 401 rejects the key") {
    const auto facts =
        interpret("sonar", 401, R"({"success": false, "code": "INVALID_API_KEY", "message": "Invalid API key"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Sonar rejected the key: INVALID_API_KEY (Invalid API key)");
    CHECK(facts.granted.empty());
    CHECK_FALSE(facts.scopes_listed);
  }

  TEST_CASE("rejection codes reject the key at any status") {
    for (const char* code : {"INVALID_API_KEY", "REVOKED_API_KEY", "EXPIRED_API_KEY"}) {
      for (int status : {200, 400, 401, 403, 500}) {
        CAPTURE(std::string(code));
        CAPTURE(status);
        const auto facts =
            interpret("sonar", status, std::string(R"({"success": false, "code": ")") + code + R"("})");
        CHECK(facts.outcome == Outcome::kRejected);
        CHECK(facts.error == std::string("Sonar rejected the key: ") + code);
      }
    }
  }

  TEST_CASE("a 401 without a rejection code still rejects") {
    SUBCASE("json body") {
      const auto facts = interpret("sonar", 401, R"({"message": "Unauthorized"})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: Unauthorized)");
    }
    SUBCASE("empty body") {
      const auto facts = interpret("sonar", 401, "");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401)");
    }
  }

  TEST_CASE("other failures are errors naming the status") {
    SUBCASE("429 with Sonar's error body") {
      const auto facts = interpret("sonar", 429,
                                   R"({"success": false, "code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"})",
                                   {{"Retry-After", "30"}});
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 429: Too many requests");
    }
    SUBCASE("503 with an HTML page") {
      const auto facts = interpret("sonar", 503, "<html><body>Service Unavailable</body></html>");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 503");
    }
    SUBCASE("503 with a short text body") {
      const auto facts = interpret("sonar", 503, "upstream connect error\n");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 503: upstream connect error");
    }
    SUBCASE("403 INSUFFICIENT_SCOPE is not a rejection") {
      const auto facts =
          interpret("sonar", 403, R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "no"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 403: no");
    }
    SUBCASE("a redirect is not a success") {
      const auto facts = interpret("sonar", 302, "");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 302");
    }
  }

  TEST_CASE("invalid JSON in a success is an error") {
    for (const char* body : {"", "not json", "{\"scopes\": [\"a\"", "{\"scopes\": [\"a\"]} trailing"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("sonar", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("answers of the wrong shape are errors") {
    const struct {
      const char* body;
      const char* error;
    } cases[] = {
        {R"({"scopes": "x"})", R"(cannot read Sonar's answer: "/scopes" is a string, expected a list of scopes)"},
        {R"({"scopes": [1, 2]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 0)"},
        {R"({"scopes": ["a", null]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 1)"},
        {R"({"scopes": ["a", ["b"]]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 1)"},
        {R"({"scopes": {"a": true}})", R"(cannot read Sonar's answer: "/scopes" is not a list of scopes)"},
        {R"({"scopes": 7})", R"(cannot read Sonar's answer: "/scopes" is not a list of scopes)"},
        {R"({"scopes": null})", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"({"name": "CI key"})", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"(["a", "b"])", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"("scopes")", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
    };
    for (const auto& c : cases) {
      CAPTURE(std::string(c.body));
      const auto facts = interpret("sonar", 200, c.body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == c.error);
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("deeply nested answers fail cleanly") {
    SUBCASE("nesting within the parser's limit is read as a wrong shape") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(50) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 0)");
    }
    SUBCASE("100 levels") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(100) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK_FALSE(facts.error.empty());
      CHECK(facts.granted.empty());
    }
    SUBCASE("10000 levels of arrays") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(10000) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("10000 levels of objects") {
      std::string body;
      for (int i = 0; i < 10000; ++i) body += R"({"a":)";
      body += "1" + std::string(10000, '}');
      const auto facts = interpret("sonar", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("10000 levels in an error answer") {
      const auto facts = interpret("sonar", 401, nested_arrays(10000));
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401)");
    }
  }

  TEST_CASE("sonar asks GET scopes-allowed with a Bearer token and reads the answer") {
    Rig rig("sonar", kSonarBase);
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
    const net::HttpRequest& request = rig.request(0);
    CHECK(request.method == "GET");
    CHECK(request.url.to_string() == "https://session.sonar.de/acme/api/sdk/v1/scopes-allowed");
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_count(request, "Authorization") == 1);
    CHECK(request.body.empty());
    CHECK(request.retry);

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.error.empty());
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK(facts.key_name == std::optional<std::string>("CI key"));
    CHECK(facts.key_prefix == std::optional<std::string>("sk_live"));
    CHECK_FALSE(facts.expiry_known);
    CHECK(facts.proven_missing.empty());
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a base_url with a trailing slash gives the same request") {
    Rig rig("sonar", "https://session.sonar.de/acme/");
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    CHECK(rig.ask().outcome == Outcome::kAccepted);
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
  }

  TEST_CASE("with fetch_catalog sonar also GETs scopes-allowed/all and labels every scope") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    rig.transport.answer(kSonarCatalog, 200, kSonarCatalogAnswer);
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK(facts.outcome == Outcome::kAccepted);
    REQUIRE(facts.catalog.has_value());
    CHECK(*facts.catalog == Catalog{{"documents:signed:read", "Documents / Signed / Read"},
                                    {"documents:signed:export", "Documents / Signed / Export"},
                                    {"documents:generated:read", "Documents / Generated / Read"},
                                    {"webhooks:endpoints:manage", "Webhooks / Endpoints / Manage"}});
  }

  TEST_CASE("a catalog that cannot be fetched leaves the facts as they were") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    SUBCASE("404") {}
    SUBCASE("500") { rig.transport.answer(kSonarCatalog, 500, R"({"message": "boom"})"); }
    SUBCASE("transport error") { rig.transport.fail(kSonarCatalog, "connection reset"); }
    SUBCASE("not a catalog") { rig.transport.answer(kSonarCatalog, 200, R"({"scopes": []})"); }
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a rejected sonar key: kRejected with the code, and no catalog request") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 401,
                         R"({"success": false, "code": "REVOKED_API_KEY", "message": "This API key was revoked"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Sonar rejected the key: REVOKED_API_KEY (This API key was revoked)");
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a sonar INSUFFICIENT_SCOPE answer is an error with a hint") {
    Rig rig("sonar", kSonarBase);
    rig.transport.answer(kSonarScopes, 403,
                         R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "Missing keys:read"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the provider answered HTTP 403: Missing keys:read (the provider says: Missing keys:read)");
  }

  TEST_CASE("sonar does not probe even when wanted scopes are not granted") {
    Rig rig("sonar", kSonarBase);
    rig.context.wanted = {"documents:signed:export"};
    rig.context.manifest_probes = {{"documents:signed:export", "GET", "/api/sdk/v1/documents?limit=1", {200}, {403}, {}}};
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    const TokenFacts facts = rig.ask();
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
  }

  TEST_CASE("parse_sonar_catalog reads the documented shape") {
    const auto catalog = providers::parse_sonar_catalog(kSonarCatalogAnswer);
    REQUIRE(catalog.has_value());
    CHECK(catalog->size() == 4);
    CHECK(catalog->front() == std::pair<std::string, std::string>{"documents:signed:read", "Documents / Signed / Read"});
  }

  TEST_CASE("parse_sonar_catalog: ids stand in for missing labels, the value for a missing scope label") {
    const auto catalog = providers::parse_sonar_catalog(
        R"([{"id": "documents", "types": [{"id": "signed", "scopes": [{"value": "documents:signed:read"}]}]}])");
    REQUIRE(catalog.has_value());
    CHECK(*catalog == Catalog{{"documents:signed:read", "documents / signed / documents:signed:read"}});

    const auto nameless = providers::parse_sonar_catalog(R"([{"types": [{"scopes": [{"value": "a:b:c", "label": "C"}]}]}])");
    REQUIRE(nameless.has_value());
    CHECK(*nameless == Catalog{{"a:b:c", "? / ? / C"}});
  }

  TEST_CASE("parse_sonar_catalog skips entries of the wrong shape and keeps the rest") {
    const auto catalog = providers::parse_sonar_catalog(R"([
      1, "x", null, [],
      {"id": "g1", "label": "G1", "types": "not a list"},
      {"id": "g2", "label": "G2"},
      {"id": "g3", "label": "G3", "types": [
        7, {"id": "t0", "label": "T0"}, {"id": "t1", "label": "T1", "scopes": {"value": "x"}},
        {"id": "t2", "label": "T2", "scopes": [
          {"label": "no value"}, {"value": 5, "label": "number"}, "g3:t2:bare", null,
          {"value": "g3:t2:read", "label": "Read"}, {"value": "g3:t2:write", "label": 42}]}]}
    ])");
    REQUIRE(catalog.has_value());
    CHECK(*catalog == Catalog{{"g3:t2:read", "G3 / T2 / Read"}, {"g3:t2:write", "G3 / T2 / g3:t2:write"}});
  }

  TEST_CASE("parse_sonar_catalog: nothing usable is no catalog") {
    CHECK_FALSE(providers::parse_sonar_catalog("").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog("not json").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog("[]").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"({"id": "documents", "types": []})").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"([{"id": "documents", "types": []}])").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"([{"id": "d", "types": [{"id": "s", "scopes": []}]}])").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(std::string(100000, '[') + std::string(100000, ']')).has_value());
  }
}

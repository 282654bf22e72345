#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "providers/json_helpers.h"
#include "util/time.h"

using namespace scopegate;
using providers::TokenFacts;

namespace {
boost::json::value json(std::string_view text) { return boost::json::parse(text); }

net::HttpResponse answer(int status, std::string body) {
  net::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}
}  // namespace

TEST_SUITE("providers.json_helpers") {
  TEST_CASE("parse_json_body: JSON, or why not, with nesting bounded") {
    boost::json::value value;
    std::string error;
    CHECK(providers::parse_json_body(R"({"a": 1})", &value, &error));
    CHECK_FALSE(providers::parse_json_body("<html>", &value, &error));
    CHECK_FALSE(error.empty());
    CHECK_FALSE(providers::parse_json_body(std::string(10'000, '[') + std::string(10'000, ']'), &value, &error));
  }

  TEST_CASE("string_at and string_list_at: by JSON pointer, a list as an array or one split string") {
    const auto root = json(R"({"name": "CI key", "n": 3, "scopes": ["a", "b"], "scope": "read write"})");
    CHECK(providers::string_at(root, "/name") == std::optional<std::string>("CI key"));
    CHECK_FALSE(providers::string_at(root, "/n"));
    CHECK_FALSE(providers::string_at(root, "/missing"));
    std::vector<std::string> list;
    std::string error;
    CHECK(providers::string_list_at(root, "/scopes", " ", &list, &error));
    CHECK(list == std::vector<std::string>{"a", "b"});
    list.clear();
    CHECK(providers::string_list_at(root, "/scope", " ", &list, &error));
    CHECK(list == std::vector<std::string>{"read", "write"});
    CHECK_FALSE(providers::string_list_at(root, "/n", " ", &list, &error));
    CHECK(error.find("/n") != std::string::npos);
  }

  TEST_CASE("error_message_of: the human part of an error body, in the shapes APIs use") {
    CHECK(providers::error_message_of(R"({"message": "Bad credentials"})") == "Bad credentials");
    CHECK(providers::error_message_of(R"({"error": {"message": "Insufficient permissions"}})") ==
          "Insufficient permissions");
    CHECK(providers::error_message_of(R"({"error": "invalid_auth"})") == "invalid_auth");
    CHECK(providers::error_message_of(R"({"errors": ["permission denied"]})") == "permission denied");  // Vault
    CHECK(providers::error_message_of(R"({"errors": []})").empty());
    CHECK(providers::error_message_of(R"({"errors": [{"field": null, "message": "authorization required"}]})") ==
          "authorization required");  // SendGrid, Cloudflare
    CHECK(providers::error_message_of(R"({"errors": "[API] Invalid API key"})") == "[API] Invalid API key");  // Shopify
    CHECK(providers::error_message_of(R"({"detail": "Invalid token"})") == "Invalid token");  // Sentry
    CHECK(providers::error_message_of(R"({"msg": "Provided credentials are missing or invalid"})") ==
          "Provided credentials are missing or invalid");  // Fastly
  }

  TEST_CASE("a failure status: 401 rejects the token, other failures are errors, 2xx is no failure") {
    const auto rejected = providers::facts_for_failure_status(answer(401, R"({"message": "Bad credentials"})"));
    REQUIRE(rejected);
    CHECK(rejected->outcome == TokenFacts::Outcome::kRejected);
    const auto failed = providers::facts_for_failure_status(answer(503, ""));
    REQUIRE(failed);
    CHECK(failed->outcome == TokenFacts::Outcome::kError);
    CHECK(failed->error.find("503") != std::string::npos);
    CHECK_FALSE(providers::facts_for_failure_status(answer(200, "{}")));
  }

  TEST_CASE("read_expiry: a date, ISO 8601, Unix seconds, and what null means") {
    TokenFacts facts;
    std::string error;
    CHECK(providers::read_expiry(json(R"({"exp": 1798675200})"), "/exp", &facts, &error));
    CHECK(facts.expiry_known);
    CHECK(util::format_timestamp(*facts.expires_at) == "2026-12-31T00:00:00Z");
    TokenFacts date;
    CHECK(providers::read_expiry(json(R"({"expires_at": "2026-12-31"})"), "/expires_at", &date, &error));
    CHECK(util::format_timestamp(*date.expires_at) == "2026-12-31T00:00:00Z");
    TokenFacts never;
    CHECK(providers::read_expiry(json(R"({"expires_at": null})"), "/expires_at", &never, &error));
    CHECK(never.expiry_known);
    CHECK_FALSE(never.expires_at);
    TokenFacts unknown;
    providers::read_expiry(json(R"({"exp": null})"), "/exp", &unknown, &error, providers::NullExpiry::kUnknown);
    CHECK_FALSE(unknown.expiry_known);
  }
}

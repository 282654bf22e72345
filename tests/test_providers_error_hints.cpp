#include <doctest/doctest.h>

#include "providers/error_hints.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;

// providers/error_hints.cpp: what a 403 says is missing.
TEST_SUITE("providers.error_hints") {
  TEST_CASE("RFC 6750 WWW-Authenticate insufficient_scope with a scope") {
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate",
                                                  R"(Bearer realm="api", error="insufficient_scope", scope="orders:read orders:write")"}})) ==
          "the provider says it needs scope orders:read orders:write");
    // Header names are case-insensitive, parameters may come in any order, unquoted.
    CHECK(providers::scope_hint(answer(403, "", {{"www-authenticate", R"(Bearer scope=admin, error=insufficient_scope)"}})) ==
          "the provider says it needs scope admin");
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate",
                                                  R"(Bearer error_description="scope=x", error="insufficient_scope")"}})) ==
          "the provider says the token has insufficient scope");
  }

  TEST_CASE("RFC 6750 WWW-Authenticate insufficient_scope without a scope, and other errors") {
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate", R"(Bearer error="insufficient_scope")"}})) ==
          "the provider says the token has insufficient scope");
    CHECK(providers::scope_hint(answer(401, "", {{"WWW-Authenticate", R"(Bearer error="invalid_token", scope="a")"}})) == "");
    CHECK(providers::scope_hint(answer(401, "", {{"WWW-Authenticate", R"(Basic realm="insufficient_scope")"}})) == "");
  }

  TEST_CASE("GitLab insufficient_scope") {
    CHECK(providers::scope_hint(answer(403, R"({"error": "insufficient_scope", "error_description": "The request requires higher privileges than provided by the access token.", "scope": "api read_api"})")) ==
          "the provider says it needs one of: api read_api");
    CHECK(providers::scope_hint(answer(403, R"({"error": "insufficient_scope"})")) ==
          "the provider says the token has insufficient scope");
  }

  TEST_CASE("Slack missing_scope with needed") {
    CHECK(providers::scope_hint(answer(200, R"({"ok": false, "error": "missing_scope", "needed": "chat:write", "provided": "channels:read"})")) ==
          "the provider says it needs scope chat:write");
    CHECK(providers::scope_hint(answer(200, R"({"ok": false, "error": "missing_scope"})")) ==
          "the provider says it needs scope (unnamed)");
  }

  TEST_CASE("Sonar INSUFFICIENT_SCOPE") {
    CHECK(providers::scope_hint(answer(403, R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "This key lacks documents:signed:export"})")) ==
          "the provider says: This key lacks documents:signed:export");
    CHECK(providers::scope_hint(answer(403, R"({"success": false, "code": "INSUFFICIENT_SCOPE"})")) ==
          "the provider says: INSUFFICIENT_SCOPE");
  }

  TEST_CASE("Socket insufficient permissions") {
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "Insufficient permissions for API method getOrgRepoList", "details": null}})")) ==
          "the provider says: Insufficient permissions for API method getOrgRepoList");
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "Organization not found", "details": null}})")) == "");
  }

  TEST_CASE("Stripe's permission text, plain or inside a JSON error") {
    CHECK(providers::scope_hint(answer(403, "Having the 'rak_charge_read' permission would allow this request.")) ==
          "the provider says it needs permission rak_charge_read");
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "The provided key 'rk_live_...abc' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_read' permission would allow this request.", "type": "invalid_request_error"}})")) ==
          "the provider says it needs permission rak_charge_read");
    CHECK(providers::scope_hint(answer(403, "Having the 'x' hat would be nice")) == "");
  }

  TEST_CASE("GitHub X-Accepted-OAuth-Scopes") {
    CHECK(providers::scope_hint(answer(404, R"({"message": "Not Found"})", {{"X-Accepted-OAuth-Scopes", "repo, read:org"}})) ==
          "the provider accepts scopes repo, read:org for this request");
    CHECK(providers::scope_hint(answer(403, R"({"message": "Forbidden"})", {{"X-Accepted-OAuth-Scopes", "  "}})) == "");
  }

  TEST_CASE("an unrelated 403 gives no hint") {
    CHECK(providers::scope_hint(answer(403, R"({"message": "Forbidden"})")) == "");
    CHECK(providers::scope_hint(answer(403, "Forbidden")) == "");
    CHECK(providers::scope_hint(answer(403, "")) == "");
    CHECK(providers::scope_hint(answer(403, R"({"error": "access_denied"})")) == "");
    CHECK(providers::scope_hint(answer(403, R"({"code": "FORBIDDEN", "message": "no"})")) == "");
    CHECK(providers::scope_hint(answer(403, "<html><body>403 Forbidden</body></html>")) == "");
    CHECK(providers::scope_hint(answer(403, R"(["insufficient_scope"])")) == "");
  }

  TEST_CASE("a hint from the header wins over one from the body") {
    CHECK(providers::scope_hint(answer(403, R"({"ok": false, "error": "missing_scope", "needed": "b"})",
                                       {{"WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="a")"}})) ==
          "the provider says it needs scope a");
  }
}

#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_count;
using testing::header_of;

// providers/gitlab.cpp: the gitlab preset, its answers read and asked live.
TEST_SUITE("providers.gitlab") {
  TEST_CASE("an active token lists its scopes, name and expiry date") {
    const auto facts = interpret(
        "gitlab", 200,
        R"({"id": 4, "name": "ci", "revoked": false, "created_at": "2026-01-01T00:00:00.000Z",
            "scopes": ["api", "read_repository"], "user_id": 3, "last_used_at": null, "active": true,
            "expires_at": "2026-12-31"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"api", "read_repository"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
    CHECK(facts.notes.empty());
  }

  TEST_CASE("expires_at null means the token never expires") {
    const auto facts =
        interpret("gitlab", 200, R"({"name": "ci", "revoked": false, "active": true, "scopes": ["api"], "expires_at": null})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("no expires_at member leaves the expiry unknown") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("a far-future expiry stays in the future") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"], "expires_at": "9999-12-31"})");
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "9999-12-31T00:00:00Z");
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at > at("2026-11-22T12:00:00Z"));
  }

  TEST_CASE("an unreadable expiry is a note") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"], "expires_at": "2026-02-30"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/expires_at\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
  }

  TEST_CASE("revoked or inactive tokens are rejected") {
    SUBCASE("revoked") {
      const auto facts =
          interpret("gitlab", 200, R"({"name": "ci", "revoked": true, "active": true, "scopes": ["api"]})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is revoked");
    }
    SUBCASE("inactive") {
      const auto facts =
          interpret("gitlab", 200, R"({"name": "ci", "revoked": false, "active": false, "scopes": ["api"]})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is not active (expired or revoked)");
    }
    SUBCASE("401") {
      const auto facts = interpret("gitlab", 401, R"({"message": "401 Unauthorized"})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: 401 Unauthorized)");
    }
  }

  TEST_CASE("non-boolean revoked/active values are not read as rejections") {
    const auto facts =
        interpret("gitlab", 200, R"({"revoked": "true", "active": 0, "scopes": ["read_api"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read_api"});
  }

  TEST_CASE("bad answers are errors") {
    SUBCASE("invalid JSON") {
      const auto facts = interpret("gitlab", 200, "{");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("scopes as a string") {
      const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": "api"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read GitLab's answer: "/scopes" is a string, expected a list of scopes)");
    }
    SUBCASE("no scopes") {
      const auto facts = interpret("gitlab", 200, R"({"active": true})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read GitLab's answer: the answer has no "/scopes")");
    }
    SUBCASE("server error") {
      const auto facts = interpret("gitlab", 500, R"({"message": "500 Internal Server Error"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 500: 500 Internal Server Error");
    }
  }

  TEST_CASE("gitlab sends PRIVATE-TOKEN and no Authorization header") {
    Rig rig("gitlab", "https://gitlab.example.com");
    rig.transport.answer(
        "GET https://gitlab.example.com/api/v4/personal_access_tokens/self", 200,
        R"({"id": 7, "name": "ci", "revoked": false, "active": true, "scopes": ["api", "read_repository"], "expires_at": "2026-12-31"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"GET https://gitlab.example.com/api/v4/personal_access_tokens/self"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "PRIVATE-TOKEN") == std::optional<std::string>(kFakeToken));
    CHECK(header_count(request, "PRIVATE-TOKEN") == 1);
    CHECK_FALSE(header_of(request, "Authorization").has_value());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"api", "read_repository"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
  }

  TEST_CASE("gitlab: a revoked token is rejected, a 403 carries GitLab's scope hint") {
    SUBCASE("revoked") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"name": "ci", "revoked": true, "active": false, "scopes": ["api"]})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is revoked");
    }
    SUBCASE("insufficient_scope") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 403,
                           R"({"error": "insufficient_scope", "scope": "api read_api"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error ==
            "the provider answered HTTP 403: insufficient_scope (the provider says it needs one of: api read_api)");
    }
  }

  TEST_CASE("a project access token: its bot owner, its project's path, and the project's pre-filled page") {
    Rig rig("gitlab", "https://gitlab.example.com");
    rig.context.wanted = {"read_api", "write_repository"};
    rig.transport.answer("GET https://gitlab.example.com/api/v4/personal_access_tokens/self", 200,
                         R"({"name": "deploy", "active": true, "scopes": ["read_api"], "expires_at": null})");
    rig.transport.answer("GET https://gitlab.example.com/api/v4/user", 200,
                         R"({"username": "project_42_bot_3f2a", "bot": true})");
    rig.transport.answer("GET https://gitlab.example.com/api/v4/projects/42", 200,
                         R"({"id": 42, "path_with_namespace": "acme/web"})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://gitlab.example.com/api/v4/personal_access_tokens/self",
                                         "GET https://gitlab.example.com/api/v4/user",
                                         "GET https://gitlab.example.com/api/v4/projects/42"});
    CHECK(facts.token_kind == "project");
    CHECK(facts.resource == "acme/web");
    CHECK(facts.account == std::optional<std::string>("project_42_bot_3f2a"));
    const std::vector<std::vector<std::string>> scopes{{"write_repository"}};
    const std::vector<std::string> required{"read_api", "write_repository"};
    CHECK(providers::find_preset("gitlab")->fix_writer({scopes, required, rig.spec, "https://gitlab.example.com", "", facts}) ==
          "create a project token with write_repository at https://gitlab.example.com/acme/web/-/settings/access_tokens"
          "?name=scopegate%20gitlab&scopes=read_api,write_repository (GitLab cannot add scopes to an existing token)");
  }

  TEST_CASE("a group access token's page, and CI_PROJECT_PATH when a project cannot be read") {
    SUBCASE("group") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.context.wanted = {"api"};
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"active": true, "scopes": ["read_api"]})");
      rig.transport.answer("GET https://gitlab.com/api/v4/user", 200, R"({"username": "group_7_bot_x", "bot": true})");
      rig.transport.answer("GET https://gitlab.com/api/v4/groups/7", 200, R"({"full_path": "acme/platform"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.token_kind == "group");
      CHECK(facts.resource == "acme/platform");
      const std::vector<std::vector<std::string>> scopes{{"api"}};
      const std::vector<std::string> required{"api"};
      CHECK(contains(providers::find_preset("gitlab")->fix_writer({scopes, required, rig.spec, "https://gitlab.com", "", facts}),
                     "at https://gitlab.com/groups/acme/platform/-/settings/access_tokens?name=scopegate%20gitlab&scopes=api "));
    }
    SUBCASE("project 403, in GitLab CI of another project: no path, and no personal page either") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.context.wanted = {"api"};
      rig.environment.set("CI_PROJECT_ID", "77");
      rig.environment.set("CI_PROJECT_PATH", "acme/other");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"active": true, "scopes": ["read_repository"]})");
      rig.transport.answer("GET https://gitlab.com/api/v4/user", 200, R"({"username": "project_9_bot", "bot": true})");
      rig.transport.answer("GET https://gitlab.com/api/v4/projects/9", 403, R"({"message": "403 Forbidden"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.resource.empty());
      const std::vector<std::vector<std::string>> scopes{{"api"}};
      const std::vector<std::string> required{"api"};
      CHECK(providers::find_preset("gitlab")->fix_writer({scopes, required, rig.spec, "https://gitlab.com", "", facts}) ==
            "create a project token with api under Settings > Access tokens of its project (GitLab cannot add scopes "
            "to an existing token)");
    }
    SUBCASE("project 403, in GitLab CI") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.context.wanted = {"api"};
      rig.environment.set("CI_PROJECT_ID", "9");
      rig.environment.set("CI_PROJECT_PATH", "acme/web");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"active": true, "scopes": ["read_repository"]})");
      rig.transport.answer("GET https://gitlab.com/api/v4/user", 200, R"({"username": "project_9_bot", "bot": true})");
      rig.transport.answer("GET https://gitlab.com/api/v4/projects/9", 403, R"({"message": "403 Forbidden"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.resource == "acme/web");
    }
    SUBCASE("a path that is not a GitLab path never goes into a link") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.context.wanted = {"api"};
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"active": true, "scopes": []})");
      rig.transport.answer("GET https://gitlab.com/api/v4/user", 200, R"({"username": "project_9_bot", "bot": true})");
      rig.transport.answer("GET https://gitlab.com/api/v4/projects/9", 200,
                           R"({"path_with_namespace": "acme/web?x=<script>"})");
      CHECK(rig.ask().resource.empty());
    }
  }

  TEST_CASE("a person's token: no bot, the personal page pre-filled with name, scopes and description") {
    Rig rig("gitlab", "https://gitlab.com");
    rig.context.wanted = {"write_registry"};
    rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                         R"({"active": true, "scopes": ["read_api"]})");
    rig.transport.answer("GET https://gitlab.com/api/v4/user", 200, R"({"username": "project_9_bot", "bot": false})");
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.requests.size() == 2);
    CHECK(facts.token_kind.empty());
    const std::vector<std::vector<std::string>> scopes{{"write_registry"}};
    const std::vector<std::string> required{"read_api", "write_registry"};
    CHECK(providers::find_preset("gitlab")->fix_writer({scopes, required, rig.spec, "https://gitlab.com", "", facts}) ==
          "create a token with write_registry at https://gitlab.com/-/user_settings/personal_access_tokens"
          "?name=scopegate%20gitlab&scopes=read_api,write_registry&description=made%20for%20scopegate%20gitlab "
          "(GitLab cannot add scopes to an existing token)");
  }

  TEST_CASE("a token that may not read /api/v4/user: a person's page, and where a bot's token is made") {
    Rig rig("gitlab", "https://gitlab.com");
    rig.context.wanted = {"api"};
    rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                         R"({"active": true, "scopes": ["read_repository"]})");
    rig.transport.answer("GET https://gitlab.com/api/v4/user", 403, R"({"error": "insufficient_scope"})");
    const TokenFacts facts = rig.ask();
    const std::vector<std::vector<std::string>> scopes{{"api"}};
    const std::vector<std::string> required{"api"};
    CHECK(providers::find_preset("gitlab")->fix_writer({scopes, required, rig.spec, "https://gitlab.com", "", facts}) ==
          "create a token with api at https://gitlab.com/-/user_settings/personal_access_tokens?name=scopegate%20gitlab"
          "&scopes=api&description=made%20for%20scopegate%20gitlab, or, for a project's or group's access token, under "
          "its Settings > Access tokens (GitLab cannot add scopes to an existing token)");
  }

  TEST_CASE("every checked scope held by name: the owner is not asked") {
    Rig rig("gitlab", "https://gitlab.com");
    rig.context.wanted = {"read_api"};
    rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                         R"({"active": true, "scopes": ["read_api"]})");
    rig.ask();
    CHECK(rig.transport.requests.size() == 1);
  }
}

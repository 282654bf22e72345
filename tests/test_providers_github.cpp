#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/github.cpp: the github preset, its answers read and asked live.
TEST_SUITE("providers.github") {
  TEST_CASE("a classic token lists its scopes in X-OAuth-Scopes") {
    const auto facts = interpret("github", 200, R"({"login": "octocat", "id": 1})",
                                 {{"X-OAuth-Scopes", "repo, read:org, gist"},
                                  {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org", "gist"});
    CHECK(facts.expiry_known);
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at == at("2026-12-01T12:00:00Z"));
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.unverifiable_reason.empty());
    CHECK(facts.notes.empty());
  }

  TEST_CASE("header names are case-insensitive (HTTP/2 sends them in lower case)") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"x-oauth-scopes", "repo"},
                                  {"github-authentication-token-expiration", "2027-01-02 03:04:05 UTC"}});
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK(expiry(facts) == "2027-01-02T03:04:05Z");
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("a classic token without an expiry header never expires") {
    const auto facts = interpret("github", 200, R"({"login": "octocat"})", {{"X-OAuth-Scopes", "repo, workflow"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.granted, {"repo", "workflow"});
  }

  TEST_CASE("an empty X-OAuth-Scopes header is a token with no scopes") {
    const auto facts = interpret("github", 200, "{}", {{"X-OAuth-Scopes", ""}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("without X-OAuth-Scopes the scopes cannot be listed") {
    SUBCASE("no expiry either") {
      const auto facts = interpret("github", 200, R"({"login": "octocat"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(contains(facts.unverifiable_reason, "fine-grained"));
      CHECK(contains(facts.unverifiable_reason, "X-OAuth-Scopes"));
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
      CHECK(facts.account == std::optional<std::string>("octocat"));
    }
    SUBCASE("a fine-grained token with an expiry") {
      const auto facts = interpret("github", 200, "{}",
                                   {{"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
    }
  }

  TEST_CASE("an unreadable expiry header is a note") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"X-OAuth-Scopes", "repo"}, {"GitHub-Authentication-Token-Expiration", "someday"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.notes, {"cannot read the token expiry \"someday\""});
  }

  TEST_CASE("a body that is not JSON does not matter") {
    const auto facts = interpret("github", 200, "<html>", {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("401 Bad credentials rejects the token") {
    const auto facts = interpret(
        "github", 401,
        R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }

  TEST_CASE("403 rate limiting is an error") {
    const auto facts = interpret("github", 403, R"({"message": "API rate limit exceeded for user ID 1."})",
                                 {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error ==
          "GitHub is limiting requests (HTTP 403 to GET /user: API rate limit exceeded for user ID 1.); try again "
          "after the limit resets");
    CHECK(facts.granted.empty());
  }

  TEST_CASE("github asks GET /user with a Bearer token and reads X-OAuth-Scopes") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "octocat", "id": 1})",
                         {{"X-OAuth-Scopes", "repo, read:org"},
                          {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_of(request, "X-GitHub-Api-Version") == std::optional<std::string>("2022-11-28"));
    CHECK(request.body.empty());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org"});
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
  }

  TEST_CASE("github Enterprise Server: GET {base}/user under /api/v3") {
    Rig rig("github", "https://ghe.example.com/api/v3");
    rig.transport.answer("GET https://ghe.example.com/api/v3/user", 200, R"({"login": "ci"})", {{"X-OAuth-Scopes", ""}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://ghe.example.com/api/v3/user"});
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
  }

  TEST_CASE("github: a token without X-OAuth-Scopes and no repository to probe is unverifiable, nothing more is sent") {
    Rig rig("github", "https://api.github.com");
    rig.context.wanted = {"repo"};
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "github-actions[bot]"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason ==
          "a token that lists no scopes (fine-grained, GitHub App or GITHUB_TOKEN) does not list its permissions; no "
          "repository is named (repository: owner/name, or $GITHUB_REPOSITORY in Actions), so no repository "
          "permission can be probed");
    CHECK_FALSE(facts.expiry_known);
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
  }

  TEST_CASE("github: 401 Bad credentials rejects the token") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 401,
                         R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }
}

// The modern tokens (github-tokens.md): kinds, the probe table on a
// repository, the equivalences with classic scopes, and the fix per kind.
namespace {
constexpr const char* kApi = "https://api.github.com";
constexpr const char* kUser = "GET https://api.github.com/user";
constexpr const char* kRepo = "GET https://api.github.com/repos/acme/app";
constexpr const char* kCommits = "GET https://api.github.com/repos/acme/app/commits?per_page=1";
constexpr const char* kIssues = "GET https://api.github.com/repos/acme/app/issues?per_page=1";
constexpr const char* kPulls = "POST https://api.github.com/repos/acme/app/pulls";
const std::string kFineGrainedToken = "github_pat_11FAKE_fakefakefake";
const std::string kInstallationToken = "ghs_FakeFakeFakeFakeFake";

// A Rig for `token` on acme/app, wanting `wanted`, /user answering like a
// fine-grained token (no scope header).
void modern_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.spec.resource = text("acme/app");
  rig.context.resource = "acme/app";
  rig.context.wanted = std::move(wanted);
  rig.transport.answer(kUser, 200, R"({"login": "release-bot"})");
  rig.transport.answer(kRepo, 200, R"({"full_name": "acme/app", "private": true})");
}

}  // namespace

TEST_SUITE("providers.github.modern") {
  TEST_CASE("a fine-grained token: the repository first, then one GET per wanted read, in table order") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"issues:read", "contents:read", "metadata:read"});
    rig.transport.answer(kCommits, 409, R"({"message": "Git Repository is empty."})");  // empty: still readable
    rig.transport.answer(kIssues, 403, R"({"message": "Resource not accessible by personal access token"})",
                         {{"X-Accepted-GitHub-Permissions", "issues=read"}});
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(rig.transport.sent(), {kUser, kRepo, kIssues, kCommits});
    CHECK(facts.token_kind == "fine-grained");
    CHECK(facts.resource == "acme/app");
    CHECK_FALSE(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"contents:read"});  // metadata:read: implied by it
    CHECK_STRINGS(facts.proven_missing, {"issues:read"});
    CHECK(has_note(facts, "issues:read refused by GET /repos/acme/app/issues?per_page=1 (HTTP 403): GitHub says "
                          "\"Resource not accessible by personal access token\"; GitHub says this request needs "
                          "issues:read"));
    CHECK(facts.unverifiable_reason == "a fine-grained personal access token does not list its permissions");
  }

  TEST_CASE("writes: not sent unless allowed, then once, with a body built to fail, and no redirect") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"pull_requests:write", "contents:write"});
    rig.transport.answer(kPulls, 422, R"({"message": "Validation Failed"})");
    SUBCASE("not allowed: only their reads, which can prove them missing, never held") {
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(rig.transport.sent(),
                    {kUser, kRepo, "GET https://api.github.com/repos/acme/app/pulls?per_page=1", kCommits});
      CHECK_STRINGS(facts.granted, {"metadata:read"});  // the repository answered
      CHECK(facts.unverifiable_reason ==
            "a fine-grained personal access token does not list its permissions; contents:write: no request proves "
            "it without changing something (a classic token's scopes, or the workflow's permissions: with "
            "workflow_token: true, would say); pull_requests:write: only a write probe proves it "
            "(--allow-write-probes)");
    }
    SUBCASE("allowed") {
      rig.context.allow_write_probes = true;
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(rig.transport.sent(), {kUser, kRepo, kPulls, kCommits});  // contents:write: its read
      const net::HttpRequest& post = rig.request(2);
      CHECK(post.body == "{}");
      CHECK(header_of(post, "Content-Type") == std::optional<std::string>("application/json"));
      CHECK_FALSE(post.retry);
      CHECK_FALSE(post.follow_redirects);
      CHECK_STRINGS(facts.granted, {"pull_requests:write"});
      CHECK(facts.unverifiable_reason ==
            "a fine-grained personal access token does not list its permissions; contents:write: no request proves "
            "it without changing something (a classic token's scopes, or the workflow's permissions: with "
            "workflow_token: true, would say)");
    }
  }

  TEST_CASE("404 on the repository: outside the token's selection, every repository permission missing") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"contents:read", "issues:write", "members:read", "repo"});
    rig.transport.answer(kRepo, 404, R"({"message": "Not Found"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.resource_unreachable);
    // members:read is the organisation's, not the repository's: still open.
    CHECK_STRINGS(facts.proven_missing, {"contents:read", "issues:write", "repo"});
    CHECK(has_note(facts, "acme/app is not in the token's repository access (or does not exist)"));
  }

  TEST_CASE("an installation token is never sent to /user, which refuses it") {
    Rig rig("github", kApi, kInstallationToken);
    modern_rig(rig, {"contents:read"});
    rig.transport.answer(kCommits, 200, "[]");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kRepo, kCommits});
    CHECK(facts.token_kind == "installation");
    CHECK_STRINGS(facts.granted, {"contents:read"});  // metadata:read: implied by it
  }

  TEST_CASE("a token of unknown shape that /user refuses as an integration is an installation token") {
    Rig rig("github", kApi);
    modern_rig(rig, {"contents:read"});
    rig.transport.answer(kUser, 403, R"({"message": "Resource not accessible by integration"})");
    rig.transport.answer(kCommits, 200, "[]");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.token_kind == "installation");
    CHECK_STRINGS(facts.granted, {"contents:read"});  // metadata:read: implied by it
  }

  TEST_CASE("a classic scope wanted of a fine-grained token is answered through the permissions it stands for") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"read:packages", "repo"});
    rig.transport.answer(kCommits, 403, R"({"message": "Resource not accessible by personal access token"})");
    const TokenFacts facts = rig.ask();
    // repo stands for contents:write among others; even its read was refused.
    CHECK(has_note(facts, "contents:read refused by GET /repos/acme/app/commits?per_page=1 (HTTP 403)"));
    CHECK(has_note(facts, "contents:write is missing: even contents:read was refused"));
    CHECK(has_note(facts, "repo is missing: it stands for contents:write, which the token lacks"));
    CHECK(std::find(facts.proven_missing.begin(), facts.proven_missing.end(), "repo") != facts.proven_missing.end());
  }

  TEST_CASE("faults on a probe: 5xx and resets prove nothing, 429 and 401 end the check") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"contents:read", "issues:read"});
    SUBCASE("502 and a reset") {
      rig.transport.answer(kCommits, 502, "<html>Bad gateway</html>");
      rig.transport.fail(kIssues, "reading the answer from api.github.com:443: connection reset by peer");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.granted == std::vector<std::string>{"metadata:read"});
      CHECK(facts.proven_missing.empty());
      // Unanswered, not unverifiable: the provider could not be asked (exit 4).
      REQUIRE(facts.unanswered.size() == 2);
      CHECK(facts.unanswered[0].first == "contents:read");  // the table's order
      CHECK(facts.unanswered[1].first == "issues:read");
      CHECK(has_note(facts, "answered HTTP 502: the provider failed, so contents:read could not be asked"));
      CHECK(has_note(facts, "probe for issues:read (GET /repos/acme/app/issues?per_page=1) failed: reading the answer"));
    }
    SUBCASE("a write whose read got no answer, and everything when the repository got none, are unanswered too") {
      rig.context.wanted = {"issues:write", "contents:write"};
      rig.transport.answer(kIssues, 502, "<html>Bad gateway</html>");
      rig.transport.answer(kCommits, 200, "[]");
      TokenFacts facts = rig.ask();
      REQUIRE(facts.unanswered.size() == 2);
      CHECK(facts.unanswered[1].first == "issues:write");
      CHECK(contains(facts.unanswered[1].second, "answered HTTP 502"));
      rig.transport.answer(kRepo, 503, "{}");
      facts = rig.ask();
      std::vector<std::string> unanswered;
      for (const auto& [scope, why] : facts.unanswered) unanswered.push_back(scope);
      CHECK(std::find(unanswered.begin(), unanswered.end(), "contents:write") != unanswered.end());
      CHECK(std::find(unanswered.begin(), unanswered.end(), "issues:write") != unanswered.end());
    }
    SUBCASE("429") {
      rig.transport.answer(kIssues, 429, R"({"message": "slow down"})", {{"Retry-After", "60"}});
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "GitHub is limiting requests (HTTP 429 to GET /repos/acme/app/issues?per_page=1: slow "
                           "down); try again in 60 s");
    }
    SUBCASE("a secondary rate limit on the repository") {
      rig.transport.answer(kRepo, 403, R"({"message": "You have exceeded a secondary rate limit"})",
                           {{"Retry-After", "30"}});
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(contains(facts.error, "GitHub is limiting requests (HTTP 403 to GET /repos/acme/app: You have exceeded a "
                                  "secondary rate limit)"));
    }
    SUBCASE("a primary rate limit says when it resets") {
      rig.transport.answer(kIssues, 403, R"({"message": "API rate limit exceeded"})",
                           {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1796000000"}});
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(contains(facts.error, "try again after 2026-11-30T00:53:20Z"));
    }
    SUBCASE("a primary rate limit said only in words, on a probe") {
      rig.transport.answer(kIssues, 403, R"({"message": "API rate limit exceeded for installation ID 7."})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "GitHub is limiting requests (HTTP 403 to GET /repos/acme/app/issues?per_page=1: API rate "
                           "limit exceeded for installation ID 7.); try again after the limit resets");
    }
    SUBCASE("401") {
      rig.transport.answer(kRepo, 401, R"({"message": "Bad credentials"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
    }
  }

  TEST_CASE("a 403 from an endpoint that needs two permissions proves one missing only when the other is held") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"contents:read", "pull_requests:read"});
    rig.transport.answer("GET https://api.github.com/repos/acme/app/pulls?per_page=1", 403,
                         R"({"message": "Resource not accessible by personal access token"})",
                         {{"X-Accepted-GitHub-Permissions", "pull_requests=read,contents=read"}});
    SUBCASE("the other held") {
      rig.transport.answer(kCommits, 200, "[]");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.proven_missing, {"pull_requests:read"});
      CHECK(has_note(facts, "which also needs contents:read, which the token holds"));
    }
    SUBCASE("the other refused too: the answer does not say which") {
      rig.transport.answer(kCommits, 403, R"({"message": "Resource not accessible by personal access token"})");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.proven_missing, {"contents:read"});
      CHECK(has_note(facts, "needs pull_requests:read and contents:read: the answer does not say which is missing"));
    }
  }

  TEST_CASE("what a kind of token can never hold is missing without a request, naming who can") {
    Rig rig("github", kApi, kFineGrainedToken);
    modern_rig(rig, {"checks:write", "id_token:write"});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(facts.proven_missing, {"checks:write", "id_token:write"});
    CHECK(has_note(facts, "cannot hold checks:write (only GitHub Apps and the workflow's GITHUB_TOKEN can)"));
    CHECK(has_note(facts, "cannot hold id_token:write (only the workflow's GITHUB_TOKEN can)"));
    for (const std::string& sent : rig.transport.sent()) CHECK_FALSE(contains(sent, "check-runs"));
  }

  TEST_CASE("a classic token reads a public repository's code and issues with no scope at all") {
    Rig rig("github", kApi, "ghp_FakeFakeFake");
    modern_rig(rig, {"contents:read", "issues:write"});
    rig.transport.answer(kUser, 200, R"({"login": "octocat"})", {{"X-OAuth-Scopes", "read:org"}});
    rig.transport.answer(kRepo, 200, R"({"private": false})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(facts.granted, {"read:org", "contents:read"});
    CHECK(has_note(facts, "contents:read is held: acme/app is public, and any token reads it"));
    // A write needs a scope even on a public repository: the list says it is not there.
    CHECK_FALSE(std::find(facts.granted.begin(), facts.granted.end(), "issues:write") != facts.granted.end());
  }

  TEST_CASE("the repository comes from repository:, else $GITHUB_REPOSITORY, and must be owner/name") {
    Rig rig("github", kApi, kFineGrainedToken);
    rig.context.wanted = {"contents:read"};
    rig.transport.answer(kUser, 200, "{}");
    SUBCASE("from the run") {
      rig.environment.set("GITHUB_REPOSITORY", "acme/app");
      rig.transport.answer(kRepo, 200, "{}");
      rig.transport.answer(kCommits, 200, "[]");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.granted, {"contents:read"});  // metadata:read: implied by it
    }
    SUBCASE("a variable that is not owner/name never reaches a URL") {
      rig.environment.set("GITHUB_REPOSITORY", "acme/app/../../user");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(rig.transport.sent(), {kUser});
      CHECK(contains(facts.unverifiable_reason, "$GITHUB_REPOSITORY is 'acme/app/../../user', not owner/name"));
    }
  }

  TEST_CASE("a classic token's scopes answer fine-grained names, and public_repo asks for the visibility") {
    Rig rig("github", kApi, "ghp_FakeFakeFake");
    modern_rig(rig, {"contents:write", "issues:write", "members:read"});
    rig.transport.answer(kUser, 200, R"({"login": "octocat"})", {{"X-OAuth-Scopes", "public_repo, write:org"}});
    SUBCASE("public") {
      rig.transport.answer(kRepo, 200, R"({"private": false})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.token_kind == "classic");
      CHECK_STRINGS(facts.granted, {"public_repo", "write:org", "contents:write", "issues:write"});
      CHECK(has_note(facts, "members:read is held through write:org (scopegate's table says write:org covers it; "
                            "GitHub's docs do not say)"));
      CHECK(has_note(facts, "contents:write is held through public_repo (acme/app is public)"));
      CHECK(facts.unsettled.empty());
    }
    SUBCASE("private") {
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.granted, {"public_repo", "write:org"});
      CHECK(has_note(facts, "contents:write, issues:write: not held, acme/app is private"));
    }
    SUBCASE("a visibility that cannot be read leaves them unverifiable") {
      rig.transport.answer(kRepo, 200, "<html>");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.unsettled, {"contents:write", "issues:write"});
      CHECK(facts.unverifiable_reason == "contents:write, issues:write are held on a public repository only, "
                                         "and the visibility of acme/app could not be read (HTTP 200)");
    }
  }
}

TEST_SUITE("providers.github") {
  TEST_CASE("init --preset github offers both vocabularies and the new keys, commented") {
    const providers::PresetInfo* github = providers::find_preset("github");
    REQUIRE(github != nullptr);
    const std::string_view starter = github->starter_manifest;
    for (const char* part : {"requires: [contents:write, pull_requests:write]", "any: [read:org, admin:org]",
                             "# repository: acme/app", "# workflow_token: true", "fine-grained (github_pat_)"}) {
      CAPTURE(part);
      CHECK(contains(starter, part));
    }
  }
}

#include <doctest/doctest.h>

#include "providers/github_tokens.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;

// providers/github_fix.cpp: the fix for a GitHub token, in its kind's vocabulary.
namespace {
constexpr const char* kApi = "https://api.github.com";

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes,
                    std::string base_url = kApi, manifest::ProviderSpec spec = {}) {
  spec.name = "ci";
  const std::vector<std::string> required;
  const providers::FixRequest request{scopes, required, spec, base_url, "https://github.com/settings/tokens", facts};
  return providers::github::write_fix(request);
}

TokenFacts of_kind(std::string kind, std::string resource = "acme/app") {
  TokenFacts facts;
  facts.token_kind = std::move(kind);
  facts.resource = std::move(resource);
  return facts;
}
}  // namespace

TEST_SUITE("providers.github_fix") {
  TEST_CASE("classic: the narrowest scope that covers each name, pre-filled, never a scope that does not exist") {
    TokenFacts facts = of_kind("classic");
    facts.scopes_listed = true;
    CHECK(fix_for(facts, {{"contents:write"}, {"statuses:write"}, {"members:read"}}) ==
          "add repo, repo:status, read:org to the token at "
          "https://github.com/settings/tokens/new?scopes=repo,repo:status,read:org&description=scopegate%20ci "
          "(for gh's own token: gh auth refresh -s repo,repo:status,read:org)");
    CHECK(fix_for(facts, {{"secret_scanning_alerts:read"}}) ==
          "no classic scope covers secret_scanning_alerts:read: only fine-grained personal access tokens, GitHub "
          "Apps and the workflow's GITHUB_TOKEN can hold it");
  }

  TEST_CASE("classic on GitHub Enterprise Server: the server's own host, and a manifest token_page wins") {
    TokenFacts facts = of_kind("classic");
    CHECK(fix_for(facts, {{"workflow"}}, "https://ghe.example.com/api/v3") ==
          "add workflow to the token at https://ghe.example.com/settings/tokens/new?scopes=workflow&description="
          "scopegate%20ci (for gh's own token: gh auth refresh -s workflow)");
    manifest::ProviderSpec spec;
    spec.token_page = text("https://github.com/settings/tokens");
    CHECK(contains(fix_for(facts, {{"workflow"}}, kApi, spec), "to the token at https://github.com/settings/tokens ("));
  }

  TEST_CASE("fine-grained: one parameter per permission at its highest level, then the repository to select") {
    TokenFacts facts = of_kind("fine-grained");
    CHECK(fix_for(facts, {{"contents:read"}, {"contents:write"}, {"workflow"}}) ==
          "give the token contents:read, contents:write, workflows:write (edit it at "
          "https://github.com/settings/personal-access-tokens, or create one pre-filled at "
          "https://github.com/settings/personal-access-tokens/new?name=scopegate%20ci&target_name=acme"
          "&contents=write&workflows=write), then select acme/app under Repository access");
    facts.resource_unreachable = true;
    CHECK(fix_for(facts, {{"issues:read"}}).starts_with(
        "add acme/app to the token's repository access at https://github.com/settings/personal-access-tokens, then "
        "give the token issues:read"));
    CHECK(contains(fix_for(facts, {{"gist"}}), "gist is a classic scope with no fine-grained counterpart: use a classic token for it"));
  }

  TEST_CASE("an App token: the App's permissions, never a token page") {
    CHECK(fix_for(of_kind("installation"), {{"issues:write"}}) ==
          "give the GitHub App issues:write in its settings (Permissions & events), have the installation accept "
          "them, and mint a new token");
  }

  TEST_CASE("the workflow's GITHUB_TOKEN: the whole permissions: block, at the job") {
    TokenFacts facts = of_kind("workflow");
    facts.granted = {"contents:read", "metadata:read", "issues:write"};
    facts.fix_location = manifest::FileLocation{".github/workflows/ci.yml", {9, 3}, "job release"};
    CHECK(fix_for(facts, {{"contents:write"}, {"pull_requests:read"}}) ==
          "set `permissions: {contents: write, issues: write, pull-requests: read}` on job release in "
          ".github/workflows/ci.yml:9");
    CHECK(fix_for(facts, {{"administration:write"}}) ==
          "set `permissions: {contents: read, issues: write}` on job release in .github/workflows/ci.yml:9; the "
          "workflow's GITHUB_TOKEN cannot hold administration:write: use a GitHub App token or a personal access "
          "token for it");
  }

  TEST_CASE("the workflow's GITHUB_TOKEN on a repository it cannot reach: no permissions: block helps") {
    TokenFacts facts = of_kind("workflow", "acme/other");
    facts.resource_unreachable = true;
    facts.fix_location = manifest::FileLocation{".github/workflows/ci.yml", {9, 3}, "job release"};
    CHECK(fix_for(facts, {{"issues:write"}}) ==
          "the workflow's GITHUB_TOKEN reaches only the repository its workflow runs in, and GitHub answered 404 for "
          "acme/other, so no permissions: block helps; for acme/other use a GitHub App installation token or a "
          "fine-grained personal access token that selects it");
  }

  TEST_CASE("a saved classic answer without a token to tell its kind keeps the classic advice") {
    TokenFacts facts;
    facts.scopes_listed = true;
    CHECK(contains(fix_for(facts, {{"write:packages"}}), "add write:packages to the token at"));
    TokenFacts unlisted;
    CHECK(fix_for(unlisted, {{"gist"}}).empty());  // the preset's template then
  }
}

TEST_SUITE("providers.github_fix") {
  TEST_CASE("the preset's row carries the fix writer") {
    const providers::PresetInfo* github = providers::find_preset("github");
    REQUIRE(github != nullptr);
    CHECK((github->fix_writer == &providers::github::write_fix));
  }
}

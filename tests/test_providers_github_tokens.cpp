#include <doctest/doctest.h>

#include "providers/github_tokens.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
namespace github = scopegate::providers::github;

// providers/github_tokens.cpp: GitHub's permissions, scopes, equivalences, kinds and addresses as data.
TEST_SUITE("providers.github_tokens") {
  TEST_CASE("fine-grained permissions at their levels, a level including the lower, classic scopes their equivalents") {
    const auto* github = providers::find_preset("github");
    REQUIRE(github);
    const scope::Vocabulary vocabulary = providers::build_vocabulary(*github, manifest::ProviderSpec{});
    CHECK(vocabulary.is_closed());
    for (const char* name : {"contents:read", "contents:write", "metadata:read", "workflows:write", "members:read",
                             "repository_projects:admin", "id_token:write", "repo", "read:org"}) {
      CAPTURE(name);
      CHECK(vocabulary.is_known(name));
    }
    for (const char* name : {"workflows:read", "metadata:write", "contents:admin", "contents", "pull-requests:write"}) {
      CAPTURE(name);
      CHECK_FALSE(vocabulary.is_known(name));
    }
    CHECK(vocabulary.closest_known("workflows:read") == std::optional<std::string>("workflows:write"));
    CHECK(vocabulary.closest_known("contents") == std::optional<std::string>("contents:read"));  // a bare name
    // Any repository permission comes with metadata:read (GitHub grants it with the first).
    REQUIRE(vocabulary.implied_by("issues:read"));
    CHECK_STRINGS(*vocabulary.implied_by("issues:read"), {"metadata:read"});
    REQUIRE(vocabulary.implied_by("contents:write"));
    CHECK_STRINGS(*vocabulary.implied_by("contents:write"), {"contents:read"});
    REQUIRE(vocabulary.implied_by("workflow"));
    CHECK_STRINGS(*vocabulary.implied_by("workflow"), {"workflows:write"});
    // public_repo covers public repositories only: decided per repository, never here.
    CHECK(vocabulary.implied_by("public_repo") == nullptr);
  }

  TEST_CASE("repository: must be owner/name, at its line, and a variable is checked when expanded") {
    const auto* github = providers::find_preset("github");
    REQUIRE(github);
    REQUIRE((github->manifest_rules != nullptr));
    for (const auto& [value, ok] : std::vector<std::pair<std::string, bool>>{
             {"acme/app", true}, {"acme/app.js", true}, {"${GITHUB_REPOSITORY}", true}, {"acme", false},
             {"acme/app/extra", false}, {"acme/..", false}, {"ac me/app", false}, {"/app", false}}) {
      CAPTURE(value);
      manifest::ProviderSpec spec;
      spec.resource = manifest::Text{value, {7, 17}};
      manifest::Diagnostics diagnostics;
      github->manifest_rules(spec, diagnostics);
      CHECK(diagnostics.error_count() == (ok ? 0u : 1u));
    }
  }
}

TEST_SUITE("providers.github_tokens") {
  TEST_CASE("a permission is NAME:LEVEL at a level it has") {
    const auto contents = github::parse_permission("contents:write");
    REQUIRE(contents);
    CHECK(contents->row->name == "contents");
    CHECK(contents->level == "write");
    CHECK_FALSE(github::parse_permission("contents"));
    CHECK_FALSE(github::parse_permission("metadata:write"));
    CHECK_FALSE(github::parse_permission("read:org"));
    CHECK(github::level_covers("contents:write", "contents:read"));
    CHECK_FALSE(github::level_covers("contents:read", "contents:write"));
    CHECK_FALSE(github::level_covers("issues:write", "contents:read"));
    CHECK(github::level_covers("repository_projects:admin", "repository_projects:write"));
  }

  TEST_CASE("classic scopes and permissions: the narrowest scope that covers, and what a scope stands for") {
    CHECK(github::classic_for("statuses:write") == "repo:status");
    CHECK(github::classic_for("statuses:read") == "repo:status");
    CHECK(github::classic_for("contents:read") == "repo");
    CHECK(github::classic_for("packages:write") == "write:packages");
    CHECK(github::classic_for("secret_scanning_alerts:read").empty());
    CHECK_STRINGS(github::permissions_of_classic("workflow"), {"workflows:write"});
    CHECK(github::permissions_of_classic("gist").empty());
    const auto held = github::classic_closure({"admin:org", "repo"});
    for (const char* scope : {"admin:org", "write:org", "read:org", "repo", "public_repo", "repo:status"}) {
      CAPTURE(scope);
      CHECK(held.count(scope) == 1);
    }
    CHECK(held.count("workflow") == 0);
  }

  TEST_CASE("the kind of a token: its prefix, the words of a refusal") {
    CHECK(github::kind_of_token("ghp_abc") == github::Kind::kClassic);
    CHECK(github::kind_of_token("gho_abc") == github::Kind::kOAuth);
    CHECK(github::kind_of_token("github_pat_11abc") == github::Kind::kFineGrained);
    CHECK(github::kind_of_token("ghu_abc") == github::Kind::kAppUser);
    CHECK(github::kind_of_token("ghs_abc") == github::Kind::kInstallation);
    CHECK(github::kind_of_token("0123456789abcdef0123456789abcdef01234567") == github::Kind::kUnknown);
    CHECK(github::kind_of_token("") == github::Kind::kUnknown);
    CHECK(github::kind_named("fine-grained") == github::Kind::kFineGrained);
    CHECK(github::kind_named("") == github::Kind::kUnknown);
    CHECK(github::kind_of_refusal(R"({"message": "Resource not accessible by integration"})") ==
          github::Kind::kInstallation);
    CHECK(github::kind_of_refusal(R"({"message": "Resource not accessible by personal access token"})") ==
          github::Kind::kFineGrained);
    CHECK(github::kind_of_refusal(R"({"message": "Not Found"})") == github::Kind::kUnknown);
  }

  TEST_CASE("addresses: owner/name checked, encoded into paths, and the web host of an API") {
    CHECK(github::is_repository("acme/app"));
    CHECK(github::is_repository("a-b/c.d_e"));
    CHECK_FALSE(github::is_repository("acme"));
    CHECK_FALSE(github::is_repository("acme/."));
    CHECK_FALSE(github::is_repository("acme/app?x=1"));
    CHECK_FALSE(github::is_repository(std::string(40, 'a') + "/app"));
    CHECK(github::repository_path("/repos/{repo}/labels/{none}", "acme/app") ==
          "/repos/acme/app/labels/scopegate-probe-does-not-exist");
    CHECK(github::web_base("https://api.github.com") == "https://github.com");
    CHECK(github::web_base("https://api.github.com/") == "https://github.com");
    CHECK(github::web_base("https://ghe.example.com/api/v3") == "https://ghe.example.com");
    CHECK(github::web_base("") == "https://github.com");
  }

  TEST_CASE("the probe table: the repository first, reads by GET, writes with a body built to fail") {
    REQUIRE_FALSE(github::kReadProbes.empty());
    CHECK(github::kReadProbes.front().permission == "metadata:read");
    CHECK(github::kReadProbes.front().path == "/repos/{repo}");
    for (const github::ProbeRow& row : github::kReadProbes) {
      CAPTURE(row.permission);
      CHECK(row.method == "GET");
      CHECK(github::is_permission(row.permission));
    }
    for (const github::ProbeRow& row : github::kWriteProbes) {
      CAPTURE(row.permission);
      CHECK(row.method != "GET");
      CHECK(row.body == "{}");
      CHECK(github::is_permission(row.permission));
      CHECK(std::find(row.held.begin(), row.held.end(), 200) == row.held.end());
    }
    for (const github::Equivalence& row : github::kEquivalences) {
      CAPTURE(row.classic);
      CHECK(github::is_classic_scope(row.classic));
      CHECK(github::is_permission(row.permission));
    }
  }
}

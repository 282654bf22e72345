#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

namespace {
std::string fix_for(const TokenFacts& facts, const std::string& resource) {
  manifest::ProviderSpec spec;
  spec.name = "bitbucket";
  spec.preset = text("bitbucket");
  if (!resource.empty()) spec.resource = text(resource);
  const std::vector<std::vector<std::string>> scopes{{"pullrequest:write"}};
  const std::vector<std::string> required;
  return providers::find_preset("bitbucket")->fix_writer(
      {scopes, required, spec, "https://api.bitbucket.org", "https://bitbucket.org/account/settings/", facts});
}
}  // namespace

// providers/bitbucket.cpp: the bitbucket preset, its answers read and asked live.
TEST_SUITE("providers.bitbucket") {
  TEST_CASE("x-oauth-scopes and x-credential-type, on a 200 and on the 403 an access token gets") {
    const Headers headers{{"x-oauth-scopes", "pullrequest, repository:write"},
                          {"x-credential-type", "repo_access_token"}};
    for (const int status : {200, 403}) {
      CAPTURE(status);
      const auto facts = interpret("bitbucket", status, R"({"username": "acme-bot"})", headers);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.scopes_listed);
      CHECK_STRINGS(facts.granted, {"pullrequest", "repository:write"});
      CHECK(facts.token_kind == "repo_access_token");
      CHECK(facts.account == (status == 200 ? std::optional<std::string>("acme-bot") : std::nullopt));
    }
  }

  TEST_CASE("401 rejects even with the header, no header is unverifiable or the status's error") {
    CHECK(interpret("bitbucket", 401, "{}", {{"x-oauth-scopes", "repository"}}).outcome == Outcome::kRejected);
    const auto bare = interpret("bitbucket", 200, R"({"username": "x"})");
    CHECK(bare.outcome == Outcome::kAccepted);
    CHECK_FALSE(bare.scopes_listed);
    CHECK(bare.unverifiable_reason == "Bitbucket sent no x-oauth-scopes header with this answer");
    CHECK(interpret("bitbucket", 500, "{}").outcome == Outcome::kError);
  }

  TEST_CASE("implications: pullrequest:write covers pullrequest and repository:write, pipeline:variable the pipeline") {
    const scope::Vocabulary vocabulary(providers::find_preset("bitbucket")->vocabulary());
    const scope::GrantIndex index(vocabulary, {"pullrequest:write", "pipeline:variable"});
    for (const char* scope : {"pullrequest", "repository:write", "repository", "pipeline:write", "pipeline"})
      CHECK(index.covers(scope));
    CHECK_FALSE(index.covers("project"));
  }

  TEST_CASE("the fix names the kind of access token and the page for its resource") {
    TokenFacts facts;
    facts.token_kind = "repo_access_token";
    CHECK(fix_for(facts, "acme/web") ==
          "create a repository access token with pullrequest:write at https://bitbucket.org/acme/web/admin/access-tokens "
          "(Bitbucket cannot add scopes to an existing token)");
    facts.token_kind = "project_access_token";
    CHECK(contains(fix_for(facts, "acme/PROJ"), "https://bitbucket.org/acme/workspace/projects/PROJ/settings/access-tokens"));
    facts.token_kind = "workspace_access_token";
    CHECK(contains(fix_for(facts, "acme"), "https://bitbucket.org/acme/workspace/settings/access-tokens"));
    facts.token_kind = "repo_access_token";
    CHECK(fix_for(facts, "${REPO}") == "create a repository access token with pullrequest:write under Access tokens in "
                                       "the repository's settings (Bitbucket cannot add scopes to an existing token; "
                                       "resource: WORKSPACE/REPO gives the page's link)");
    facts.token_kind = "";
    CHECK(fix_for(facts, "") == "create a token with pullrequest:write at https://bitbucket.org/account/settings/ "
                                "(Bitbucket cannot add scopes to an existing token)");
  }

  TEST_CASE("an error body naming the required scopes becomes a hint") {
    const auto hint = providers::find_preset("bitbucket")->error_body_hint(
        boost::json::parse(R"({"type": "error", "error": {"message": "x", "detail": {"required": ["pullrequest:write"]}}})"));
    CHECK(hint == "the provider says it needs pullrequest:write");
  }

  TEST_CASE("live: GET /2.0/user with the token as a bearer") {
    Rig rig("bitbucket", "https://api.bitbucket.org");
    rig.transport.answer("GET https://api.bitbucket.org/2.0/user", 403, "{}", {{"x-oauth-scopes", "repository"}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.bitbucket.org/2.0/user"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>(bearer()));
    CHECK_STRINGS(facts.granted, {"repository"});
  }
}

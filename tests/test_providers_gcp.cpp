#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/gcp.cpp: testIamPermissions per resource, tokeninfo beside it.
namespace {
constexpr const char* kCrm = "https://cloudresourcemanager.googleapis.com";
constexpr const char* kTestProd = "POST https://cloudresourcemanager.googleapis.com/v3/projects/acme-prod:testIamPermissions";
constexpr const char* kTestAssets =
    "POST https://cloudresourcemanager.googleapis.com/v3/projects/acme-assets:testIamPermissions";
constexpr const char* kTokenInfo = "POST https://oauth2.googleapis.com/tokeninfo";
const std::string kAccessToken = "ya29.a0FakeFakeFakeFakeFakeFakeFake";

void gcp_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.spec.resource = text("projects/acme-prod");
  rig.context.resource = "projects/acme-prod";
  rig.context.wanted = std::move(wanted);
  rig.transport.answer(kTokenInfo, 200,
                       R"({"email": "deployer@acme-prod.iam.gserviceaccount.com", "exp": "1796000000",
                           "scope": "https://www.googleapis.com/auth/cloud-platform", "expires_in": "3599"})");
}

std::string scope_problem(std::string_view scope) { return scope_problem_of("gcp", scope); }

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes) {
  return fix_of("gcp", facts, std::move(scopes), "gcp-prod", kCrm);
}
}  // namespace

TEST_SUITE("providers.gcp") {
  TEST_CASE("one request per resource, tokeninfo beside them, the token in a header and a form body only") {
    Rig rig("gcp", kCrm, kAccessToken);
    gcp_rig(rig, {"run.services.update", "iam.serviceAccounts.actAs", "storage.objects.create on projects/acme-assets"});
    rig.transport.answer(kTestProd, 200, R"({"permissions": ["run.services.update"]})");
    rig.transport.answer(kTestAssets, 200, "{}");  // none held: {}, not an empty list
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kTestProd, kTestAssets, kTokenInfo});
    CHECK(rig.request(0).body == R"({"permissions":["run.services.update","iam.serviceAccounts.actAs"]})");
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>("Bearer " + kAccessToken));
    CHECK_FALSE(header_of(rig.request(2), "Authorization"));
    CHECK(rig.request(2).body == "access_token=" + kAccessToken);
    CHECK_STRINGS(facts.granted, {"run.services.update"});
    CHECK_STRINGS(facts.proven_missing, {"iam.serviceAccounts.actAs", "storage.objects.create on projects/acme-assets"});
    CHECK(facts.account == std::optional<std::string>("deployer@acme-prod.iam.gserviceaccount.com"));
    CHECK(expiry(facts) == "2026-11-30T00:53:20Z");
    CHECK(facts.resource == "projects/acme-prod");
  }

  TEST_CASE("at most 100 permissions per request") {
    Rig rig("gcp", kCrm, kAccessToken);
    std::vector<std::string> wanted;
    for (int i = 0; i < 150; ++i) wanted.push_back("compute.instances.p" + std::to_string(i));
    gcp_rig(rig, wanted);
    rig.transport.answer(kTestProd, 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.sent().size() == 3);  // 100 + 50, and tokeninfo
    CHECK(facts.proven_missing.size() == 150);
  }

  TEST_CASE("faults: 401 rejects, 403 is an error saying why, 5xx and resets are unanswered, tokeninfo optional") {
    Rig rig("gcp", kCrm, kAccessToken);
    gcp_rig(rig, {"run.services.update"});
    SUBCASE("401") {
      rig.transport.answer(kTestProd, 401, R"({"error": {"code": 401, "message": "Request had invalid authentication credentials."}})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(contains(facts.error, "Request had invalid authentication credentials."));
    }
    SUBCASE("403") {
      rig.transport.answer(kTestProd, 403, R"({"error": {"message": "Cloud Resource Manager API has not been used"}})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(contains(facts.error, "the token lacks the cloud-platform OAuth scope, or the Cloud Resource Manager API "
                                  "is disabled"));
    }
    SUBCASE("503, a reset, a wrong shape") {
      for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
               {503, "{}"}, {200, R"({"permissions": "run.services.update"})"}, {200, "[]"}}) {
        CAPTURE(body);
        rig.transport.answer(kTestProd, status, body);
        const TokenFacts facts = rig.ask();
        CHECK(facts.outcome == Outcome::kAccepted);
        CHECK(facts.unanswered.size() == 1);
        CHECK(facts.granted.empty());
      }
      rig.transport.fail(kTestProd, "connecting to cloudresourcemanager.googleapis.com:443: timed out");
      CHECK(rig.ask().unanswered.size() == 1);
    }
    SUBCASE("tokeninfo fails: a note, the IAM answer still decides") {
      rig.transport.answer(kTokenInfo, 400, R"({"error": "invalid_token"})");
      rig.transport.answer(kTestProd, 200, R"({"permissions": ["run.services.update"]})");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.granted, {"run.services.update"});
      CHECK_FALSE(facts.account);
      CHECK(contains(facts.notes.at(0), "tokeninfo did not answer (HTTP 400)"));
    }
  }

  TEST_CASE("a resource from a variable that is not one of the three shapes never reaches a URL") {
    Rig rig("gcp", kCrm, kAccessToken);
    gcp_rig(rig, {"run.services.update"});
    rig.context.resource = "projects/../../v1/x";
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(rig.transport.sent().empty());
  }

  TEST_CASE("tokeninfo says when the token lacks the cloud-platform scope") {
    const auto facts = interpret("gcp", 200, R"({"azp": "123.apps.googleusercontent.com", "scope": "openid email"})");
    CHECK(facts.account == std::optional<std::string>("123.apps.googleusercontent.com"));
    CHECK(contains(facts.notes.at(0), "does not carry the cloud-platform OAuth scope"));
  }

  TEST_CASE("a scope is an IAM permission, optionally on a resource, never a wildcard") {
    CHECK(scope_problem("run.services.update").empty());
    CHECK(scope_problem("iam.serviceAccounts.actAs on projects/acme-prod").empty());
    CHECK(scope_problem("resourcemanager.projects.get on organizations/1234").empty());
    CHECK(contains(scope_problem("run.services.*"), "no wildcards"));
    CHECK(contains(scope_problem("run.update"), "is not an IAM permission"));
    CHECK(contains(scope_problem("run.services.update on acme-prod"), "is not a resource testIamPermissions takes"));
    CHECK(contains(scope_problem("run.services.update on folders/abc"), "is not a resource"));
  }

  TEST_CASE("the fix: a custom role of exactly the missing permissions, bound to the account tokeninfo named") {
    TokenFacts facts;
    facts.account = "deployer@acme-prod.iam.gserviceaccount.com";
    facts.resource = "projects/acme-prod";
    CHECK(fix_for(facts, {{"run.services.update"}, {"iam.serviceAccounts.actAs"}}) ==
          "gcloud iam roles create scopegate_gcp_prod_c16ee9ad --project=acme-prod "
          "--permissions=run.services.update,iam.serviceAccounts.actAs; gcloud projects add-iam-policy-binding "
          "acme-prod --member=serviceAccount:deployer@acme-prod.iam.gserviceaccount.com "
          "--role=projects/acme-prod/roles/scopegate_gcp_prod_c16ee9ad");
    // Another set of permissions, another role: two fixes never collide on one name.
    CHECK_FALSE(contains(fix_for(facts, {{"run.services.update"}}), "scopegate_gcp_prod_c16ee9ad"));
    // tokeninfo's account goes into a shell command only when it is a plain address.
    for (const char* odd : {"a@b.com;touch /tmp/pwn", "$(id)@x.iam.gserviceaccount.com", "-x@y.z", "no-at-sign"}) {
      CAPTURE(odd);
      facts.account = odd;
      CHECK(contains(fix_for(facts, {{"run.services.update"}}), "--member=MEMBER "));
    }
    facts.account = "deployer@acme-prod.iam.gserviceaccount.com";
    facts.account.reset();
    CHECK(contains(fix_for(facts, {{"storage.objects.create on folders/42"}}),
                   "grant MEMBER a role holding storage.objects.create on folders/42 (gcloud resource-manager folders "
                   "add-iam-policy-binding 42 --member=MEMBER --role=ROLE)"));
  }
}

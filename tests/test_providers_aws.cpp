#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/aws.cpp: STS GetCallerIdentity, then IAM SimulatePrincipalPolicy, signed.
namespace {
constexpr const char* kIam = "https://iam.amazonaws.com/";
constexpr const char* kStsKey = "POST https://sts.amazonaws.com/";
constexpr const char* kIamKey = "POST https://iam.amazonaws.com/";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

constexpr const char* kCaller = R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/deployer/gha-run-42</Arn>
    <UserId>AROAFAKE:gha-run-42</UserId><Account>123456789012</Account>
  </GetCallerIdentityResult></GetCallerIdentityResponse>)";

std::string simulation(const std::vector<std::pair<std::string, std::string>>& decisions) {
  std::string members;
  for (const auto& [action, decision] : decisions)
    members += "<member><EvalActionName>" + action + "</EvalActionName><EvalResourceName>*</EvalResourceName>"
               "<EvalDecision>" + decision + "</EvalDecision></member>";
  return R"(<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">)"
         "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>" +
         members + "</EvaluationResults></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>";
}

std::string error_xml(const std::string& code, const std::string& message) {
  return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message +
         "</Message></Error></ErrorResponse>";
}

void aws_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.context.wanted = std::move(wanted);
  rig.context.now = at("2026-12-07T12:34:56Z");
  rig.environment.set("AWS_ACCESS_KEY_ID", "ASIAFAKEFAKEFAKEFAKE");
  rig.environment.set("AWS_SESSION_TOKEN", "FQoGZXIvYXdzEFakeSessionTokenFake");
  rig.transport.answer(kStsKey, 200, kCaller);
}

std::string scope_problem(std::string_view scope) { return scope_problem_of("aws", scope); }

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes) {
  return fix_of("aws", facts, std::move(scopes), "aws", kIam);
}
}  // namespace

TEST_SUITE("providers.aws") {
  TEST_CASE("who, then the simulation as the session's role, both signed, the secret never sent") {
    Rig rig("aws", kIam, kSecret);
    aws_rig(rig, {"s3:PutObject", "cloudfront:CreateInvalidation", "ecs:UpdateService"});
    rig.transport.answer(kIamKey, 200, simulation({{"s3:PutObject", "allowed"},
                                                   {"cloudfront:CreateInvalidation", "implicitDeny"},
                                                   {"ecs:UpdateService", "explicitDeny"}}));
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kStsKey, kIamKey});
    CHECK(rig.request(0).body == "Action=GetCallerIdentity&Version=2011-06-15");
    CHECK(rig.request(1).body ==
          "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3A"
          "role%2Fdeployer&ActionNames.member.1=s3%3APutObject&ActionNames.member.2=cloudfront%3ACreateInvalidation"
          "&ActionNames.member.3=ecs%3AUpdateService");
    for (std::size_t i = 0; i < 2; ++i) {
      const net::HttpRequest& request = rig.request(i);
      // STS answers in JSON to Accept: application/json; scopegate reads its XML.
      CHECK(header_of(request, "Accept") == std::optional<std::string>("text/xml"));
      CHECK(header_of(request, "X-Amz-Date") == std::optional<std::string>("20261207T123456Z"));
      CHECK(header_of(request, "X-Amz-Security-Token") == std::optional<std::string>("FQoGZXIvYXdzEFakeSessionTokenFake"));
      const auto authorization = header_of(request, "Authorization");
      REQUIRE(authorization);
      CHECK(authorization->starts_with("AWS4-HMAC-SHA256 Credential=ASIAFAKEFAKEFAKEFAKE/20261207/us-east-1/" +
                                       std::string(i == 0 ? "sts" : "iam") + "/aws4_request, SignedHeaders="
                                       "content-type;host;x-amz-date;x-amz-security-token, Signature="));
      CHECK_FALSE(contains(request.body, kSecret));
      for (const auto& [name, value] : request.headers) CHECK_FALSE(contains(value, kSecret));
    }
    CHECK(facts.account == std::optional<std::string>("arn:aws:sts::123456789012:assumed-role/deployer/gha-run-42"));
    CHECK(facts.principal == "arn:aws:iam::123456789012:role/deployer");
    CHECK_STRINGS(facts.granted, {"s3:PutObject"});
    CHECK_STRINGS(facts.proven_missing, {"cloudfront:CreateInvalidation", "ecs:UpdateService"});
    CHECK_STRINGS(facts.explicitly_denied, {"ecs:UpdateService"});
  }

  TEST_CASE("role_arn: names the principal, and a resource goes with the actions") {
    Rig rig("aws", kIam, kSecret);
    aws_rig(rig, {"s3:PutObject on arn:aws:s3:::acme-assets/*"});
    rig.spec.role_arn = text("arn:aws:iam::123456789012:role/ci/deployer");
    rig.transport.answer(kIamKey, 200, simulation({{"s3:PutObject", "allowed"}}));
    const TokenFacts facts = rig.ask();
    CHECK(contains(rig.request(1).body, "PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci%2Fdeployer"));
    CHECK(contains(rig.request(1).body, "&ResourceArns.member.1=arn%3Aaws%3As3%3A%3A%3Aacme-assets%2F%2A"));
    CHECK_STRINGS(facts.granted, {"s3:PutObject on arn:aws:s3:::acme-assets/*"});
  }

  TEST_CASE("faults: bad credentials exit 3, AccessDenied unverifiable with its fix, 5xx unanswered, odd XML") {
    Rig rig("aws", kIam, kSecret);
    aws_rig(rig, {"s3:PutObject"});
    SUBCASE("each rejection code") {
      for (const char* code : {"InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken"}) {
        CAPTURE(code);
        rig.transport.answer(kStsKey, 403, error_xml(code, "The security token included in the request is invalid."));
        const TokenFacts facts = rig.ask();
        CHECK(facts.outcome == Outcome::kRejected);
        CHECK(contains(facts.error, code));
      }
    }
    SUBCASE("AccessDenied on the simulation") {
      rig.transport.answer(kIamKey, 403, error_xml("AccessDenied", "User is not authorized to perform: "
                                                                   "iam:SimulatePrincipalPolicy"));
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.granted.empty());
      CHECK(facts.proven_missing.empty());
      CHECK(facts.unverifiable_reason ==
            "arn:aws:iam::123456789012:role/deployer may not simulate its own policies (AccessDenied); allow "
            "iam:SimulatePrincipalPolicy on arn:aws:iam::123456789012:role/deployer so the gate can check");
    }
    SUBCASE("a 5xx, a body that is not XML, nesting deeper than AWS's, an action left out") {
      std::string deep;
      for (int i = 0; i < 10000; ++i) deep += "<a>";
      for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
               {500, error_xml("InternalFailure", "")}, {200, "{}"}, {200, deep}, {200, simulation({})}}) {
        CAPTURE(status);
        rig.transport.answer(kIamKey, status, body);
        const TokenFacts facts = rig.ask();
        CHECK(facts.outcome == Outcome::kAccepted);
        CHECK(facts.unanswered.size() == 1);
      }
    }
    SUBCASE("throttled") {
      rig.transport.answer(kStsKey, 400, error_xml("Throttling", "Rate exceeded"));
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(contains(facts.error, "AWS is limiting requests"));
    }
    SUBCASE("no key id: a usage error, nothing sent") {
      rig.environment.set("AWS_ACCESS_KEY_ID", "");
      const TokenFacts facts = rig.ask();
      CHECK(facts.misconfigured);
      CHECK(rig.transport.sent().empty());
    }
  }

  TEST_CASE("answers scopegate must not guess at: an unknown decision, a DTD, a boundary, a principal IAM cannot simulate") {
    Rig rig("aws", kIam, kSecret);
    aws_rig(rig, {"s3:PutObject"});
    SUBCASE("an unknown decision is no answer, never missing") {
      rig.transport.answer(kIamKey, 200, simulation({{"s3:PutObject", "maybe"}}));
      const TokenFacts facts = rig.ask();
      CHECK(facts.proven_missing.empty());
      REQUIRE(facts.unanswered.size() == 1);
      CHECK(contains(facts.unanswered[0].second, "answered the decision 'maybe'"));
    }
    SUBCASE("a DTD is refused before parsing") {
      rig.transport.answer(kIamKey, 200, "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>" +
                                             simulation({{"s3:PutObject", "allowed"}}));
      const TokenFacts facts = rig.ask();
      REQUIRE(facts.unanswered.size() == 1);
      CHECK(contains(facts.unanswered[0].second, "carries a DTD"));
    }
    SUBCASE("not allowed by a permissions boundary: an Allow in a policy would not help") {
      std::string body = simulation({{"s3:PutObject", "implicitDeny"}});
      body.insert(body.find("</member>"), "<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>false"
                                          "</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>");
      rig.transport.answer(kIamKey, 200, body);
      CHECK_STRINGS(rig.ask().explicitly_denied, {"s3:PutObject"});
    }
    SUBCASE("the account's root or a federated user: unverifiable, name a role") {
      rig.transport.answer(kStsKey, 200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:root"
                                         "</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>");
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.sent().size() == 1);
      CHECK(contains(facts.unverifiable_reason, "is not an IAM role or user"));
    }
    SUBCASE("a role IAM cannot find: its path is missing, role_arn: gives it") {
      rig.transport.answer(kIamKey, 404, error_xml("NoSuchEntity", "The role with name deployer cannot be found."));
      const TokenFacts facts = rig.ask();
      CHECK(facts.misconfigured);
      CHECK(contains(facts.error, "needs role_arn: with its full ARN"));
    }
    SUBCASE("an access key id of another shape is a usage error") {
      rig.environment.set("AWS_ACCESS_KEY_ID", "ASIA/FAKE");
      CHECK(rig.ask().misconfigured);
    }
  }

  TEST_CASE("at most 100 actions per simulation, IAM's page size") {
    Rig rig("aws", kIam, kSecret);
    std::vector<std::string> wanted;
    std::vector<std::pair<std::string, std::string>> decisions;
    for (int i = 0; i < 150; ++i) {
      wanted.push_back("ec2:Action" + std::to_string(i));
      decisions.emplace_back(wanted.back(), "allowed");
    }
    aws_rig(rig, wanted);
    rig.transport.answer(kIamKey, 200, simulation(decisions));
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.sent().size() == 3);  // who, then 100 + 50
    CHECK(facts.granted.size() == 150);
  }

  TEST_CASE("a scope is service:Action, optionally on an ARN, never a wildcard") {
    CHECK(scope_problem("s3:PutObject").empty());
    CHECK(scope_problem("s3:PutObject on arn:aws:s3:::acme-assets/*").empty());
    CHECK(contains(scope_problem("s3:*"), "reads * literally"));
    CHECK(contains(scope_problem("PutObject"), "is not an IAM action"));
    CHECK(contains(scope_problem("s3:PutObject on acme-assets"), "is not an ARN"));
  }

  TEST_CASE("the fix: one Allow statement per resource for the principal, and a Deny to remove") {
    TokenFacts facts;
    facts.principal = "arn:aws:iam::123456789012:role/deployer";
    CHECK(fix_for(facts, {{"cloudfront:CreateInvalidation"}, {"s3:PutObject on arn:aws:s3:::acme-assets/*"}}) ==
          R"(add these statements to a policy of arn:aws:iam::123456789012:role/deployer: [{"Effect": "Allow", )"
          R"("Action": ["cloudfront:CreateInvalidation"], "Resource": "*"}, {"Effect": "Allow", "Action": )"
          R"(["s3:PutObject"], "Resource": "arn:aws:s3:::acme-assets/*"}])");
    facts.explicitly_denied = {"ecs:UpdateService"};
    CHECK(fix_for(facts, {{"ecs:UpdateService"}}) ==
          "ecs:UpdateService is refused by an explicit Deny, or not allowed by a permissions boundary or an SCP of "
          "arn:aws:iam::123456789012:role/deployer, which no Allow in its policies overrides: change that Deny, "
          "boundary or SCP");
  }
}

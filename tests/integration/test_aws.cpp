// The real binary against a mock AWS over HTTPS that verifies the SigV4
// signature it receives (a signing bug fails here, not only in the suite's
// vectors), then answers STS GetCallerIdentity and IAM
// SimulatePrincipalPolicy in AWS's XML from a policy map.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "providers/sigv4.h"
#include "support/live_world.h"

using namespace scopegate::testing;
namespace sigv4 = scopegate::providers::sigv4;

namespace {
const std::string kKeyId = "ASIAFAKEFAKEFAKEFAKE";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const std::string kSession = "FQoGZXIvYXdzEFakeSessionTokenFakeFakeFake";

std::string error_xml(const std::string& code) {
  return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + code +
         "</Message></Error></ErrorResponse>";
}

// "a=b&c=d" -> {a: b, c: d}, percent-decoded.
std::map<std::string, std::string> form_of(const std::string& body) {
  std::map<std::string, std::string> form;
  for (std::size_t start = 0; start <= body.size();) {
    const std::size_t end = std::min(body.find('&', start), body.size());
    const std::string pair = body.substr(start, end - start);
    std::string value;
    const std::size_t equals = pair.find('=');
    for (std::size_t i = equals + 1; i < pair.size(); ++i) {
      if (pair[i] == '%' && i + 2 < pair.size()) {
        value += static_cast<char>(std::stoi(pair.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        value += pair[i];
      }
    }
    form[pair.substr(0, equals)] = value;
    start = end + 1;
  }
  return form;
}

struct FakeAws {
  std::map<std::string, std::string> decisions;  // action -> allowed | implicitDeny | explicitDeny
  std::string secret = kSecret;                  // what AWS holds for the key id
  bool may_simulate = true;
  int bad_signatures = 0;

  // Recomputes the signature from what arrived, with the service named in the credential scope.
  bool signature_holds(const MockRequest& r) const {
    const std::string authorization = r.header("Authorization");
    const std::size_t signed_at = authorization.find("SignedHeaders=");
    const std::size_t signature_at = authorization.find(", Signature=");
    if (signed_at == std::string::npos || signature_at == std::string::npos) return false;
    const std::string names = authorization.substr(signed_at + 14, signature_at - signed_at - 14);
    sigv4::Request request{r.method, "/", "", {}, r.body};
    for (std::size_t start = 0; start <= names.size();) {
      const std::size_t end = std::min(names.find(';', start), names.size());
      const std::string name = names.substr(start, end - start);
      request.headers.emplace_back(name, r.header(name));
      start = end + 1;
    }
    const bool sts = authorization.find("/us-east-1/sts/aws4_request") != std::string::npos;
    const sigv4::Scope scope{"us-east-1", sts ? "sts" : "iam", r.header("X-Amz-Date")};
    return authorization == sigv4::authorization(request, kKeyId, secret, scope) &&
           names.find("x-amz-security-token") != std::string::npos && r.header("X-Amz-Security-Token") == kSession;
  }

  MockResponse answer(const MockRequest& r) {
    if (!signature_holds(r)) {
      ++bad_signatures;
      return MockResponse::json(403, error_xml("SignatureDoesNotMatch"));
    }
    const auto form = form_of(r.body);
    if (form.at("Action") == "GetCallerIdentity")
      return MockResponse::json(200, "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                                     "<Arn>arn:aws:sts::123456789012:assumed-role/deployer/gha-42</Arn>"
                                     "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
    if (!may_simulate) return MockResponse::json(403, error_xml("AccessDenied"));
    if (form.at("PolicySourceArn") != "arn:aws:iam::123456789012:role/deployer")
      return MockResponse::json(400, error_xml("NoSuchEntity"));
    std::string members;
    for (int i = 1; form.count("ActionNames.member." + std::to_string(i)); ++i) {
      const std::string action = form.at("ActionNames.member." + std::to_string(i));
      const auto found = decisions.find(action);
      members += "<member><EvalActionName>" + action + "</EvalActionName><EvalDecision>" +
                 (found == decisions.end() ? "implicitDeny" : found->second) + "</EvalDecision></member>";
    }
    return MockResponse::json(200, "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult>"
                                   "<EvaluationResults>" + members + "</EvaluationResults>"
                                   "</SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>");
  }
};

std::string aws_manifest(const std::string& url) {
  return "version: 1\nproviders:\n  aws:\n    preset: aws\n    base_url: \"" + url + "/\"\n    sts_url: \"" + url +
         "/\"\nfeatures:\n"
         "  assets: {requires: [\"s3:PutObject on arn:aws:s3:::acme-assets/*\", cloudfront:CreateInvalidation]}\n"
         "  deploy: {requires: [ecs:UpdateService]}\n";
}

void with_credentials(World& world) {
  world.env["AWS_ACCESS_KEY_ID"] = kKeyId;
  world.env["AWS_SECRET_ACCESS_KEY"] = kSecret;
  world.env["AWS_SESSION_TOKEN"] = kSession;
}
}  // namespace

TEST_SUITE("integration.aws") {
  TEST_CASE("signed STS then IAM: the role of the session simulated, the policy statement to add, no secret out") {
    World world;
    with_credentials(world);
    FakeAws aws;
    aws.decisions = {{"s3:PutObject", "allowed"}, {"cloudfront:CreateInvalidation", "implicitDeny"},
                     {"ecs:UpdateService", "allowed"}};
    MockServer server([&](const MockRequest& r) { return aws.answer(r); }, world.https());
    const auto result = world.check(aws_manifest(server.url()));
    CHECK(aws.bad_signatures == 0);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "aws: account arn:aws:sts::123456789012:assumed-role/deployer/gha-42"));
    CHECK(has(result.out, "  ok          deploy"));
    CHECK(has(result.out, "  MISSING     assets"));
    CHECK(has(result.out, "fix: add this statement to a policy of arn:aws:iam::123456789012:role/deployer: "
                          R"({"Effect": "Allow", )"
                          R"("Action": ["cloudfront:CreateInvalidation"], "Resource": "*"})"));
    CHECK(server.requests().size() == 3);  // who, then one simulation per resource
    for (const MockRequest& request : server.requests()) {
      CHECK_FALSE(has(request.body, kSecret));
      for (const auto& [name, value] : request.headers) CHECK_FALSE(has(value, kSecret));
    }
    CHECK_FALSE(has(result.out + result.err, kKeyId));    // the key id and session token are redacted too
    CHECK_FALSE(has(result.out + result.err, kSession));
  }

  TEST_CASE("a wrong secret is exit 3, AccessDenied on the simulation exit 5 with its fix, no key id exit 2") {
    World world;
    with_credentials(world);
    FakeAws aws;
    MockServer server([&](const MockRequest& r) { return aws.answer(r); }, world.https());
    aws.secret = "another-secret-entirely-Fake0000000000000";
    const auto wrong = world.check(aws_manifest(server.url()));
    CHECK(wrong.exit_code == 3);
    CHECK(has(wrong.out, "SignatureDoesNotMatch"));

    aws.secret = kSecret;
    aws.may_simulate = false;
    const auto denied = world.check(aws_manifest(server.url()));
    CHECK(denied.exit_code == 5);
    CHECK(has(denied.out, "allow iam:SimulatePrincipalPolicy on arn:aws:iam::123456789012:role/deployer so the gate "
                          "can check"));

    world.env.erase("AWS_ACCESS_KEY_ID");
    const auto no_key = world.check(aws_manifest(server.url()));
    CHECK(no_key.exit_code == 2);
    CHECK(has(no_key.err, "AWS_ACCESS_KEY_ID is not set"));
  }
}

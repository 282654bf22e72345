// The real binary against a mock API server over HTTPS that answers
// SelfSubjectReview and SelfSubjectAccessReview from an RBAC-like table,
// with the token read from a file as in a pod.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
const std::string kToken = "eyJhbGciOiJSUzI1NiJ9.FakeServiceAccountToken.FakeSignature0";

struct FakeApiServer {
  std::set<std::string> allowed;  // "verb resource namespace"

  MockResponse answer(const MockRequest& r) const {
    if (r.header("Authorization") != "Bearer " + kToken)
      return MockResponse::json(401, R"({"kind": "Status", "message": "Unauthorized", "code": 401})");
    if (r.target == "/apis/authentication.k8s.io/v1/selfsubjectreviews")
      return MockResponse::json(201, R"({"status": {"userInfo": {"username": "system:serviceaccount:ci:deployer"}}})");
    if (r.target != "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews") return MockResponse::json(404, "{}");
    const boost::json::value body = boost::json::parse(r.body);
    const auto& attributes = body.at("spec").at("resourceAttributes");
    const std::string key = std::string(attributes.at("verb").as_string()) + " " +
                            std::string(attributes.at("resource").as_string()) + " " +
                            (attributes.as_object().contains("namespace") ? std::string(attributes.at("namespace").as_string()) : "");
    const bool ok = allowed.count(key) > 0;
    return MockResponse::json(201, std::string(R"({"status": {"allowed": )") + (ok ? "true" : "false") +
                                       (ok ? "" : R"(, "reason": "RBAC: no matching rule")") + "}}");
  }
};
}  // namespace

TEST_SUITE("integration.kubernetes") {
  TEST_CASE("a service account token from a file: allowed, missing with its Role and RoleBinding, rejected") {
    World world;
    FakeApiServer cluster;
    cluster.allowed = {"get pods web"};
    MockServer server([&](const MockRequest& r) { return cluster.answer(r); }, world.https());
    const std::string token_file = world.dir.write("token", kToken + "\n");
    const std::string manifest = "version: 1\nproviders:\n  cluster:\n    preset: kubernetes\n    base_url: \"" +
                                 server.url() + "\"\n    token_file: " + token_file + "\n    resource: web\nfeatures:\n"
                                 "  logs: {requires: [\"get pods\"]}\n  rollout: {requires: [\"patch deploy\"]}\n";
    const auto result = world.check(manifest);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "cluster (kubernetes): account system:serviceaccount:ci:deployer"));
    CHECK(has(result.out, "  ok          logs"));
    CHECK(has(result.out, "  MISSING     rollout"));
    CHECK(has(result.out, "kubectl create role scopegate-deployments.apps-patch --verb=patch "
                          "--resource=deployments.apps -n web; kubectl create rolebinding scopegate-deployments.apps-patch "
                          "--role=scopegate-deployments.apps-patch --serviceaccount=ci:deployer -n web"));
    CHECK_FALSE(has(result.out + result.err, kToken));
    CHECK(server.requests().size() == 3);

    world.dir.write("token", "eyJhbGciOiJSUzI1NiJ9.AnotherToken.Fake00000000000\n");
    CHECK(world.check(manifest).exit_code == 3);
  }

  TEST_CASE("outside a pod with no base_url: a usage error naming the variable, nothing sent") {
    World world;
    world.env["KUBE_TOKEN"] = kToken;
    const auto result = world.check("version: 1\nproviders:\n  cluster: {preset: kubernetes, token_env: KUBE_TOKEN}\n"
                                    "features:\n  logs: {requires: [\"get pods\"]}\n");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "uses ${KUBERNETES_SERVICE_HOST}, which is not set"));
  }
}

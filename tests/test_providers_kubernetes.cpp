#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;

// providers/kubernetes.cpp: SelfSubjectReview beside one SelfSubjectAccessReview per scope.
namespace {
constexpr const char* kServer = "https://10.0.0.1:443";
constexpr const char* kWho = "POST https://10.0.0.1/apis/authentication.k8s.io/v1/selfsubjectreviews";
constexpr const char* kReview = "POST https://10.0.0.1/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

std::string scope_problem(std::string_view scope) {
  const providers::PresetInfo* kubernetes = providers::find_preset("kubernetes");
  REQUIRE(kubernetes != nullptr);
  REQUIRE((kubernetes->scope_problem != nullptr));
  return kubernetes->scope_problem(scope);
}

boost::json::value attributes_of(const net::HttpRequest& request) {
  return boost::json::parse(request.body).at("spec");
}

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes) {
  manifest::ProviderSpec spec;
  spec.name = "cluster";
  const std::vector<std::string> required;
  const providers::FixRequest request{scopes, required, spec, kServer, "", facts};
  return providers::find_preset("kubernetes")->fix_writer(request);
}
}  // namespace

TEST_SUITE("providers.kubernetes") {
  TEST_CASE("kubectl auth can-i's words become resource attributes, one review each, sent together") {
    Rig rig("kubernetes", kServer);
    rig.context.resource = "web";
    rig.context.wanted = {"patch deploy", "get pods/api-0 --subresource=log -n prod", "get /healthz"};
    rig.transport.answer(kWho, 201, R"({"status": {"userInfo": {"username": "system:serviceaccount:ci:deployer"}}})");
    rig.transport.answer(kReview, 201, R"({"status": {"allowed": true}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kWho, kReview, kReview, kReview});
    const auto first = attributes_of(rig.request(1));
    CHECK(first.at("resourceAttributes") == boost::json::parse(
        R"({"verb": "patch", "resource": "deployments", "group": "apps", "namespace": "web"})"));
    CHECK(attributes_of(rig.request(2)).at("resourceAttributes") == boost::json::parse(
        R"({"verb": "get", "resource": "pods", "group": "", "namespace": "prod", "name": "api-0", "subresource": "log"})"));
    CHECK(attributes_of(rig.request(3)).at("nonResourceAttributes") ==
          boost::json::parse(R"({"path": "/healthz", "verb": "get"})"));
    CHECK(facts.account == std::optional<std::string>("system:serviceaccount:ci:deployer"));
    CHECK(facts.granted.size() == 3);
  }

  TEST_CASE("denied with the authorizer's reason, 401 rejects, odd answers are no answer") {
    Rig rig("kubernetes", kServer);
    rig.context.wanted = {"delete secrets"};
    rig.transport.answer(kWho, 404, "");  // before 1.28: no SelfSubjectReview, only the name is lost
    SUBCASE("denied") {
      rig.transport.answer(kReview, 201, R"({"status": {"allowed": false, "reason": "RBAC: no rule"}})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_STRINGS(facts.proven_missing, {"delete secrets"});
      CHECK(facts.notes.back() == "delete secrets: RBAC: no rule");
    }
    SUBCASE("401") {
      rig.transport.answer(kWho, 401, R"({"kind": "Status", "message": "Unauthorized"})");
      CHECK(rig.ask().outcome == Outcome::kRejected);
    }
    SUBCASE("no status.allowed, a 500, a reset") {
      for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
               {201, R"({"status": {}})"}, {500, "{}"}, {201, "<html>"}}) {
        CAPTURE(body);
        rig.transport.answer(kReview, status, body);
        CHECK(rig.ask().unanswered.size() == 1);
      }
      rig.transport.fail(kReview, "reading the answer from 10.0.0.1:443: connection reset by peer");
      CHECK(rig.ask().unanswered.size() == 1);
    }
  }

  TEST_CASE("a scope is kubectl auth can-i's words, checked at its line") {
    CHECK(scope_problem("get pods").empty());
    CHECK(scope_problem("create deployments.apps -n prod").empty());
    CHECK(scope_problem("get pods --subresource=log --namespace=web").empty());
    CHECK(scope_problem("* *").empty());
    CHECK(contains(scope_problem("pods"), "a Kubernetes scope is VERB TYPE"));
    CHECK(contains(scope_problem("get pods --all-namespaces"), "is not a flag kubectl auth can-i takes here"));
    CHECK(contains(scope_problem("get Pods"), "is not a Kubernetes name"));
    CHECK(contains(scope_problem("get pods -n prod;rm"), "is not a Kubernetes name"));
  }

  TEST_CASE("the fix: a Role per namespace and type with exactly the missing verbs, bound to the user") {
    TokenFacts facts;
    facts.principal = "system:serviceaccount:ci:deployer";
    facts.resource = "web";
    CHECK(fix_for(facts, {{"patch deployments.apps"}, {"get deployments.apps"}, {"list nodes -n web"}}) ==
          "kubectl create role scopegate-deployments.apps --verb=patch --verb=get --resource=deployments.apps -n web; "
          "kubectl create rolebinding scopegate-deployments.apps --role=scopegate-deployments.apps "
          "--serviceaccount=ci:deployer -n web; kubectl create role scopegate-nodes --verb=list --resource=nodes -n web; "
          "kubectl create rolebinding scopegate-nodes --role=scopegate-nodes --serviceaccount=ci:deployer -n web");
    facts.resource.clear();
    facts.principal = "alice;rm -rf /";  // never into a shell
    CHECK(fix_for(facts, {{"get /healthz"}}) ==
          "kubectl create clusterrole scopegate-urls --verb=get --non-resource-url=/healthz; kubectl create "
          "clusterrolebinding scopegate-urls --clusterrole=scopegate-urls --user=USER");
  }
}

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

std::string scope_problem(std::string_view scope) { return scope_problem_of("kubernetes", scope); }

boost::json::value attributes_of(const net::HttpRequest& request) {
  return boost::json::parse(request.body).at("spec");
}

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes) {
  return fix_of("kubernetes", facts, std::move(scopes), "cluster", kServer);
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

  TEST_CASE("the fix: a Role per namespace, type and object with exactly the missing verbs, bound to the user") {
    TokenFacts facts;
    facts.principal = "system:serviceaccount:ci:deployer";
    facts.resource = "web";
    CHECK(fix_for(facts, {{"patch deployments.apps"}, {"get deployments.apps"}, {"list nodes"}}) ==
          "kubectl create role scopegate-deployments.apps-patch-get --verb=patch --verb=get "
          "--resource=deployments.apps -n web; kubectl create rolebinding scopegate-deployments.apps-patch-get-ci-deployer "
          "--role=scopegate-deployments.apps-patch-get --serviceaccount=ci:deployer -n web; "
          // nodes live outside namespaces: a ClusterRole, whatever resource: says
          "kubectl create clusterrole scopegate-nodes-list --verb=list --resource=nodes; kubectl create "
          "clusterrolebinding scopegate-nodes-list-ci-deployer --clusterrole=scopegate-nodes-list "
          "--serviceaccount=ci:deployer");
    // One object: --resource-name, never the whole type.
    CHECK(contains(fix_for(facts, {{"update configmaps/app-config"}}),
                   "kubectl create role scopegate-configmaps-update-app-config --verb=update --resource=configmaps "
                   "--resource-name=app-config -n web"));
    // Globs are quoted for the shell.
    CHECK(contains(fix_for(facts, {{"* *"}}), "'--verb=*' '--resource=*'"));
    facts.resource.clear();
    facts.principal = "alice;rm -rf /";  // never into a shell
    const std::string healthz = fix_for(facts, {{"get /healthz"}});
    CHECK(healthz.starts_with("kubectl create clusterrole scopegate-url-healthz-"));
    CHECK(contains(healthz, "-get --verb=get --non-resource-url=/healthz; kubectl create clusterrolebinding "
                            "scopegate-url-healthz-"));
    CHECK(healthz.ends_with("-get --user=USER"));
    facts.principal = "system:serviceaccount:ci";  // malformed: not a --serviceaccount
    CHECK(contains(fix_for(facts, {{"get pods"}}), "--user=system:serviceaccount:ci"));
    facts.explicitly_denied = {"delete secrets"};
    CHECK(contains(fix_for(facts, {{"delete secrets"}}), "explicitly denied by an authorizer"));
  }

  TEST_CASE("two fixes never collide: two URLs get two roles, two users two bindings") {
    TokenFacts facts;
    facts.principal = "alice";
    const std::string urls = fix_for(facts, {{"get /metrics"}, {"get /logs/*"}, {"get /logs/x"}});
    CHECK(contains(urls, "kubectl create clusterrole scopegate-url-metrics-"));
    CHECK(contains(urls, "-get --verb=get --non-resource-url=/metrics"));
    // '/logs/*' and '/logs/x' read alike as names: the path's hash tells them apart.
    const auto role_of = [&](const std::string& flag) {
      const std::size_t end = urls.find(" --verb=get " + flag);
      const std::size_t start = urls.rfind("clusterrole ", end) + 12;
      return urls.substr(start, end - start);
    };
    CHECK(role_of("'--non-resource-url=/logs/*'").starts_with("scopegate-url-logs-x-"));
    CHECK(role_of("--non-resource-url=/logs/x").starts_with("scopegate-url-logs-x-"));
    CHECK(role_of("'--non-resource-url=/logs/*'") != role_of("--non-resource-url=/logs/x"));
    facts.resource = "web";
    const std::string for_alice = fix_for(facts, {{"patch pods"}});
    facts.principal = "bob@example.com";
    const std::string for_bob = fix_for(facts, {{"patch pods"}});
    CHECK(contains(for_alice, "kubectl create rolebinding scopegate-pods-patch-alice --role=scopegate-pods-patch"));
    CHECK(contains(for_bob, "kubectl create rolebinding scopegate-pods-patch-bob-example.com --role=scopegate-pods-patch"));
  }

  TEST_CASE("reviews: cluster-scoped types name no namespace, short names resolve, refusals say which kind") {
    Rig rig("kubernetes", kServer);
    rig.context.resource = "web";
    rig.context.wanted = {"list nodes", "get hpa"};
    rig.transport.answer(kWho, 403, R"({"kind": "Status", "message": "forbidden"})");  // only the name is lost
    SUBCASE("the attributes") {
      rig.transport.answer(kReview, 201, R"({"status": {"allowed": true}})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(attributes_of(rig.request(1)).at("resourceAttributes").as_object().contains("namespace"));
      CHECK(attributes_of(rig.request(2)).at("resourceAttributes").at("group") == "autoscaling");
      CHECK(facts.granted.size() == 2);
    }
    SUBCASE("an explicit deny, an evaluation error") {
      rig.transport.answer(kReview, 201, R"({"status": {"allowed": false, "denied": true, "reason": "webhook"}})");
      CHECK(rig.ask().explicitly_denied.size() == 2);
      rig.transport.answer(kReview, 201, R"({"status": {"allowed": false, "evaluationError": "etcd timeout"}})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.unsettled.size() == 2);  // unverifiable: the authorizer could not decide
      CHECK(facts.proven_missing.empty());
    }
  }

  TEST_CASE("scope words kubectl would refuse, or RBAC would never match") {
    CHECK(contains(scope_problem("list nodes -n web"), "live outside namespaces: drop -n"));
    CHECK(contains(scope_problem("get /healthz -n web"), "a non-resource URL has no namespace"));
    CHECK(contains(scope_problem("get /healthz?verbose"), "a query?"));
    CHECK(scope_problem("get pods -n") == "-n needs a value");
    CHECK(scope_problem("get pods -n=prod --subresource log").empty());
    CHECK(contains(scope_problem("get pods -n a..b"), "is not a Kubernetes name"));
  }
}

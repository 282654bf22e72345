#include "providers/kubernetes_connection.h"

#include <doctest/doctest.h>

#include "support/fakes.h"
#include "support/manifest_loading.h"

using namespace scopegate;
using providers::kubernetes::read_connection;

namespace {
const std::string kKubeconfig =
    "current-context: prod\nclusters:\n- name: c\n  cluster: {server: 'https://k8s.example'}\ncontexts:\n"
    "- name: prod\n  context: {cluster: c, user: ci}\nusers:\n- name: ci\n  user: {token: kubeconfig-token-000}\n";
const std::string kPod(providers::kubernetes::kServiceAccountDir);

struct Where {
  manifest::ProviderSpec spec;
  testing::FakeEnvironment environment;
  testing::FakeFileSystem files;
  testing::FakeProcessRunner processes;
  util::Redactor redactor;
  std::string error;
  bool may_run_programs = true;

  Where() {
    spec.name = "cluster";
    spec.preset = {"kubernetes", {}};
  }
  std::optional<providers::Connection> read() {
    return read_connection({spec, environment, files, may_run_programs ? &processes : nullptr, redactor,
                            std::chrono::seconds(30)},
                           &error);
  }
};
}  // namespace

TEST_SUITE("providers.kubernetes_connection") {
  TEST_CASE("kubectl's order: kubeconfig:, then base_url:, then KUBECONFIG, then ~/.kube/config, then the pod") {
    Where where;
    where.files.files["/home/ci/.kube/config"] = kKubeconfig;
    where.files.files["/env/config"] = kKubeconfig;
    where.files.files[kPod + "/ca.crt"] = "POD CA";
    where.environment.set("HOME", "/home/ci");
    where.environment.set("KUBERNETES_SERVICE_HOST", "10.0.0.1");
    where.environment.set("KUBERNETES_SERVICE_PORT", "443");
    where.environment.set("KUBECONFIG", "/env/config");
    where.spec.kubeconfig = manifest::Text{"~/.kube/config", {}};
    where.spec.base_url = manifest::Text{"https://elsewhere", {}};
    CHECK(where.read()->token_source == "kubeconfig /home/ci/.kube/config, context prod, user ci");
    where.spec.kubeconfig.reset();
    CHECK_FALSE(where.read());  // the manifest's base_url says it all
    CHECK(where.error.empty());
    where.spec.base_url.reset();
    CHECK(where.read()->token_source == "kubeconfig /env/config, context prod, user ci");
    where.environment.unset("KUBECONFIG");
    CHECK(where.read()->base_url == "https://k8s.example");  // a kubeconfig comes before the pod, as in kubectl
    where.files.files.erase("/home/ci/.kube/config");
    auto pod = where.read();
    REQUIRE(pod);
    CHECK(pod->base_url.empty());  // the preset's ${KUBERNETES_SERVICE_HOST} default
    CHECK(pod->tls->ca_pem == "POD CA");
    CHECK_FALSE(pod->token);       // the preset's token file default
    where.environment.set("KUBERNETES_SERVICE_HOST", "fd00:10:96::1");  // an IPv6 cluster
    CHECK(where.read()->base_url == "https://[fd00:10:96::1]:443");
    where.environment.unset("KUBERNETES_SERVICE_PORT");  // not a pod: both are needed
    CHECK_FALSE(where.read());
    CHECK(where.error == "there is no cluster to ask: KUBECONFIG is not set, there is no /home/ci/.kube/config, and "
                         "this is not a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set); "
                         "give the provider kubeconfig: or base_url:");
  }

  TEST_CASE("an empty kubeconfig leaves the pod's service account, as kubectl does, and context: needs a kubeconfig") {
    Where where;
    where.environment.set("HOME", "/home/ci");
    where.files.files["/home/ci/.kube/config"] = "";
    CHECK_FALSE(where.read());
    CHECK(where.error == "the kubeconfig files hold nothing (/home/ci/.kube/config)");
    where.environment.set("KUBERNETES_SERVICE_HOST", "10.0.0.1");
    where.environment.set("KUBERNETES_SERVICE_PORT", "443");
    CHECK(where.read());
    where.files.files.erase("/home/ci/.kube/config");
    where.spec.context = manifest::Text{"prod", {}};
    CHECK_FALSE(where.read());
    CHECK(where.error == "context 'prod' names a kubeconfig context, but there is no kubeconfig: KUBECONFIG is not set "
                         "and there is no /home/ci/.kube/config; give the provider kubeconfig:");
  }

  TEST_CASE("what renews a rejected credential: the exec plugin's login, the client certificate") {
    Where where;
    where.spec.kubeconfig = manifest::Text{"/k", {}};
    where.files.files["/k"] = "current-context: p\nclusters: [{name: c, cluster: {server: 'https://k'}}]\n"
                              "contexts: [{name: p, context: {cluster: c, user: u}}]\nusers:\n- name: u\n  user:\n"
                              "    client-certificate-data: Q0VSVA==\n    client-key-data: S0VZ\n";
    CHECK(where.read()->renewal == "renew the client certificate of kubeconfig /k, context p, user u (its "
                                   "client-certificate and client-key)");
    where.files.files["/k"] = "current-context: p\nclusters: [{name: c, cluster: {server: 'https://k'}}]\n"
                              "contexts: [{name: p, context: {cluster: c, user: u}}]\nusers:\n- name: u\n  user:\n"
                              "    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}\n";
    where.processes.answer = testing::FakeProcessRunner::printed(
        R"({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "exec-token-000000"}})");
    CHECK(where.read()->renewal == "the kubeconfig's exec plugin (/k:7:11) gave it: sign in again where it gets its "
                                   "credential (its cloud CLI's login), or clear its cache");
  }

  TEST_CASE("the default namespace: namespace:, else the context's or the pod's, else default") {
    Where where;
    where.files.files["/k"] = kKubeconfig;
    where.spec.kubeconfig = manifest::Text{"/k", {}};
    CHECK(where.read()->resource == "default");
    where.spec.namespace_ = manifest::Text{"web", {}};
    CHECK(where.read()->resource == "web");
    where.spec.kubeconfig.reset();
    where.spec.namespace_.reset();
    where.environment.set("KUBERNETES_SERVICE_HOST", "10.0.0.1");
    where.environment.set("KUBERNETES_SERVICE_PORT", "443");
    where.files.files[kPod + "/namespace"] = "ci\n";
    CHECK(where.read()->resource == "ci");
    where.spec.base_url = manifest::Text{"https://k8s", {}};
    where.spec.namespace_ = manifest::Text{"web", {}};
    CHECK(where.read()->resource == "web");
    where.spec.base_url.reset();
    where.spec.namespace_.reset();
    where.spec.kubeconfig = manifest::Text{"/k", {}};
    auto& config = where.files.files["/k"];
    config.replace(config.find("user: ci}"), 9, "user: ci, namespace: Web_1}");
    CHECK_FALSE(where.read());
    CHECK(where.error == "kubeconfig /k, context prod: the namespace 'Web_1' is not a namespace name (lower-case "
                         "letters, digits and '-', at most 63, as RFC 1123 labels)");
  }

  TEST_CASE("a client certificate needs no token - an exec plugin runs only where programs may") {
    Where where;
    where.spec.kubeconfig = manifest::Text{"/k", {}};
    where.files.files["/k"] = "current-context: p\nclusters: [{name: c, cluster: {server: 'https://k'}}]\n"
                              "contexts: [{name: p, context: {cluster: c, user: u}}]\nusers:\n- name: u\n  user:\n"
                              "    client-certificate-data: Q0VSVA==\n    client-key-data: S0VZ\n";
    auto connection = where.read();
    REQUIRE_MESSAGE(connection, where.error);
    CHECK_FALSE(connection->needs_token);
    CHECK(connection->tls->client_key_pem == "KEY");
    CHECK_FALSE(connection->expires_at);  // "CERT" is no certificate: no notAfter to read
    where.files.files["/k"] += "    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}\n";
    where.processes.answer = testing::FakeProcessRunner::printed("{}");
    REQUIRE(where.read());
    CHECK(where.processes.runs.empty());  // a client certificate is there: the plugin is not run, as in client-go
    auto& config = where.files.files["/k"];
    config.erase(config.find("    client-certificate-data"), config.find("    exec:") - config.find("    client-certificate-data"));
    where.processes.answer = testing::FakeProcessRunner::printed(
        R"({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "exec-token-000000"}})");
    connection = where.read();
    REQUIRE_MESSAGE(connection, where.error);
    CHECK(connection->token == "exec-token-000000");
    CHECK(connection->token_source == "kubeconfig /k, context p, user u (its exec plugin)");
    where.may_run_programs = false;
    CHECK_FALSE(where.read());
    CHECK(where.error == "/k:7:11: this run may not start the kubeconfig's exec plugin");
  }

  TEST_CASE("one way to name the cluster, one default namespace") {
    const auto loaded = testing::load(
        "version: 1\nproviders:\n  k:\n    preset: kubernetes\n    base_url: https://k8s\n    context: prod\n"
        "    resource: web\n    namespace: Bad_NS\nfeatures:\n  f: {requires: [\"get pods\"]}\n");
    CHECK(loaded.lines() == std::vector<std::string>{
                                "5:15: error: provider 'k' names its cluster twice, by base_url and by context; keep one",
                                "8:16: error: provider 'k' has both resource and namespace, which are the same default "
                                "namespace; keep one",
                                "8:16: error: 'Bad_NS' is not a namespace name (lower-case letters, digits and '-', at "
                                "most 63, as RFC 1123 labels)"});
  }
}

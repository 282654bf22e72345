// The real binary against a mock API server over HTTPS that answers
// SelfSubjectReview and SelfSubjectAccessReview from an RBAC-like table,
// with the token read from a file as in a pod.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "support/live_world.h"
#include "support/tinyproxy.h"
#include "util/base64.h"

using namespace scopegate::testing;

namespace {
const std::string kToken = "eyJhbGciOiJSUzI1NiJ9.FakeServiceAccountToken.FakeSignature0";

struct FakeApiServer {
  std::set<std::string> allowed;  // "verb resource namespace"

  std::string exec_token;  // a token an exec plugin hands out, for user "eks-deployer"

  // Who the request authenticates as: a bearer token, or a client
  // certificate (mutual TLS); "" when neither is good.
  std::string user_of(const MockRequest& r) const {
    if (r.header("Authorization") == "Bearer " + kToken) return "system:serviceaccount:ci:deployer";
    if (!exec_token.empty() && r.header("Authorization") == "Bearer " + exec_token) return "eks-deployer";
    if (r.header("Authorization").empty() && !r.client_name.empty()) return r.client_name;
    return {};
  }

  MockResponse answer(const MockRequest& r) const {
    const std::string user = user_of(r);
    if (user.empty()) return MockResponse::json(401, R"({"kind": "Status", "message": "Unauthorized", "code": 401})");
    if (r.target == "/apis/authentication.k8s.io/v1/selfsubjectreviews")
      return MockResponse::json(201, R"({"status": {"userInfo": {"username": ")" + user + R"("}}})");
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
                          "--resource=deployments.apps -n web; kubectl create rolebinding scopegate-deployments.apps-patch-ci-deployer "
                          "--role=scopegate-deployments.apps-patch --serviceaccount=ci:deployer -n web"));
    CHECK_FALSE(has(result.out + result.err, kToken));
    CHECK(server.requests().size() == 3);

    world.dir.write("token", "eyJhbGciOiJSUzI1NiJ9.AnotherToken.Fake00000000000\n");
    CHECK(world.check(manifest).exit_code == 3);
  }

  TEST_CASE("outside a pod with no base_url and no kubeconfig: a usage error saying where it looked, nothing sent") {
    World world;
    world.env["KUBE_TOKEN"] = kToken;
    world.env["HOME"] = world.dir.file("home");
    const auto result = world.check("version: 1\nproviders:\n  cluster: {preset: kubernetes, token_env: KUBE_TOKEN}\n"
                                    "features:\n  logs: {requires: [\"get pods\"]}\n");
    CHECK(result.exit_code == 2);
    CHECK(result.err == "scopegate: error: provider 'cluster': there is no cluster to ask: KUBECONFIG is not set, "
                        "there is no " + world.dir.file("home") + "/.kube/config, and this is not a pod "
                        "(KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set); give the provider "
                        "kubeconfig: or base_url:\n");
  }
}

// kubeconfig files, as kubectl reads them: the cluster's CA and address,
// and each kind of user credential. No --ca-file: the kubeconfig's CA is the
// one trusted.
namespace {
const std::string kManifestBody =
    "features:\n  logs: {requires: [\"get pods\"]}\n  rollout: {requires: [\"patch deploy\"]}\n";

struct Cluster {
  World world;
  FakeApiServer api;
  TestCa client_ca{"cluster client CA"};
  MockServer server{[this](const MockRequest& r) { return api.answer(r); },
                    {true, world.ca.issue(), false, client_ca.cert_pem(), true}};
  Cluster() { api.allowed = {"get pods web", "get pods staging"}; }

  std::string ca_data() const { return scopegate::util::base64_encode(world.ca.cert_pem()); }

  // A kubeconfig with contexts prod (namespace web) and staging, both on this server.
  std::string kubeconfig(const std::string& user_body, const std::string& current = "prod") const {
    return "apiVersion: v1\nkind: Config\ncurrent-context: " + current + "\nclusters:\n- name: c\n  cluster:\n"
           "    server: " + server.url() + "\n    certificate-authority-data: " + ca_data() + "\n"
           "contexts:\n- name: prod\n  context: {cluster: c, user: ci, namespace: web}\n"
           "- name: staging\n  context: {cluster: c, user: ci, namespace: staging}\n"
           "users:\n- name: ci\n  user:\n" + user_body;
  }

  ProcessResult check(const std::string& provider_line) const {
    const std::string manifest = world.manifest("version: 1\nproviders:\n  cluster: " + provider_line + "\n" + kManifestBody);
    return world.run({"check", "-m", manifest});
  }
};
}  // namespace

TEST_SUITE("integration.kubernetes.kubeconfig") {
  TEST_CASE("kubeconfig: and context: choose the cluster, its CA, its token and its namespace") {
    Cluster cluster;
    const std::string path = cluster.world.dir.write("kube/config", cluster.kubeconfig("    token: " + kToken + "\n"));
    auto result = cluster.check("{preset: kubernetes, kubeconfig: " + path + "}");
    CAPTURE(result.err);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "account system:serviceaccount:ci:deployer"));
    CHECK(has(result.out, "  ok          logs"));
    CHECK(has(result.out, "--serviceaccount=ci:deployer -n web"));  // the context's namespace
    result = cluster.check("{preset: kubernetes, kubeconfig: " + path + ", context: staging, namespace: web}");
    CHECK(has(result.out, "-n web"));  // namespace: wins over the context's
    result = cluster.check("{preset: kubernetes, kubeconfig: " + path + ", context: stagin}");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "the kubeconfig " + path + " has no context named 'stagin' (did you mean 'staging'?)"));
    CHECK(cluster.server.requests().size() == 6);
  }

  TEST_CASE("a client certificate authenticates by mutual TLS, with no token at all") {
    Cluster cluster;
    const auto client = cluster.client_ca.issue({{"ci-deployer"}, {}, -1, 30, true});
    const std::string key_file = cluster.world.dir.write("kube/ci.key", client.key_pem);
    const std::string path = cluster.world.dir.write(
        "kube/config", cluster.kubeconfig("    client-certificate-data: " + scopegate::util::base64_encode(client.cert_pem) +
                                          "\n    client-key: ci.key\n"));  // relative to the kubeconfig
    const auto result = cluster.check("{preset: kubernetes, kubeconfig: " + path + "}");
    CAPTURE(result.err);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "account ci-deployer"));
    CHECK(has(result.out, "expires "));  // the client certificate's notAfter
    CHECK(has(result.out, "--user=ci-deployer -n web"));
    for (const MockRequest& request : cluster.server.requests()) {
      CHECK(request.client_name == "ci-deployer");
      CHECK(request.header("Authorization").empty());
    }
    const std::string key_body = client.key_pem.substr(client.key_pem.find('\n') + 1, 40);
    CHECK_FALSE(has(result.out + result.err, key_body));
    // A key that is not the certificate's: the configuration's error (exit 2), nothing sent.
    const std::size_t asked = cluster.server.requests().size();
    cluster.world.dir.write("kube/ci.key", cluster.client_ca.issue({{"other"}, {}, -1, 30, true}).key_pem);
    const auto mismatch = cluster.check("{preset: kubernetes, kubeconfig: " + path + "}");
    CHECK(mismatch.exit_code == 2);
    CHECK(has(mismatch.err, "cannot use the client key of kubeconfig " + path + ", context prod, user ci: key values mismatch"));
    CHECK(cluster.server.requests().size() == asked);
    (void)key_file;
  }

  TEST_CASE("an exec plugin's token and expiry, KUBERNETES_EXEC_INFO given, its output never printed") {
    Cluster cluster;
    cluster.api.exec_token = "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS9GYWtlUHJlc2lnbmVk";
    const std::string info = cluster.world.dir.file("exec-info.json");
    const std::string plugin = cluster.world.dir.write(
        "bin/fake-eks-token",
        "#!/bin/sh\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > " + info + "\n"
        "echo \"{\\\"apiVersion\\\": \\\"client.authentication.k8s.io/v1beta1\\\", \\\"kind\\\": \\\"ExecCredential\\\", "
        "\\\"status\\\": {\\\"token\\\": \\\"" + cluster.api.exec_token + "\\\", \\\"expirationTimestamp\\\": "
        "\\\"$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)\\\"}}\"\n");
    std::filesystem::permissions(plugin, std::filesystem::perms::owner_all);
    const std::string exec = "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: " + plugin +
                             "\n      args: [eks, get-token, --cluster-name, prod]\n      env: [{name: AWS_PROFILE, value: ci}]\n";
    const std::string path = cluster.world.dir.write("kube/config", cluster.kubeconfig(exec));
    cluster.world.env["KUBECONFIG"] = "/nonexistent/config:" + path;  // a missing file in the list is skipped
    const auto result = cluster.check("{preset: kubernetes}");
    CAPTURE(result.err);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "account eks-deployer"));
    CHECK(has(result.out, "expires "));
    CHECK_FALSE(has(result.out + result.err, cluster.api.exec_token));
    CHECK(read_file(info) == R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
                             R"("spec":{"interactive":false}})");
  }

  TEST_CASE("an exec plugin's credential that has already expired is not sent: exit 3, saying so") {
    Cluster cluster;
    cluster.api.exec_token = "k8s-aws-v1.StaleCachedToken00000000000000";
    const std::string plugin = cluster.world.dir.write(
        "bin/stale", "#!/bin/sh\necho \"{\\\"apiVersion\\\": \\\"client.authentication.k8s.io/v1\\\", \\\"kind\\\": "
                     "\\\"ExecCredential\\\", \\\"status\\\": {\\\"token\\\": \\\"" + cluster.api.exec_token +
                     "\\\", \\\"expirationTimestamp\\\": \\\"$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)\\\"}}\"\n");
    std::filesystem::permissions(plugin, std::filesystem::perms::owner_all);
    const std::string path = cluster.world.dir.write(
        "kube/config", cluster.kubeconfig("    exec: {apiVersion: client.authentication.k8s.io/v1, command: " + plugin + "}\n"));
    const auto result = cluster.check("{preset: kubernetes, kubeconfig: " + path + "}");
    CAPTURE(result.out);
    CAPTURE(result.err);
    CHECK(result.exit_code == 3);
    CHECK(has(result.out + result.err, "the credential from kubeconfig " + path + ", context prod, user ci (its exec plugin) "
                                       "expired at "));
    CHECK(has(result.out + result.err, ", so it was not sent"));
    CHECK(cluster.server.requests().empty());
  }

  TEST_CASE("an exec plugin that fails, is missing, or prints nonsense: exit 2 with its words, nothing sent") {
    Cluster cluster;
    const std::string failing = cluster.world.dir.write(
        "bin/failing", "#!/bin/sh\necho 'k8s-aws-v1.SecretLeakedOnStdout000' \n"
        "echo 'got k8s-aws-v1.SecretLeakedOnStdout000; error: SSO session expired; run aws sso login' >&2\nexit 1\n");
    std::filesystem::permissions(failing, std::filesystem::perms::owner_all);
    const std::string nonsense = cluster.world.dir.write("bin/nonsense", "#!/bin/sh\necho '{\"kind\": \"Pod\"}'\n");
    std::filesystem::permissions(nonsense, std::filesystem::perms::owner_all);
    const auto config_with = [&](const std::string& command, const std::string& extra = "") {
      return cluster.world.dir.write("kube/config", cluster.kubeconfig("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                                      "      command: " + command + "\n" + extra));
    };
    auto result = cluster.check("{preset: kubernetes, kubeconfig: " + config_with(failing) + "}");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "exited with 1: got [REDACTED]; error: SSO session expired; run aws sso login"));
    CHECK_FALSE(has(result.err, "SecretLeakedOnStdout"));
    result = cluster.check("{preset: kubernetes, kubeconfig: " +
                           config_with("gke-gcloud-auth-plugin-missing", "      installHint: install it with gcloud components\n") + "}");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "cannot be run: No such file or directory (install it with gcloud components)"));
    result = cluster.check("{preset: kubernetes, kubeconfig: " + config_with(nonsense) + "}");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "printed kind 'Pod', apiVersion ''; the kubeconfig asks for an ExecCredential of client.authentication.k8s.io/v1"));
    CHECK(cluster.server.requests().empty());
  }

  TEST_CASE("~/.kube/config by default, insecure-skip-tls-verify refused, a wrong CA fails the handshake") {
    Cluster cluster;
    cluster.world.env["HOME"] = cluster.world.dir.file("home");
    cluster.world.dir.write("home/.kube/config", cluster.kubeconfig("    token: " + kToken + "\n"));
    auto result = cluster.check("{preset: kubernetes}");
    CHECK(result.exit_code == 1);
    result = cluster.check("{preset: kubernetes, kubeconfig: ~/.kube/config, context: staging}");
    CHECK(has(result.out, "  ok          logs"));
    const std::string insecure = cluster.world.dir.write(
        "insecure", "clusters:\n- name: c\n  cluster: {server: " + cluster.server.url() +
                        ", insecure-skip-tls-verify: true}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                        "current-context: x\nusers:\n- name: u\n  user: {token: " + kToken + "}\n");
    result = cluster.check("{preset: kubernetes, kubeconfig: " + insecure + "}");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, insecure + ":3:12: cluster 'c' sets insecure-skip-tls-verify"));
    std::string plain = cluster.kubeconfig("    token: " + kToken + "\n");
    plain.replace(plain.find("https://127.0.0.1"), 17, "http://k8s.example.com");
    result = cluster.check("{preset: kubernetes, kubeconfig: " + cluster.world.dir.write("plain", plain) + "}");
    CHECK(result.exit_code == 2);
    CAPTURE(result.err);
    CHECK(has(result.err, "the server of kubeconfig " + cluster.world.dir.file("plain") +
                              ", context prod of provider 'cluster' is plain http:// (k8s.example.com); the token "
                              "would travel in clear text"));
    TestCa other("another CA");
    std::string wrong = cluster.kubeconfig("    token: " + kToken + "\n");
    const std::string right = cluster.ca_data();
    wrong.replace(wrong.find(right), right.size(), scopegate::util::base64_encode(other.cert_pem()));
    result = cluster.check("{preset: kubernetes, kubeconfig: " + cluster.world.dir.write("wrong", wrong) + "}");
    CHECK(result.exit_code == 4);
    CHECK(has(result.out + result.err, "certificate verify failed"));
  }
}

TEST_SUITE("integration.kubernetes.secrets") {
  TEST_CASE("through the proxy, in every format, verbose: no client key and no exec output anywhere") {
    Cluster cluster;
    Tinyproxy proxy;
    cluster.world.env["HTTPS_PROXY"] = proxy.url();
    cluster.api.exec_token = "k8s-aws-v1.ExecTokenThatMustNeverBePrinted000";
    const auto client = cluster.client_ca.issue({{"ci-deployer"}, {}, -1, 30, true});
    const std::string plugin = cluster.world.dir.write(
        "bin/plugin", "#!/bin/sh\necho '{\"apiVersion\": \"client.authentication.k8s.io/v1\", \"kind\": \"ExecCredential\", "
                      "\"status\": {\"token\": \"" + cluster.api.exec_token + "\"}}'\n");
    std::filesystem::permissions(plugin, std::filesystem::perms::owner_all);
    const std::string key_data = scopegate::util::base64_encode(client.key_pem);
    const std::string path = cluster.world.dir.write(
        "kube/config", cluster.kubeconfig("    client-certificate-data: " + scopegate::util::base64_encode(client.cert_pem) +
                                          "\n    client-key-data: " + key_data + "\n    exec: {apiVersion: "
                                          "client.authentication.k8s.io/v1, command: " + plugin + "}\n"));
    const std::string manifest = cluster.world.manifest("version: 1\nproviders:\n  cluster: {preset: kubernetes, kubeconfig: " +
                                                        path + "}\n" + kManifestBody);
    const std::string key_line = client.key_pem.substr(client.key_pem.find('\n') + 1, 40);
    for (const char* format : {"text", "json", "github", "junit", "markdown", "sarif"}) {
      CAPTURE(format);
      const auto result = cluster.world.run({"check", "-m", manifest, "--format", format, "--verbose"});
      CHECK(result.exit_code == 1);
      for (const std::string& secret : {cluster.api.exec_token, key_data.substr(0, 40), key_line})
        CHECK_FALSE(has(result.out + result.err, secret));
    }
    CHECK(has(proxy.log(), "CONNECT 127.0.0.1:" + std::to_string(cluster.server.port())));
    CHECK(cluster.server.requests().back().client_name == "ci-deployer");  // mutual TLS inside the tunnel
  }
}

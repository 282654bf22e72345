#include "providers/kubeconfig.h"

#include <doctest/doctest.h>

#include "support/fakes.h"
#include "util/base64.h"
#include "util/time.h"

using namespace scopegate;
using providers::kubeconfig::files_to_read;
using providers::kubeconfig::select;

namespace {
const std::string kToken = "eyJhbGciOiJSUzI1NiJ9.KubeconfigToken.Signature000";

// A kubeconfig with one cluster, one context and one user whose body is `user`.
std::string config(const std::string& user, const std::string& cluster = "    server: https://k8s.example:6443\n") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: prod\nclusters:\n- name: c\n  cluster:\n" + cluster +
         "contexts:\n- name: prod\n  context: {cluster: c, user: ci, namespace: web}\nusers:\n- name: ci\n  user:\n" + user;
}

struct Reader {
  testing::FakeFileSystem files;
  util::Redactor redactor;
  std::string error;
  std::optional<providers::kubeconfig::Selected> read(const std::vector<std::string>& paths, const std::string& context = "") {
    return select(paths, context, files, redactor, &error);
  }
};
}  // namespace

TEST_SUITE("providers.kubeconfig") {
  TEST_CASE("which files: the manifest's (~/ is HOME), else KUBECONFIG's list, else ~/.kube/config") {
    CHECK(files_to_read("~/.kube/ci", "/a:/b", "/home/ci") == std::vector<std::string>{"/home/ci/.kube/ci"});
    CHECK(files_to_read("~/.kube/ci", "", "").empty());
    CHECK(files_to_read("conf/k", "", "") == std::vector<std::string>{"conf/k"});
    CHECK(files_to_read("", "/a:/b", "/home/ci") == std::vector<std::string>{"/a", "/b"});
    CHECK(files_to_read("", "", "/home/ci") == std::vector<std::string>{"/home/ci/.kube/config"});
    CHECK(files_to_read("", "", "").empty());
  }

  TEST_CASE("the current context's server, namespace and token - the token registered as a secret") {
    Reader reader;
    reader.files.files["/k/config"] = config("    token: " + kToken + "\n");
    const auto selected = reader.read({"/k/config"});
    REQUIRE_MESSAGE(selected, reader.error);
    CHECK(selected->server == "https://k8s.example:6443");
    CHECK(selected->namespace_ == "web");
    CHECK(selected->token == kToken);
    CHECK(selected->describe() == "kubeconfig /k/config, context prod");
    CHECK(reader.redactor.redact(kToken) == "[REDACTED]");
  }

  TEST_CASE("every user's secrets are registered, not only the chosen one's") {
    Reader reader;
    reader.files.files["/k"] = config("    token: " + kToken + "\n") +
                               "- name: other\n  user:\n    token: other-users-token-0000\n"
                               "    auth-provider: {name: oidc, config: {refresh-token: refresh-token-00000}}\n"
                               "    exec: {env: [{name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMIK7MDENG}]}\n"
                               "    client-key-data: " + util::base64_encode("-----BEGIN KEY-----\nLINEOFKEYLINEOFKEY00\n") + "\n";
    REQUIRE_MESSAGE(reader.read({"/k"}), reader.error);
    for (const char* secret : {"other-users-token-0000", "refresh-token-00000", "wJalrXUtnFEMIK7MDENG", "LINEOFKEYLINEOFKEY00"})
      CHECK(reader.redactor.redact(secret) == "[REDACTED]");
  }

  TEST_CASE("files merge as kubectl merges them: the first to set a name or current-context wins") {
    Reader reader;
    reader.files.files["/a"] = "current-context: second\nusers:\n- name: ci\n  user: {token: first-token-000000}\n";
    reader.files.files["/b"] = "current-context: prod\nclusters: [{name: c, cluster: {server: 'https://k'}}]\n"
                               "contexts: [{name: second, context: {cluster: c, user: ci}}]\n"
                               "users: [{name: ci, user: {token: " + kToken + "}}]\n";
    reader.files.files["/empty"] = "# touched, never written\n";  // kubectl reads it as an empty config
    const auto selected = reader.read({"/a", "/missing", "/empty", "/b"});
    REQUIRE_MESSAGE(selected, reader.error);
    CHECK(selected->context == "second");
    CHECK(selected->token == "first-token-000000");
    CHECK(selected->file == "/b");
  }

  TEST_CASE("files a kubeconfig names are read relative to it, data fields are base64") {
    Reader reader;
    reader.files.files["/k/config"] =
        config("    client-certificate: certs/ci.crt\n    client-key-data: " + util::base64_encode("KEY PEM") + "\n",
               "    server: https://k8s.example\n    certificate-authority: /etc/ca.pem\n    tls-server-name: api\n");
    reader.files.files["/k/certs/ci.crt"] = "CERT PEM";
    reader.files.files["/etc/ca.pem"] = "CA PEM";
    const auto selected = reader.read({"/k/config"});
    REQUIRE_MESSAGE(selected, reader.error);
    CHECK(selected->client_cert_pem == "CERT PEM");
    CHECK(selected->client_key_pem == "KEY PEM");
    CHECK(selected->ca_pem == "CA PEM");
    CHECK(selected->tls_server_name == "api");
    CHECK(selected->token.empty());
  }

  TEST_CASE("exec: a relative command is the kubeconfig's, a bare one is PATH's - the versions kubectl still runs") {
    Reader reader;
    const std::string exec = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ";
    reader.files.files["/k/config"] = config(exec + "bin/plugin\n      args: [a, b]\n      env: [{name: X, value: y}]\n");
    auto selected = reader.read({"/k/config"});
    REQUIRE_MESSAGE(selected, reader.error);
    REQUIRE(selected->exec);
    CHECK(selected->exec->command == "/k/bin/plugin");
    CHECK(selected->exec->args == std::vector<std::string>{"a", "b"});
    CHECK(selected->exec->env == std::vector<std::pair<std::string, std::string>>{{"X", "y"}});
    CHECK(selected->exec->where == "/k/config:15:7");
    reader.files.files["/k/config"] = config(exec + "aws\n");
    CHECK(reader.read({"/k/config"})->exec->command == "aws");
    reader.files.files["/k/config"] = config("    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n");
    CHECK_FALSE(reader.read({"/k/config"}));
    CHECK(reader.error == "/k/config:15:7: exec apiVersion 'client.authentication.k8s.io/v1alpha1' is not "
                          "client.authentication.k8s.io/v1 or /v1beta1 (v1alpha1 left Kubernetes in 1.24)");
    reader.files.files["/k/config"] = config(exec + "aws\n      interactiveMode: Always\n");
    CHECK_FALSE(reader.read({"/k/config"}));
    CHECK(reader.error.ends_with("the exec plugin wants a terminal (interactiveMode: Always), which a CI step has not"));
  }

  TEST_CASE("credentials kubectl no longer accepts, or none, are said at the user's line") {
    Reader reader;
    reader.files.files["/k"] = config("    auth-provider: {name: gcp}\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:14:20: user 'ci' uses auth-provider 'gcp', which scopegate cannot run (kubectl itself "
                          "dropped the gcp and azure ones in 1.26): give the user an exec plugin (gke-gcloud-auth-plugin, "
                          "kubelogin), a token or a client certificate");
    reader.files.files["/k"] = config("    auth-provider: {name: oidc, config: {id-token: " + kToken + "}}\n");
    CHECK(reader.read({"/k"})->token == kToken);
    CHECK_FALSE(reader.read({"/k"})->token_expires_at);  // no exp in it
    const std::string id_token = "eyJhbGciOiJSUzI1NiJ9." + util::base64_encode(R"({"exp": 1700000000})") + ".c2lnbmF0dXJl";
    reader.files.files["/k"] = config("    auth-provider: {name: oidc, config: {id-token: " + id_token + "}}\n");
    CHECK(util::format_timestamp(*reader.read({"/k"})->token_expires_at) == "2023-11-14T22:13:20Z");
    reader.files.files["/k"] = config("    auth-provider: {name: oidc, config: {refresh-token: abc}}\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:14:20: user 'ci' uses the oidc auth-provider with no id-token; kubectl would fetch one "
                          "with its refresh-token, which scopegate does not: log in first (kubelogin, kubectl "
                          "oidc-login) so that it holds a current one");
    reader.files.files["/k"] = config("    username: admin\n    password: hunter2hunter2\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error.ends_with("authenticates with a username and password, which Kubernetes no longer accepts (1.19)"));
    reader.files.files["/k"] = config("    {}\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:14:5: user 'ci' has no credential: a token, tokenFile, client-certificate and "
                          "client-key, or exec");
    reader.files.files["/k"] = config("    tokne: abc\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:14:5: unknown key 'tokne' in user 'ci' (did you mean 'token'?)");
    reader.files.files["/k"] = config("    bearer: abc\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error.ends_with("or exec (it has 'bearer')"));
    reader.files.files["/k"] = config("    client-certificate-data: Q0VSVA==\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:14:5: user 'ci' has a client certificate but no client-key(-data)");
  }

  TEST_CASE("what cannot be used is said with its file, line and column") {
    Reader reader;
    reader.files.files["/k"] = config("    token: x\n", "    server: https://k8s\n    certificate-authority-data: '***'\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:7:5: certificate-authority-data is not base64");
    reader.files.files["/k"] = config("    token: x\n", "    server: [a, b]\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:7:13: server must be a string");
    reader.files.files["/k"] = config("    token: x\n", "    certificate-authority: ca.pem\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:7:5: cluster 'c' has no server");
    reader.files.files["/k"] = "clusters: [\n";
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error.starts_with("/k:2:1: the kubeconfig is not YAML that can be read: "));
    reader.files.files["/k"] = std::string(100, '[');
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:1:33: the kubeconfig is not YAML that can be read: nesting is deeper than 64 levels; a "
                          "kubeconfig never needs that");
    reader.files.files["/k"] = "contexts:\n- name: prod\n  context: 5\n";
    CHECK_FALSE(reader.read({"/k"}, "prod"));
    CHECK(reader.error == "/k:3:12: contexts entry 'prod' has no context: map");
  }

  TEST_CASE("token and tokenFile both: the file's is sent, as client-go does") {
    Reader reader;
    reader.files.files["/k"] = config("    token: inline-token-00000\n    tokenFile: t\n");
    reader.files.files["/t"] = "file-token-00000\n";
    CHECK(reader.read({"/k"})->token == "file-token-00000\n");
    CHECK(reader.redactor.redact("inline-token-00000 file-token-00000") == "[REDACTED] [REDACTED]");
  }

  TEST_CASE("an exec plugin's arguments named for a secret are secrets, the others are not") {
    Reader reader;
    reader.files.files["/k"] = config("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: kubelogin\n"
                                      "      args: [get-token, --oidc-client-secret=SECRETarg0123456789, --password, "
                                      "hunter2hunter2, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]\n");
    REQUIRE_MESSAGE(reader.read({"/k"}), reader.error);
    CHECK(reader.redactor.redact("SECRETarg0123456789 hunter2hunter2") == "[REDACTED] [REDACTED]");
    CHECK(reader.redactor.redact("6dae42f8-4368-4678-94ff-3960e28e3630") == "6dae42f8-4368-4678-94ff-3960e28e3630");
  }

  TEST_CASE("a typo of a key kubectl reads is an error, not a silent default - other keys pass") {
    Reader reader;
    reader.files.files["/k"] = "current-context: p\nclusters: [{name: c, cluster: {server: 'https://k', extensions: []}}]\n"
                               "contexts:\n- name: p\n  context: {cluster: c, user: u, namepsace: web}\n"
                               "users: [{name: u, user: {token: abc}}]\n";
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:5:34: unknown key 'namepsace' in context 'p' (did you mean 'namespace'?)");
    reader.files.files["/k"] = "current-context: p\nclusters: [{name: c, cluster: {sever: 'https://k'}}]\n"
                               "contexts: [{name: p, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: abc}}]\n";
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:2:32: unknown key 'sever' in cluster 'c' (did you mean 'server'?)");
    reader.files.files["/k"] = config("    token: abc\n    tokenFil: /t\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:15:5: unknown key 'tokenFil' in user 'ci' (did you mean 'tokenFile'?)");
  }

  TEST_CASE("the server as kubectl takes it: https:// when no scheme is written, never with a query") {
    Reader reader;
    reader.files.files["/k"] = config("    token: x\n", "    server: 127.0.0.1:6443\n");
    CHECK(reader.read({"/k"})->server == "https://127.0.0.1:6443");
    reader.files.files["/k"] = config("    token: x\n", "    server: 'https://k8s.example '\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error.starts_with("/k:7:13: server 'https://k8s.example ' is not a URL: "));
    reader.files.files["/k"] = config("    token: x\n", "    server: https://k8s.example/?access_token=abc\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:7:13: server 'https://k8s.example/?access_token=abc' has a query or a fragment; give "
                          "the address alone");
    reader.files.files["/k"] = config("    token: x\n", "    server: https://admin:pw@k8s.example\n");
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:7:13: server 'https://admin:pw@k8s.example' is not a URL: it carries a user name or "
                          "password, which belong in the user's entry");
  }

  TEST_CASE("no context to use: said with the names there are and the nearest") {
    Reader reader;
    reader.files.files["/k"] = "contexts:\n- name: prod\n  context: {cluster: c, user: u}\n- name: staging\n  context: {}\n";
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "the kubeconfig /k sets no current-context: give the provider a context:");
    CHECK_FALSE(reader.read({"/k"}, "prd"));
    CHECK(reader.error == "the kubeconfig /k has no context named 'prd' (did you mean 'prod'?) (it has prod, staging)");
    CHECK_FALSE(reader.read({"/k"}, "staging"));
    CHECK(reader.error == "/k:5:12: context 'staging' names no cluster");
    CHECK_FALSE(reader.read({"/nothing"}));
    CHECK(reader.error == "cannot read the kubeconfig /nothing: No such file or directory");
    CHECK_FALSE(reader.read({"/nothing", "/none"}));
    CHECK(reader.error == "none of the kubeconfig files exists (/nothing, /none)");
    reader.files.files["/empty"] = "";
    CHECK_FALSE(reader.read({"/empty"}));
    CHECK(reader.error == "the kubeconfig files hold nothing (/empty)");
    reader.files.files["/k"] = "current-context: p\nclusters: {c: {server: 'https://k'}}\ncontexts: [{name: p, context: "
                               "{cluster: c, user: u}}]\n";
    CHECK_FALSE(reader.read({"/k"}));
    CHECK(reader.error == "/k:2:11: clusters must be a list of {name: ..., cluster: {...}}");
  }
}

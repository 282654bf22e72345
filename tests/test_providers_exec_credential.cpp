#include "providers/exec_credential.h"

#include <doctest/doctest.h>

#include "support/fakes.h"

using namespace scopegate;
using providers::kubeconfig::run_exec_plugin;
using testing::FakeProcessRunner;

namespace {
const std::string kToken = "k8s-aws-v1.ExecPluginToken0000000000";

struct Plugin {
  providers::kubeconfig::Selected selected;
  FakeProcessRunner processes;
  util::Redactor redactor;
  std::string error;

  Plugin() {
    selected.server = "https://k8s.example";
    selected.ca_pem = "CA";
    selected.exec = providers::kubeconfig::ExecPlugin{};
    selected.exec->command = "aws";
    selected.exec->args = {"eks", "get-token"};
    selected.exec->env = {{"AWS_PROFILE", "ci"}};
    selected.exec->api_version = "client.authentication.k8s.io/v1";
    selected.exec->where = "/k:9:7";
  }
  std::optional<providers::kubeconfig::ExecCredential> run() {
    return run_exec_plugin(selected, processes, redactor, std::chrono::seconds(7), &error);
  }
  void prints(const std::string& status, const std::string& version = "client.authentication.k8s.io/v1") {
    processes.answer = FakeProcessRunner::printed(R"({"apiVersion": ")" + version +
                                                  R"(", "kind": "ExecCredential", "status": )" + status + "}");
  }
};
}  // namespace

TEST_SUITE("providers.exec_credential") {
  TEST_CASE("the token and expiry - the command, args, env and KUBERNETES_EXEC_INFO it was run with") {
    Plugin plugin;
    plugin.prints(R"({"token": ")" + kToken + R"(", "expirationTimestamp": "2030-01-02T03:04:05Z"})");
    const auto credential = plugin.run();
    REQUIRE_MESSAGE(credential, plugin.error);
    CHECK(credential->token == kToken);
    CHECK(util::format_timestamp(*credential->expires_at) == "2030-01-02T03:04:05Z");
    CHECK(plugin.redactor.redact(kToken) == "[REDACTED]");
    const util::ProcessRequest& run = plugin.processes.runs.at(0);
    CHECK(run.program == "aws");
    CHECK(run.args == std::vector<std::string>{"eks", "get-token"});
    CHECK(run.timeout == std::chrono::seconds(7));
    CHECK(run.added == std::vector<std::pair<std::string, std::string>>{
                           {"AWS_PROFILE", "ci"},
                           {"KUBERNETES_EXEC_INFO", R"({"apiVersion":"client.authentication.k8s.io/v1",)"
                                                    R"("kind":"ExecCredential","spec":{"interactive":false}})"}});
  }

  TEST_CASE("provideClusterInfo hands the plugin the cluster - a client certificate is a credential too") {
    Plugin plugin;
    plugin.selected.exec->provide_cluster_info = true;
    plugin.prints(R"({"clientCertificateData": "CERT", "clientKeyData": "-----BEGIN EC PRIVATE KEY-----ABC"})");
    const auto credential = plugin.run();
    REQUIRE_MESSAGE(credential, plugin.error);
    CHECK(credential->client_key_pem == "-----BEGIN EC PRIVATE KEY-----ABC");
    CHECK_FALSE(credential->expires_at);
    CHECK(plugin.processes.runs.at(0).added.back().second ==
          R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false,)"
          R"("cluster":{"server":"https://k8s.example","certificate-authority-data":"Q0E="}}})");
    CHECK(plugin.redactor.redact("-----BEGIN EC PRIVATE KEY-----ABC") == "[REDACTED]");
  }

  TEST_CASE("a plugin that cannot start, hangs, floods or fails: its own words, cut short and harmless") {
    Plugin plugin;
    plugin.selected.exec->install_hint = "install the AWS CLI\x1b[31m";
    plugin.processes.answer.start_error = "No such file or directory";
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error == "the exec plugin 'aws' (/k:9:7) cannot be run: No such file or directory (install the AWS "
                          "CLI\\x1b[31m)");
    plugin.processes.answer = FakeProcessRunner::printed("");
    plugin.processes.answer.timed_out = true;
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error == "the exec plugin 'aws' (/k:9:7) did not finish within 7 s (--timeout)");
    plugin.processes.answer.output_held_open = true;
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error == "the exec plugin 'aws' (/k:9:7) exited, but a process it started kept its output open past "
                          "7 s (--timeout)");
    plugin.processes.answer.output_held_open = false;
    plugin.processes.answer.timed_out = false;
    plugin.processes.answer.truncated = true;
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error.ends_with("printed more than 1048576 bytes (on stdout or stderr)"));
    plugin.processes.answer = FakeProcessRunner::printed(kToken);
    plugin.processes.answer.exit_code = 255;
    plugin.processes.answer.err = std::string(1000, 'x') + "\nUnable to locate credentials\n";
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error.starts_with("the exec plugin 'aws' (/k:9:7) exited with 255: ...xxx"));
    CHECK(plugin.error.ends_with("Unable to locate credentials"));
    CHECK(plugin.error.size() < 500);
    CHECK(plugin.redactor.redact(kToken) == "[REDACTED]");  // even a failed plugin's output is a secret
  }

  TEST_CASE("output that is no ExecCredential of the kubeconfig's version is refused, its token still a secret") {
    Plugin plugin;
    plugin.prints(R"({"token": ")" + kToken + R"("})", "client.authentication.k8s.io/v1beta1");
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error == "the exec plugin 'aws' (/k:9:7) printed kind 'ExecCredential', apiVersion "
                          "'client.authentication.k8s.io/v1beta1'; the kubeconfig asks for an ExecCredential of "
                          "client.authentication.k8s.io/v1");
    CHECK(plugin.redactor.redact(kToken) == "[REDACTED]");
    plugin.prints(R"({"clientKeyData": "KEY-ONLY-000000"})");
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error.ends_with("printed an ExecCredential with neither status.token nor a client certificate and key"));
    plugin.prints(R"({"token": ")" + kToken + R"(", "expirationTimestamp": "tomorrow"})");
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error.ends_with("printed an expirationTimestamp that is not RFC 3339: 'tomorrow'"));
    plugin.processes.answer = FakeProcessRunner::printed("not json");
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error.starts_with("the exec plugin 'aws' (/k:9:7) printed no ExecCredential JSON ("));
  }
}

TEST_SUITE("providers.exec_credential") {
  TEST_CASE("a plugin that fails after printing its credential: the credential is hidden in what its stderr repeats") {
    Plugin plugin;
    plugin.prints(R"({"token": ")" + kToken + R"("})");
    plugin.processes.answer.exit_code = 1;
    plugin.processes.answer.err = "debug: got token " + kToken + "\n";
    CHECK_FALSE(plugin.run());
    CHECK(plugin.redactor.redact(plugin.error) == "the exec plugin 'aws' (/k:9:7) exited with 1: debug: got token [REDACTED]");
    plugin.processes.answer.out = "not json\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oo\n";  // a bare credential
    plugin.processes.answer.err = "-----BEGIN EC PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END EC PRIVATE KEY-----\n";
    CHECK_FALSE(plugin.run());
    CHECK(plugin.error == "the exec plugin 'aws' (/k:9:7) exited with 1 (its stderr holds a private key, not shown)");
    CHECK(plugin.redactor.redact("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oo") == "[REDACTED]");
  }
}

#include "providers/exec_credential.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "util/base64.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers::kubeconfig {

namespace {
// KUBERNETES_EXEC_INFO: what the plugin is asked for, in the kubeconfig's
// apiVersion; the cluster only when provideClusterInfo asks for it.
std::string exec_info(const ExecPlugin& plugin, const Selected& selected) {
  boost::json::object spec{{"interactive", false}};
  if (plugin.provide_cluster_info) {
    boost::json::object cluster{{"server", selected.server}};
    if (!selected.ca_pem.empty()) cluster["certificate-authority-data"] = util::base64_encode(selected.ca_pem);
    if (!selected.tls_server_name.empty()) cluster["tls-server-name"] = selected.tls_server_name;
    spec["cluster"] = std::move(cluster);
  }
  return boost::json::serialize(
      boost::json::object{{"apiVersion", plugin.api_version}, {"kind", "ExecCredential"}, {"spec", std::move(spec)}});
}

// What the plugin printed on stdout is its credential: the secrets of an
// ExecCredential, else every line (a plugin that printed a bare token).
// `root`: the output read as JSON, null when it is not.
void register_output(const std::string& out, const boost::json::value* root, util::Redactor& redactor) {
  if (!root) {
    redactor.add_multiline_secret(out);
    return;
  }
  redactor.add_secret(string_at(*root, "/status/token").value_or(""));
  redactor.add_multiline_secret(string_at(*root, "/status/clientKeyData").value_or(""));
}

// The end of what the plugin said on stderr, one line, harmless to print;
// never a private key it may have dumped there.
std::string said_on_stderr(const std::string& err) {
  if (err.find("PRIVATE KEY") != std::string::npos) return " (its stderr holds a private key, not shown)";
  std::string said(util::trim(err));
  if (said.size() > kShownPluginError) said = "..." + said.substr(said.size() - kShownPluginError);
  said = util::neutralize(said);
  return said.empty() ? "" : ": " + said;
}

std::string start_failure(const ExecPlugin& plugin, const util::ProcessOutcome& outcome, const std::string& name,
                          std::chrono::milliseconds timeout) {
  if (!outcome.started) {
    std::string message = name + " cannot be run: " + outcome.start_error;
    if (!plugin.install_hint.empty()) message += " (" + util::neutralize(plugin.install_hint) + ")";
    return message;
  }
  if (outcome.output_held_open)
    return name + " exited, but a process it started kept its output open past " +
           std::to_string(timeout.count() / 1000) + " s (--timeout)";
  if (outcome.timed_out)
    return name + " did not finish within " + std::to_string(timeout.count() / 1000) + " s (--timeout)";
  if (outcome.truncated)
    return name + " printed more than " + std::to_string(kMaxExecOutputBytes) + " bytes (on stdout or stderr)";
  if (outcome.exit_code != 0)
    return name + " exited with " + std::to_string(outcome.exit_code) + said_on_stderr(outcome.err);
  return {};
}

// The ExecCredential's status (its secrets already registered).
std::optional<ExecCredential> read_credential(const boost::json::value& root, const ExecPlugin& plugin,
                                              const std::string& name, std::string* error) {
  ExecCredential credential;
  credential.token = string_at(root, "/status/token").value_or("");
  credential.client_key_pem = string_at(root, "/status/clientKeyData").value_or("");
  credential.client_cert_pem = string_at(root, "/status/clientCertificateData").value_or("");
  const std::string kind = string_at(root, "/kind").value_or("");
  const std::string version = string_at(root, "/apiVersion").value_or("");
  if (kind != "ExecCredential" || version != plugin.api_version) {
    *error = name + " printed kind " + util::quoted(util::neutralize(kind)) + ", apiVersion " +
             util::quoted(util::neutralize(version)) + "; the kubeconfig asks for an ExecCredential of " +
             plugin.api_version;
    return std::nullopt;
  }
  if (credential.token.empty() && (credential.client_cert_pem.empty() || credential.client_key_pem.empty())) {
    *error = name + " printed an ExecCredential with neither status.token nor a client certificate and key";
    return std::nullopt;
  }
  if (const auto expiry = string_at(root, "/status/expirationTimestamp"); expiry && !expiry->empty()) {
    credential.expires_at = util::parse_timestamp(*expiry);
    if (!credential.expires_at)
      *error = name + " printed an expirationTimestamp that is not RFC 3339: " + util::quoted(util::neutralize(*expiry));
  }
  if (!error->empty()) return std::nullopt;
  return credential;
}
}  // namespace

std::optional<ExecCredential> run_exec_plugin(const Selected& selected, util::ProcessRunner& processes,
                                              util::Redactor& redactor, std::chrono::milliseconds timeout,
                                              std::string* error) {
  error->clear();
  const ExecPlugin& plugin = *selected.exec;
  const std::string name = "the exec plugin " + util::quoted(util::neutralize(plugin.command)) + " (" + plugin.where + ")";
  util::ProcessRequest request;
  request.program = plugin.command;
  request.args = plugin.args;
  request.added = plugin.env;
  request.added.emplace_back("KUBERNETES_EXEC_INFO", exec_info(plugin, selected));
  request.timeout = timeout;
  request.max_output = kMaxExecOutputBytes;
  const util::ProcessOutcome outcome = processes.run(request);
  boost::json::value root;
  std::string why;
  const bool is_json = parse_json_body(outcome.out, &root, &why);
  register_output(outcome.out, is_json ? &root : nullptr, redactor);  // even when it failed: its stderr may repeat it
  *error = start_failure(plugin, outcome, name, timeout);
  if (!error->empty()) return std::nullopt;
  if (!is_json) {
    *error = name + " printed no ExecCredential JSON (" + why + ")";
    return std::nullopt;
  }
  return read_credential(root, plugin, name, error);
}

}  // namespace scopegate::providers::kubeconfig

#include "providers/kubernetes_connection.h"

#include <algorithm>

#include "providers/exec_credential.h"
#include "providers/kubeconfig.h"
#include "net/tls_trust.h"
#include "util/strings.h"

namespace scopegate::providers::kubernetes {

namespace {

std::string value_of(const std::optional<manifest::Text>& text) { return text ? text->value : std::string(); }

// A namespace's name: an RFC 1123 label (Kubernetes docs, "Object Names and IDs").
bool is_namespace_name(std::string_view name) {
  const bool characters = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  return characters && !name.empty() && name.size() <= 63 && name.front() != '-' && name.back() != '-';
}

std::string not_a_namespace(std::string_view name) {
  return util::quoted(util::neutralize(name)) +
         " is not a namespace name (lower-case letters, digits and '-', at most 63, as RFC 1123 labels)";
}

// The manifest's namespace: (or resource:, which the resolver reads itself) wins over any found.
std::string default_namespace(const ConnectionInputs& in, const std::string& found) {
  if (in.spec.namespace_) return in.spec.namespace_->value;
  return found.empty() ? "default" : found;
}

std::optional<Connection> from_kubeconfig(const ConnectionInputs& in, std::string* error) {
  const std::vector<std::string> paths =
      kubeconfig::files_to_read(value_of(in.spec.kubeconfig), in.environment.get("KUBECONFIG").value_or(""),
                                in.environment.get("HOME").value_or(""));
  if (paths.empty()) {
    *error = "kubeconfig " + value_of(in.spec.kubeconfig) + " starts with ~/, and HOME is not set";
    return std::nullopt;
  }
  auto selected = kubeconfig::select(paths, value_of(in.spec.context), in.files, in.redactor, error);
  if (!selected) return std::nullopt;
  Connection connection;
  connection.base_url = selected->server;
  connection.base_url_source = "the server of " + selected->describe();
  connection.token_source = selected->describe() + ", user " + selected->user;
  auto tls = std::make_shared<net::TlsIdentity>();
  tls->ca_pem = selected->ca_pem;
  tls->client_cert_pem = selected->client_cert_pem;
  tls->client_key_pem = selected->client_key_pem;
  tls->server_name = selected->tls_server_name;
  tls->source = connection.token_source;
  // As client-go: a token or a client certificate already there is used,
  // and the plugin is not run (exec.UpdateTransportConfig).
  const bool has_static = !selected->token.empty() || !selected->client_cert_pem.empty();
  if (selected->exec && !has_static) {
    if (!in.processes) {
      *error = selected->exec->where + ": this run may not start the kubeconfig's exec plugin";
      return std::nullopt;
    }
    auto credential = kubeconfig::run_exec_plugin(*selected, *in.processes, in.redactor, in.timeout, error);
    if (!credential) return std::nullopt;
    selected->token = credential->token;
    if (!credential->client_key_pem.empty()) {
      tls->client_cert_pem = credential->client_cert_pem;
      tls->client_key_pem = credential->client_key_pem;
    }
    connection.expires_at = credential->expires_at;
    connection.token_source += " (its exec plugin)";
    connection.renewal = "the kubeconfig's exec plugin (" + selected->exec->where +
                         ") gave it: sign in again where it gets its credential (its cloud CLI's login), or clear its cache";
  }
  if (!selected->token.empty()) connection.token = selected->token;
  if (!connection.expires_at) connection.expires_at = selected->token_expires_at;
  connection.needs_token = tls->client_key_pem.empty();
  if (!connection.token && !connection.needs_token) {
    connection.token_source = "the client certificate of " + connection.token_source;
    connection.renewal = "renew " + connection.token_source + " (its client-certificate and client-key)";
  }
  if (selected->token_expires_at && connection.renewal.empty())
    connection.renewal = "sign in again (kubelogin, kubectl oidc-login) for a new id-token in " + connection.token_source;
  // A client certificate's notAfter is the credential's expiry too, when it comes first.
  if (const auto until = net::certificate_expiry(tls->client_cert_pem))
    if (!connection.expires_at || *until < *connection.expires_at) connection.expires_at = until;
  connection.tls = std::move(tls);
  connection.resource = default_namespace(in, selected->namespace_);
  if (!is_namespace_name(connection.resource)) {
    *error = selected->describe() + ": the namespace " + not_a_namespace(connection.resource);
    return std::nullopt;
  }
  return connection;
}

// In a pod: the preset's defaults (the token file, $KUBERNETES_SERVICE_HOST)
// with the service account's CA and namespace.
std::optional<Connection> from_pod(const ConnectionInputs& in, std::string* error) {
  Connection connection;
  // As client-go's InClusterConfig joins them: an IPv6 service address is bracketed.
  const std::string host = in.environment.get("KUBERNETES_SERVICE_HOST").value_or("");
  const auto port = in.environment.get_non_empty("KUBERNETES_SERVICE_PORT");
  if (port && host.find(':') != std::string::npos) connection.base_url = "https://[" + host + "]:" + *port;
  const std::string dir(kServiceAccountDir);
  std::string absent;  // a pod without these files keeps the run's trust and the default namespace
  if (auto ca = read_credential_file(in.files, dir + "/ca.crt", "ca.crt", &absent)) {
    auto tls = std::make_shared<net::TlsIdentity>();
    tls->ca_pem = std::move(*ca);
    tls->source = "the pod's service account (" + dir + "/ca.crt)";
    connection.tls = std::move(tls);
  }
  const auto space = read_credential_file(in.files, dir + "/namespace", "namespace", &absent);
  connection.resource = default_namespace(in, std::string(util::trim(space.value_or(""))));
  error->clear();
  return connection;
}
}  // namespace

std::optional<Connection> read_connection(const ConnectionInputs& in, std::string* error) {
  error->clear();
  const bool named = in.spec.kubeconfig || in.spec.context;
  const std::string home_config = in.environment.get("HOME").value_or("~") + "/.kube/config";
  if (in.spec.context && !in.spec.kubeconfig && !in.environment.get_non_empty("KUBECONFIG") &&
      !in.files.exists(home_config)) {
    *error = "context " + util::quoted(in.spec.context->value) + " names a kubeconfig context, but there is no "
             "kubeconfig: KUBECONFIG is not set and there is no " + home_config + "; give the provider kubeconfig:";
    return std::nullopt;
  }
  if (named) return from_kubeconfig(in, error);
  if (in.spec.base_url) {
    if (!in.spec.namespace_) return std::nullopt;
    Connection connection;
    connection.resource = in.spec.namespace_->value;
    return connection;
  }
  // rest.InClusterConfig: both variables, only when no kubeconfig holds anything.
  const bool in_pod = in.environment.get_non_empty("KUBERNETES_SERVICE_HOST") &&
                      in.environment.get_non_empty("KUBERNETES_SERVICE_PORT");
  const std::string home = in.environment.get("HOME").value_or("");
  if (in.environment.get_non_empty("KUBECONFIG") || (!home.empty() && in.files.exists(home + "/.kube/config"))) {
    auto connection = from_kubeconfig(in, error);
    if (connection || !in_pod || !error->starts_with(kubeconfig::kNothingInKubeconfig)) return connection;
  }
  if (in_pod) return from_pod(in, error);
  *error = "there is no cluster to ask: KUBECONFIG is not set, " +
           (home.empty() ? std::string("HOME is not set") : "there is no " + home + "/.kube/config") +
           ", and this is not a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set); give the "
           "provider kubeconfig: or base_url:";
  return std::nullopt;
}

void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  const std::string name = util::quoted(provider.name);
  if (provider.base_url && (provider.kubeconfig || provider.context))
    diagnostics.error(provider.base_url->where, "provider " + name + " names its cluster twice, by base_url and by " +
                                                    (provider.kubeconfig ? "kubeconfig" : "context") + "; keep one");
  if (provider.resource && provider.namespace_)
    diagnostics.error(provider.namespace_->where,
                      "provider " + name + " has both resource and namespace, which are the same default namespace; keep one");
  for (const auto* given : {&provider.resource, &provider.namespace_})
    if (*given && (*given)->value.find("${") == std::string::npos && !is_namespace_name((*given)->value))
      diagnostics.error((*given)->where, not_a_namespace((*given)->value));
}

}  // namespace scopegate::providers::kubernetes

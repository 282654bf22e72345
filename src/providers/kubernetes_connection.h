#pragma once
// Where the kubernetes preset connects, chosen as kubectl chooses
// (deploy-gates.md; client-go's clientcmd and rest.InClusterConfig): the
// manifest's `kubeconfig:` or `context:`; else the manifest's base_url;
// else $KUBECONFIG; else ~/.kube/config; else, in a pod, its service
// account (the token file, ca.crt, the pod's namespace). A kubeconfig's
// exec plugin is run here, before anything is sent, unless its user has a
// token or a client certificate already.
#include <optional>
#include <string>

#include "providers/provider.h"

namespace scopegate::providers::kubernetes {

// A pod's service account files (Kubernetes docs, "Accessing the Kubernetes
// API from a Pod").
inline constexpr std::string_view kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// The connection for `inputs.spec`; nullopt with `error` empty when the
// manifest's base_url says it all; nullopt with the reason otherwise.
std::optional<Connection> read_connection(const ConnectionInputs& inputs, std::string* error);

// The manifest's own rules: one way to name the cluster, one default namespace.
void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics);

}  // namespace scopegate::providers::kubernetes

#pragma once
// A kubeconfig's `exec` credential plugin run as kubectl runs it (Kubernetes
// docs, "client-go credential plugins"): non-interactively, with
// KUBERNETES_EXEC_INFO describing the request, its stdout read as an
// ExecCredential (client.authentication.k8s.io/v1 or v1beta1) whose status
// holds a token or a client certificate and key, and an expiry. What it
// prints is a secret: registered with the redactor before anything else.
#include <chrono>
#include <optional>
#include <string>

#include "providers/kubeconfig.h"
#include "util/clock.h"
#include "util/process.h"
#include "util/redactor.h"

namespace scopegate::providers::kubeconfig {

inline constexpr std::size_t kMaxExecOutputBytes = 1 << 20;
inline constexpr std::size_t kShownPluginError = 400;  // the end of its stderr, in a message

// What an exec plugin printed (an ExecCredential's status).
struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<util::TimePoint> expires_at;
};

// Runs `selected`'s exec plugin (stdin closed, stopped after `timeout`) and
// reads its ExecCredential; nullopt with the reason in `error`: the plugin's
// own words (the end of its stderr, neutralised), its install hint when it
// cannot be found, or what its output lacks.
std::optional<ExecCredential> run_exec_plugin(const Selected& selected, util::ProcessRunner& processes,
                                              util::Redactor& redactor, std::chrono::milliseconds timeout,
                                              std::string* error);

}  // namespace scopegate::providers::kubeconfig

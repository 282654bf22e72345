#pragma once
// A kubeconfig read as kubectl reads it (Kubernetes docs, "Organizing
// cluster access using kubeconfig files"; client-go's clientcmd loading
// rules): the files of $KUBECONFIG merged (the first to set a value wins),
// one context chosen (the manifest's `context:`, else current-context), its
// cluster's address and trust, and its user's credential: a bearer token, a
// token file, a client certificate and key, or an `exec` plugin
// (client.authentication.k8s.io ExecCredential). Relative paths are
// relative to the file that names them.
//
// The files are outside bytes: sizes are bounded, every shape is answered
// with FILE:LINE:COL and a reason, and every secret read (a token, a client
// key) is registered with the redactor before this returns.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/clock.h"
#include "util/file_system.h"
#include "util/redactor.h"

namespace scopegate::providers::kubeconfig {

inline constexpr std::size_t kMaxKubeconfigBytes = 4 << 20;  // thousands of contexts fit

// A user's `exec:` (client.authentication.k8s.io ExecConfig).
struct ExecPlugin {
  std::string command;  // a path (relative ones resolved against the kubeconfig's directory) or a name in PATH
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // set on top of this process's environment
  std::string api_version;                               // client.authentication.k8s.io/v1 or /v1beta1
  std::string install_hint;                              // said when the command cannot be found
  bool provide_cluster_info = false;
  std::string where;  // "FILE:LINE:COL" of the exec: key, for messages
};

// One context of a kubeconfig, resolved.
struct Selected {
  std::string file;  // the file that defined the context
  std::string context;
  std::string cluster;
  std::string user;
  std::string namespace_;  // the context's; "" when unset
  std::string server;
  std::string ca_pem;  // certificate-authority-data decoded, or certificate-authority's file
  std::string tls_server_name;
  std::string token;  // token, tokenFile's contents, or an oidc auth-provider's id-token
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<ExecPlugin> exec;
  // When the token expires, where it says so itself (an oidc id-token's `exp`).
  std::optional<util::TimePoint> token_expires_at;
  std::string describe() const { return "kubeconfig " + file + ", context " + context; }
};

// The kubeconfig files to read: the manifest's `kubeconfig:` (one path,
// `~/` meaning $HOME), else $KUBECONFIG's list (':'-separated), else
// ~/.kube/config; empty when none is named or $HOME is unset.
std::vector<std::string> files_to_read(const std::string& manifest_path, const std::string& kubeconfig_variable,
                                       const std::string& home);

// How select()'s error starts when every file is empty: kubectl then
// falls back to a pod's service account, where there is one.
inline constexpr std::string_view kNothingInKubeconfig = "the kubeconfig files hold nothing";

// `context` ("" = current-context) of `paths`, merged; nullopt with the
// reason in `error`. A path of $KUBECONFIG that does not exist is skipped,
// as kubectl does, unless it is the only one.
std::optional<Selected> select(const std::vector<std::string>& paths, const std::string& context,
                               const util::FileSystem& files, util::Redactor& redactor, std::string* error);

}  // namespace scopegate::providers::kubeconfig

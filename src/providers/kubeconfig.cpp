#include "providers/kubeconfig.h"

#include <algorithm>

#include <boost/json/value.hpp>

#include "manifest/yaml_tree.h"
#include "net/request_check.h"
#include "net/url.h"
#include "providers/claims.h"
#include "providers/json_helpers.h"
#include "providers/provider.h"
#include "util/base64.h"
#include "util/edit_distance.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers::kubeconfig {

namespace {
using manifest::YamlTree;
using NodeId = YamlTree::NodeId;
using Kind = YamlTree::Kind;

constexpr std::size_t kMaxListedNames = 8;

struct Loaded {
  std::string path;
  YamlTree tree;
};

// A node of one of the files: what a lookup finds.
struct Found {
  const Loaded* file = nullptr;
  NodeId node = 0;
};

std::string position(const Found& at) {
  const manifest::Location where = at.file->tree.where(at.node);
  return at.file->path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::optional<NodeId> value_of(const YamlTree& tree, NodeId map, std::string_view key) {
  if (tree.kind(map) != Kind::kMap) return std::nullopt;
  const auto children = tree.children(map);
  for (std::size_t i = 0; i + 1 < children.size(); i += 2)
    if (tree.kind(children[i]) == Kind::kScalar && tree.scalar(children[i]) == key) return children[i + 1];
  return std::nullopt;
}

// The scalar at `key` of `map`; "" when absent or null; an error when it is a list or a map.
std::string text_at(const Found& map, std::string_view key, std::string* error) {
  const auto value = value_of(map.file->tree, map.node, key);
  if (!value || map.file->tree.kind(*value) == Kind::kNull) return {};
  if (map.file->tree.kind(*value) != Kind::kScalar) {
    *error = position({map.file, *value}) + ": " + std::string(key) + " must be a string";
    return {};
  }
  return map.file->tree.scalar(*value);
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// A path the kubeconfig names, relative to the file that names it.
std::string resolve_path(const Found& at, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const std::string directory = directory_of(at.file->path);
  return directory + (directory.ends_with('/') ? "" : "/") + path;
}

bool load(const std::string& path, bool must_exist, const util::FileSystem& files, std::vector<Loaded>* loaded,
          std::string* error) {
  std::string text, why;
  const auto status = files.read_file(path, kMaxKubeconfigBytes, &text, &why);
  if (status == util::FileSystem::Status::kNotFound && !must_exist) return true;
  if (status != util::FileSystem::Status::kOkay) {
    *error = "cannot read the kubeconfig " + path + ": " + why;
    return false;
  }
  Loaded file{path, {}};
  manifest::YamlError parse_error;
  manifest::YamlLimits limits;
  limits.document = "kubeconfig";
  limits.empty_is_valid = true;  // kubectl reads an empty file as an empty config
  if (!manifest::parse_yaml(text, limits, &file.tree, &parse_error)) {
    *error = path + ":" + std::to_string(parse_error.where.line) + ":" + std::to_string(parse_error.where.column) +
             ": the kubeconfig is not YAML that can be read: " + parse_error.message;
    return false;
  }
  if (!file.tree.empty()) loaded->push_back(std::move(file));
  return true;
}

// The entries of every file's `list` (clusters, contexts, users), in order.
template <class Visit>
void for_each_named(const std::vector<Loaded>& files, std::string_view list, Visit visit, std::string* error) {
  for (const Loaded& file : files) {
    const auto items = value_of(file.tree, file.tree.root(), list);
    if (items && file.tree.kind(*items) != Kind::kSequence && file.tree.kind(*items) != Kind::kNull && error->empty())
      *error = position({&file, *items}) + ": " + std::string(list) + " must be a list of {name: ..., " +
               std::string(list.substr(0, list.size() - 1)) + ": {...}}";
    if (!items || file.tree.kind(*items) != Kind::kSequence) continue;
    for (NodeId item : file.tree.children(*items)) {
      const auto name = value_of(file.tree, item, "name");
      if (name && file.tree.kind(*name) == Kind::kScalar && visit(file, item, file.tree.scalar(*name))) return;
    }
  }
}

// The inner map (`cluster:`, `context:`, `user:`) of the first entry named
// `name`; the first file to define a name wins, as kubectl merges them.
std::optional<Found> find_named(const std::vector<Loaded>& files, std::string_view list, std::string_view inner,
                                const std::string& name, std::string* error) {
  std::optional<Found> found;
  std::vector<std::string> names;
  for_each_named(files, list, [&](const Loaded& file, NodeId item, const std::string& item_name) {
    names.push_back(item_name);
    if (item_name != name) return false;
    const auto body = value_of(file.tree, item, inner);
    found = Found{&file, body.value_or(item)};
    if (!body || file.tree.kind(*body) != Kind::kMap)
      *error = position(*found) + ": " + std::string(list) + " entry " + util::quoted(name) + " has no " +
               std::string(inner) + ": map";
    return true;
  }, error);
  if (!error->empty()) return std::nullopt;
  if (!found) {
    if (names.size() > kMaxListedNames) names.resize(kMaxListedNames);
    std::vector<std::string> paths;
    for (const Loaded& file : files) paths.push_back(file.path);
    *error = "the kubeconfig " + util::join(paths, ":") + " has no " + std::string(list).substr(0, list.size() - 1) +
             " named " + util::quoted(name) +
             util::did_you_mean(name, names) + (names.empty() ? "" : " (it has " + util::join(names, ", ") + ")");
  }
  return error->empty() ? found : std::nullopt;
}

// An exec plugin's arguments that carry a secret: the value of a flag
// named for one (--oidc-client-secret=X, --password X, --token X).
void register_secret_arguments(const YamlTree& tree, NodeId args, util::Redactor& redactor) {
  if (tree.kind(args) != Kind::kSequence) return;
  const auto items = tree.children(args);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (tree.kind(items[i]) != Kind::kScalar) continue;
    const std::string flag = util::to_lower(tree.scalar(items[i]));
    const bool secret_flag = flag.starts_with("-") && (flag.find("secret") != std::string::npos ||
                                                       flag.find("password") != std::string::npos ||
                                                       flag.find("token") != std::string::npos ||
                                                       flag.find("key") != std::string::npos);
    if (!secret_flag) continue;
    const std::size_t equals = flag.find('=');
    if (equals != std::string::npos) redactor.add_secret(tree.scalar(items[i]).substr(equals + 1));
    else if (i + 1 < items.size() && tree.kind(items[i + 1]) == Kind::kScalar) redactor.add_secret(tree.scalar(items[i + 1]));
  }
}

// Everything secret every user of every file holds, the chosen one or not:
// a token, a key, a password, an auth-provider's tokens and secret, an exec
// plugin's environment. Registered before anything can print.
void register_secrets(const std::vector<Loaded>& files, util::Redactor& redactor) {
  static const std::vector<std::string_view> kSecretKeys{"token", "client-key-data", "password", "id-token",
                                                          "refresh-token", "client-secret", "value"};
  for (const Loaded& file : files) {
    std::vector<NodeId> pending;
    if (const auto users = value_of(file.tree, file.tree.root(), "users")) pending.push_back(*users);
    while (!pending.empty()) {  // the users' subtrees, every mapping within
      const NodeId node = pending.back();
      pending.pop_back();
      const Kind kind = file.tree.kind(node);
      if (kind != Kind::kSequence && kind != Kind::kMap) continue;  // a scalar has no children
      const auto children = file.tree.children(node);
      if (kind == Kind::kSequence) pending.insert(pending.end(), children.begin(), children.end());
      if (kind != Kind::kMap) continue;
      for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const NodeId key = children[i], value = children[i + 1];
        pending.push_back(value);
        if (file.tree.kind(key) == Kind::kScalar && file.tree.scalar(key) == "args")
          register_secret_arguments(file.tree, value, redactor);
        if (file.tree.kind(key) != Kind::kScalar || file.tree.kind(value) != Kind::kScalar) continue;
        const std::string& name = file.tree.scalar(key);
        if (std::find(kSecretKeys.begin(), kSecretKeys.end(), name) == kSecretKeys.end()) continue;
        redactor.add_secret(file.tree.scalar(value));
        if (name == "client-key-data")
          redactor.add_multiline_secret(util::base64_decode(util::trim(file.tree.scalar(value))).value_or(""));
      }
    }
  }
}

std::string current_context(const std::vector<Loaded>& files) {
  for (const Loaded& file : files) {
    const auto value = value_of(file.tree, file.tree.root(), "current-context");
    if (value && file.tree.kind(*value) == Kind::kScalar && !file.tree.scalar(*value).empty())
      return file.tree.scalar(*value);
  }
  return {};
}

// `data_key` (base64 PEM) or `file_key` (a path) of `map`, as PEM text; "" when neither is set.
std::string read_pem(const Found& map, std::string_view data_key, std::string_view file_key,
                     const util::FileSystem& files, std::string* error) {
  if (const std::string data = text_at(map, data_key, error); !data.empty()) {
    auto decoded = util::base64_decode(util::trim(data));
    if (!decoded) *error = position(map) + ": " + std::string(data_key) + " is not base64";
    return decoded.value_or("");
  }
  const std::string path = resolve_path(map, text_at(map, file_key, error));
  if (path.empty() || !error->empty()) return {};
  auto text = read_credential_file(files, path, file_key, error);
  if (!text) *error = position(map) + ": " + *error;
  return text.value_or("");
}

// A key of `map` that is a typo of one kubectl reads ("namepsace") is an
// error: kubectl would ignore it, and scopegate would check the wrong thing
// without a word. Keys that resemble none (extensions, newer fields) pass.
void refuse_typos(const Found& map, std::string_view what, const std::vector<std::string>& known, std::string* error) {
  const YamlTree& tree = map.file->tree;
  if (!error->empty() || tree.kind(map.node) != Kind::kMap) return;
  const auto children = tree.children(map.node);
  for (std::size_t i = 0; i + 1 < children.size() && error->empty(); i += 2) {
    if (tree.kind(children[i]) != Kind::kScalar) continue;
    const std::string& key = tree.scalar(children[i]);
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (const auto close = util::closest_match(key, known))
      *error = position({map.file, children[i]}) + ": unknown key " + util::quoted(util::neutralize(key)) + " in " +
               std::string(what) + " (did you mean " + util::quoted(*close) + "?)";
  }
}

// The cluster's address as kubectl takes it: https:// when no scheme is
// written; a URL with a query or a fragment is refused (the API paths go after it).
void read_server(const Found& cluster, Selected* selected, std::string* error) {
  const auto node = value_of(cluster.file->tree, cluster.node, "server");
  std::string server = text_at(cluster, "server", error);
  if (!error->empty()) return;
  const std::string at = position(node ? Found{cluster.file, *node} : cluster);
  if (server.empty()) {
    *error = position(cluster) + ": cluster " + util::quoted(selected->cluster) + " has no server";
    return;
  }
  if (!net::has_scheme(server)) server = "https://" + server;
  std::string why;
  const auto url = net::parse_url(server, &why);
  if (const auto problem = net::request_line_problem(server)) why = *problem;
  if (url && !url->userinfo.empty()) why = "it carries a user name or password, which belong in the user's entry";
  if (!url || !why.empty()) *error = at + ": server " + util::quoted(util::neutralize(server)) + " is not a URL: " + why;
  else if (server.find_first_of("?#") != std::string::npos)
    *error = at + ": server " + util::quoted(util::neutralize(server)) + " has a query or a fragment; give the address alone";
  selected->server = server;
}

void read_cluster(const Found& cluster, const util::FileSystem& files, Selected* selected, std::string* error) {
  refuse_typos(cluster, "cluster " + util::quoted(selected->cluster),
               {"server", "certificate-authority", "certificate-authority-data", "insecure-skip-tls-verify",
                "tls-server-name", "proxy-url", "disable-compression", "extensions"},
               error);
  if (!error->empty()) return;
  read_server(cluster, selected, error);
  selected->tls_server_name = text_at(cluster, "tls-server-name", error);
  if (text_at(cluster, "insecure-skip-tls-verify", error) == "true")
    *error = position(cluster) + ": cluster " + util::quoted(selected->cluster) +
             " sets insecure-skip-tls-verify, and scopegate sends a credential only to a server it has verified: "
             "give the cluster's certificate-authority-data instead";
  if (error->empty()) selected->ca_pem = read_pem(cluster, "certificate-authority-data", "certificate-authority", files, error);
}

std::optional<ExecPlugin> read_exec(const Found& exec, std::string* error) {
  ExecPlugin plugin;
  plugin.where = position(exec);
  plugin.command = resolve_path(exec, text_at(exec, "command", error));
  // A bare name is looked up in PATH; only a relative path is the file's.
  if (const std::string written = text_at(exec, "command", error); written.find('/') == std::string::npos)
    plugin.command = written;
  plugin.api_version = text_at(exec, "apiVersion", error);
  plugin.install_hint = text_at(exec, "installHint", error);
  plugin.provide_cluster_info = text_at(exec, "provideClusterInfo", error) == "true";
  const YamlTree& tree = exec.file->tree;
  if (const auto args = value_of(tree, exec.node, "args"); args && tree.kind(*args) == Kind::kSequence)
    for (NodeId arg : tree.children(*args))
      plugin.args.push_back(tree.kind(arg) == Kind::kScalar ? tree.scalar(arg) : "");
  if (const auto env = value_of(tree, exec.node, "env"); env && tree.kind(*env) == Kind::kSequence)
    for (NodeId item : tree.children(*env))
      plugin.env.emplace_back(text_at({exec.file, item}, "name", error), text_at({exec.file, item}, "value", error));
  if (!error->empty()) return std::nullopt;
  if (plugin.command.empty()) *error = plugin.where + ": exec has no command";
  else if (plugin.api_version != "client.authentication.k8s.io/v1" &&
           plugin.api_version != "client.authentication.k8s.io/v1beta1")
    *error = plugin.where + ": exec apiVersion " + util::quoted(util::neutralize(plugin.api_version)) +
             " is not client.authentication.k8s.io/v1 or /v1beta1 (v1alpha1 left Kubernetes in 1.24)";
  else if (text_at(exec, "interactiveMode", error) == "Always")
    *error = plugin.where + ": the exec plugin wants a terminal (interactiveMode: Always), which a CI step has not";
  if (!error->empty()) return std::nullopt;
  return plugin;
}

// A JWT's `exp` (RFC 7519 section 4.1.4), read as the jwt preset reads it;
// nullopt when the token is no JWT or says none.
std::optional<util::TimePoint> jwt_expiry(std::string_view token) {
  boost::json::value claims;
  TokenFacts facts;
  std::string error;
  if (!read_jwt_claims(token, &claims, &error) || !read_expiry(claims, "/exp", &facts, &error, NullExpiry::kUnknown))
    return std::nullopt;
  return facts.expires_at;
}

// The legacy auth-provider: oidc's id-token is a bearer token (kubectl would
// refresh it with the refresh-token; scopegate does not); gcp's and azure's are gone.
void read_auth_provider(const Found& provider, Selected* selected, std::string* error) {
  const std::string name = text_at(provider, "name", error);
  const auto config = value_of(provider.file->tree, provider.node, "config");
  if (name == "oidc" && config) selected->token = text_at({provider.file, *config}, "id-token", error);
  if (name == "oidc") selected->token_expires_at = jwt_expiry(selected->token);
  if (!error->empty() || !selected->token.empty()) return;
  const std::string who = position(provider) + ": user " + util::quoted(selected->user);
  if (name == "oidc")
    *error = who + " uses the oidc auth-provider with no id-token; kubectl would fetch one with its refresh-token, "
                   "which scopegate does not: log in first (kubelogin, kubectl oidc-login) so that it holds a current one";
  else
    *error = who + " uses auth-provider " + util::quoted(util::neutralize(name)) +
             ", which scopegate cannot run (kubectl itself dropped the gcp and azure ones in 1.26): give the user an "
             "exec plugin (gke-gcloud-auth-plugin, kubelogin), a token or a client certificate";
}

// The keys of a kubeconfig user (client-go's clientcmd AuthInfo).
const std::vector<std::string> kUserKeys{
    "token", "tokenFile", "client-certificate", "client-certificate-data", "client-key", "client-key-data", "exec",
    "auth-provider", "username", "password", "as", "as-uid", "as-groups", "as-user-extra", "extensions"};

// " (it has 'tokne' (did you mean 'token'?))" for keys kubectl would not read; "" when there are none.
std::string unknown_keys(const Found& user) {
  std::string said;
  const YamlTree& tree = user.file->tree;
  const auto children = tree.kind(user.node) == Kind::kMap ? tree.children(user.node) : std::span<const NodeId>();
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    if (tree.kind(children[i]) != Kind::kScalar) continue;
    const std::string& key = tree.scalar(children[i]);
    if (std::find(kUserKeys.begin(), kUserKeys.end(), key) != kUserKeys.end()) continue;
    said += (said.empty() ? " (it has " : "; ") + util::quoted(util::neutralize(key)) + util::did_you_mean(key, kUserKeys);
  }
  return said.empty() ? said : said + ")";
}

void read_user(const Found& user, const util::FileSystem& files, util::Redactor& redactor, Selected* selected,
               std::string* error) {
  refuse_typos(user, "user " + util::quoted(selected->user), kUserKeys, error);
  selected->token = text_at(user, "token", error);
  // Both given: the file's token is the one sent (client-go's rest.Config: BearerTokenFile takes precedence).
  if (const std::string path = resolve_path(user, text_at(user, "tokenFile", error)); !path.empty()) {
    auto token = read_credential_file(files, path, "tokenFile", error);
    if (!token) *error = position(user) + ": " + *error;
    selected->token = token.value_or("");
  }
  selected->client_key_pem = read_pem(user, "client-key-data", "client-key", files, error);
  redactor.add_multiline_secret(selected->client_key_pem);
  selected->client_cert_pem = read_pem(user, "client-certificate-data", "client-certificate", files, error);
  if (const auto exec = value_of(user.file->tree, user.node, "exec"); exec && error->empty())
    selected->exec = read_exec({user.file, *exec}, error);
  if (const auto provider = value_of(user.file->tree, user.node, "auth-provider"); provider && error->empty())
    read_auth_provider({user.file, *provider}, selected, error);
  redactor.add_secret(util::trim(selected->token));
  if (!error->empty()) return;
  if (!text_at(user, "username", error).empty() && selected->token.empty() && selected->client_key_pem.empty())
    *error = position(user) + ": user " + util::quoted(selected->user) +
             " authenticates with a username and password, which Kubernetes no longer accepts (1.19)";
  else if (selected->client_cert_pem.empty() != selected->client_key_pem.empty())
    *error = position(user) + ": user " + util::quoted(selected->user) + " has a client " +
             (selected->client_key_pem.empty() ? "certificate but no client-key(-data)" : "key but no client-certificate(-data)");
  else if (selected->token.empty() && selected->client_key_pem.empty() && !selected->exec)
    *error = position(user) + ": user " + util::quoted(selected->user) +
             " has no credential: a token, tokenFile, client-certificate and client-key, or exec" + unknown_keys(user);
}
}  // namespace

std::vector<std::string> files_to_read(const std::string& manifest_path, const std::string& kubeconfig_variable,
                                       const std::string& home) {
  auto at_home = [&](const std::string& path) -> std::string {
    if (path == "~" || path.starts_with("~/")) return home.empty() ? "" : home + path.substr(1);
    return path;
  };
  if (!manifest_path.empty()) {
    const std::string path = at_home(manifest_path);
    return path.empty() ? std::vector<std::string>{} : std::vector<std::string>{path};
  }
  if (!kubeconfig_variable.empty()) return util::split_any(kubeconfig_variable, ":");
  if (home.empty()) return {};
  return {home + "/.kube/config"};
}

std::optional<Selected> select(const std::vector<std::string>& paths, const std::string& context,
                               const util::FileSystem& files, util::Redactor& redactor, std::string* error) {
  error->clear();
  std::vector<Loaded> loaded;
  for (const std::string& path : paths)
    if (!load(path, paths.size() == 1, files, &loaded, error)) return std::nullopt;
  if (loaded.empty()) {
    const bool any_exists = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return files.exists(p); });
    *error = std::string(any_exists ? kNothingInKubeconfig : "none of the kubeconfig files exists") +
             " (" + util::join(paths, ", ") + ")";
    return std::nullopt;
  }
  register_secrets(loaded, redactor);
  Selected selected;
  selected.context = context.empty() ? current_context(loaded) : context;
  if (selected.context.empty()) {
    *error = "the kubeconfig " + util::join(paths, ":") + " sets no current-context: give the provider a context:";
    return std::nullopt;
  }
  const auto found_context = find_named(loaded, "contexts", "context", selected.context, error);
  if (!found_context) return std::nullopt;
  selected.file = found_context->file->path;
  refuse_typos(*found_context, "context " + util::quoted(selected.context), {"cluster", "user", "namespace", "extensions"},
               error);
  selected.cluster = text_at(*found_context, "cluster", error);
  selected.user = text_at(*found_context, "user", error);
  selected.namespace_ = text_at(*found_context, "namespace", error);
  if (error->empty() && (selected.cluster.empty() || selected.user.empty()))
    *error = position(*found_context) + ": context " + util::quoted(selected.context) + " names no " +
             (selected.cluster.empty() ? "cluster" : "user");
  if (const auto cluster = error->empty() ? find_named(loaded, "clusters", "cluster", selected.cluster, error) : std::nullopt)
    read_cluster(*cluster, files, &selected, error);
  if (const auto user = error->empty() ? find_named(loaded, "users", "user", selected.user, error) : std::nullopt)
    read_user(*user, files, redactor, &selected, error);
  if (!error->empty()) return std::nullopt;
  return selected;
}

}  // namespace scopegate::providers::kubeconfig

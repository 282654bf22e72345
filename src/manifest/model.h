#pragma once
// The manifest (version 1) as scopegate uses it, every value with its source position.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manifest/yaml_tree.h"
#include "util/name_index.h"

namespace scopegate::manifest {

// A string from the manifest and where it was written.
struct Text {
  std::string value;
  Location where;
};

struct Header {
  std::string name;
  Text value;  // may contain ${TOKEN} and ${VAR}
};

// How a generic provider asks, or any request a probe sends.
struct RequestSpec {
  std::string method = "GET";
  Text url;
  std::vector<Header> headers;
  std::vector<Header> form;  // application/x-www-form-urlencoded body fields
};

// A request whose answer proves one scope.
struct ProbeSpec {
  Text scope;
  std::string method = "GET";
  Text url;
  std::vector<int> granted{200};
  std::vector<int> missing{403};
  Location where;
  bool is_write() const { return method != "GET" && method != "HEAD"; }
};

enum class SplitMode { kJsonArray, kSpace, kComma };

// Where a generic provider's answer holds the scopes.
struct ScopeLocation {
  Text json_pointer;  // "/scopes"; empty when `header` is used
  Text header;        // "X-OAuth-Scopes"
  SplitMode split = SplitMode::kJsonArray;
};

struct Implication {
  Text scope;
  std::vector<Text> includes;
};

struct ProviderSpec {
  std::string name;
  Location where;
  Text preset;
  std::optional<Text> base_url;    // unexpanded; ${VAR} resolved at check time
  std::optional<Text> token_env;   // absent: the preset's default variable
  std::optional<Text> token_file;
  std::optional<Text> token_page;
  std::optional<Text> org;         // socket
  // socket: socket-cli's package directory, or its table of what each command
  // needs (requirements.json); absent: found where npm installs packages
  std::optional<Text> socket_cli;
  std::optional<Text> role_arn;    // aws: the role to simulate, when the session's ARN drops its path
  // vault: the Vault namespace (X-Vault-Namespace), default $VAULT_NAMESPACE;
  // kubernetes: the default namespace (the contract's resource)
  std::optional<Text> namespace_;
  std::optional<Text> kubeconfig;  // kubernetes: the kubeconfig file; `~/` is $HOME
  std::optional<Text> context;     // kubernetes: the kubeconfig's context; default its current-context
  // The contract's default resource a permission is checked on (`resource:`):
  // github's "owner/name" (also written `repository:`), gcp's "projects/ID".
  std::optional<Text> resource;
  bool workflow_token = false;     // github: the token is the workflow's GITHUB_TOKEN
  bool allow_write_probes = false;
  bool allow_insecure_http = false;
  std::optional<Text> require_key_prefix;  // the key's reported prefix must start with this ("sk_live")
  // oauth2
  std::optional<Text> introspection_url;  // oauth2 (RFC 7662); gcp's tokeninfo_url:, aws's sts_url:
  std::string introspection_key = "introspection_url";  // the key it was written as, for messages
  std::optional<Text> client_id_env;
  std::optional<Text> client_secret_env;
  // dockerhub: the variable holding the account's user name, which its login pairs with the token
  std::optional<Text> username_env;
  // jwt and oauth2: the claims that carry scopes (names, or JSON pointers such
  // as /realm_access/roles); empty means the defaults (providers/claims.h)
  std::vector<Text> scope_claims;
  // generic
  std::optional<RequestSpec> request;
  std::optional<ScopeLocation> scopes;
  std::optional<Text> key_name;    // JSON pointers into the answer
  std::optional<Text> key_prefix;
  std::optional<Text> expires_at;
  // any provider
  std::vector<Implication> implies;
  std::optional<Text> wildcards;
  std::vector<ProbeSpec> probes;
};

struct ScopeRef {
  std::string scope;
  Location where;
  // Who asked for it when a requirement source named it ("socket-cli
  // scan:create, fix"); "" when the manifest wrote the scope itself.
  std::string origin{};
};

// Names a preset's requirement source turns into scopes, as written in
// `requires: {socket-cli: [scan:create, fix]}` (PresetRules::expand_requirements).
struct NamedRequirement {
  Text source;                  // the key: "socket-cli"
  std::vector<ScopeRef> names;  // "scan:create", each where it was written
};

struct Requirement {
  std::vector<ScopeRef> all;  // every one is needed (with the named requirements' scopes, once expanded)
  std::vector<ScopeRef> any;  // at least one is needed (when not empty)
  std::vector<NamedRequirement> named{};  // every scope each name needs is needed
};

// `when:` - every condition given must hold for the feature to be checked.
struct Condition {
  std::vector<Text> env;        // set and non-empty
  std::vector<Text> env_unset;  // unset or empty
  std::optional<Text> equals;   // with exactly one `env`: its value equals this
  Location where;
};

struct FeatureSpec {
  std::string name;
  Location where;
  Text provider;  // filled with the only provider when the manifest omits it
  std::string description;
  std::optional<Text> hint;
  bool optional = false;
  Requirement requires_;
  std::optional<Condition> when;
};

struct Manifest {
  std::string path;
  std::string source;  // the file's text, for quoting lines in diagnostics
  // Text in the manifest that looks like a secret pasted where a name belongs:
  // registered with the redactor before any diagnostic quotes a line.
  std::vector<std::string> pasted_secrets;
  int version = 0;
  std::vector<ProviderSpec> providers;
  std::vector<FeatureSpec> features;

  const ProviderSpec* find_provider(std::string_view name) const { return provider_index_.find(providers, name); }
  const FeatureSpec* find_feature(std::string_view name) const { return feature_index_.find(features, name); }

 private:
  util::NameIndex<ProviderSpec> provider_index_;
  util::NameIndex<FeatureSpec> feature_index_;
};

}  // namespace scopegate::manifest

// Vault (HashiCorp), asked for the set (deploy-gates.md): who the token is
// from GET /v1/auth/token/lookup-self, and which capabilities it has on every
// wanted path from one POST /v1/sys/capabilities-self, sent together.
// Vault's API docs: "/auth/token" (lookup-self) and "/sys/capabilities-self".
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <map>

#include "net/request_check.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace vault {
namespace {
// A policy's capabilities a step can need (Vault's "Policies" doc); root
// grants all, deny none, and neither is something a step requires.
const std::vector<std::string> kCapabilities{"create", "read",   "update",    "patch",  "delete",
                                             "list",   "sudo",   "subscribe", "scan",   "recover"};

// "read secret/data/web/prod" -> {"read", "secret/data/web/prod"}.
struct PathCapability {
  std::string capability;
  std::string path;
};

std::optional<PathCapability> parse_scope(std::string_view scope) {
  const std::size_t space = scope.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  PathCapability parsed{std::string(scope.substr(0, space)), std::string(util::trim(scope.substr(space + 1)))};
  if (std::find(kCapabilities.begin(), kCapabilities.end(), parsed.capability) == kCapabilities.end() ||
      parsed.path.empty())
    return std::nullopt;
  return parsed;
}

// Why `path` cannot be asked about; "" when it can. It travels in a JSON
// body, never a URL, but a path with a blank or a glob is not one Vault
// would check as written.
std::string path_problem(std::string_view path) {
  if (path.front() == '/') return "write the path without the leading / (Vault's paths are relative)";
  for (std::size_t i = 0; i < path.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(path[i]);
    if (c <= 0x20 || c >= 0x7f) return "the path has " + util::describe_character(path, i) + "; a Vault path has none";
  }
  if (path.find_first_of("*+") != std::string_view::npos)
    return "capabilities-self checks one concrete path and reads * and + literally; name the path the step uses";
  return {};
}
}  // namespace

// Why `scope` is not a Vault scope ("CAPABILITY PATH"); "" when it is.
std::string scope_problem(std::string_view scope) {
  const std::size_t space = scope.find(' ');
  if (space == std::string_view::npos)
    return "a Vault scope is CAPABILITY PATH, as in 'read secret/data/web/prod'; " + util::quoted(scope) +
           " names no capability before the path";
  const std::string capability(scope.substr(0, space));
  if (capability == "root" || capability == "deny")
    return capability + " is a policy's word, not something a step uses: name the capability it needs (" +
           util::join(kCapabilities, ", ") + ")";
  if (std::find(kCapabilities.begin(), kCapabilities.end(), capability) == kCapabilities.end())
    return util::quoted(capability) + " is not a Vault capability (" + util::join(kCapabilities, ", ") + ")" +
           util::did_you_mean(capability, kCapabilities);
  const std::string_view path = util::trim(scope.substr(space + 1));
  if (path.empty()) return "a Vault scope is CAPABILITY PATH; " + util::quoted(scope) + " has no path";
  return path_problem(path);
}

namespace {
// The capabilities Vault lists for `path`: at the top of the answer, in
// `data`, or, when one path was asked, as `capabilities`; nullopt when the
// answer does not say.
std::optional<std::vector<std::string>> capabilities_of(const boost::json::value& root, const std::string& path,
                                                        bool only_path) {
  for (const char* where : {"", "/data"}) {
    const auto* object = root.is_object() ? &root.get_object() : nullptr;
    if (*where) {
      const auto* data = object ? object->if_contains("data") : nullptr;
      object = data && data->is_object() ? &data->get_object() : nullptr;
    }
    if (!object) continue;
    for (const std::string& key : only_path ? std::vector<std::string>{path, "capabilities"}
                                            : std::vector<std::string>{path}) {
      const auto* list = object->if_contains(key);
      if (!list || !list->is_array()) continue;
      std::vector<std::string> capabilities;
      for (const auto& item : list->get_array()) {
        if (!item.is_string()) return std::nullopt;  // not Vault's shape: no answer, not "none"
        capabilities.emplace_back(item.get_string());
      }
      return capabilities;
    }
  }
  return std::nullopt;
}

// The namespace the token lives in: the manifest's, else $VAULT_NAMESPACE
// (as the vault CLI reads it); "" for the root namespace.
std::string namespace_of(const LiveContext& context) {
  if (context.spec.namespace_) return context.spec.namespace_->value;
  return context.environment.get("VAULT_NAMESPACE").value_or("");
}

class VaultProvider final : public Provider {
 public:
  // lookup-self: {"data": {"display_name", "policies": [...], "expire_time": RFC 3339 | null, "ttl"}}.
  // 403 is Vault's answer for a token that is invalid, expired or revoked.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (response.status == 403 || response.status == 401)
      return TokenFacts::rejected("Vault refused the token (HTTP " + std::to_string(response.status) + ": " +
                                  vault_error(response) + "): it is invalid, expired or revoked");
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    const auto* data = root.is_object() ? root.get_object().if_contains("data") : nullptr;
    if (!data || !data->is_object()) return TokenFacts::failed("Vault's lookup-self answer has no data object");
    TokenFacts facts;
    facts.account = string_at(*data, "/display_name");
    std::string error;
    if (!string_list_at(*data, "/policies", "", &facts.policies, &error)) {
      facts.policies.clear();
      facts.notes.push_back("cannot read the token's policies: " + error);
    }
    if (!facts.policies.empty()) facts.notes.push_back("the token's policies: " + util::join(facts.policies, ", "));
    const auto* expire = data->as_object().if_contains("expire_time");
    if (expire && !expire->is_string() && !expire->is_null())
      facts.expiry_problem = "Vault's expire_time is neither RFC 3339 text nor null";  // not a number of seconds
    else if (!read_expiry(*data, "/expire_time", &facts, &error))
      facts.notes.push_back(error);
    facts.unverifiable_reason = "Vault's lookup-self names the token's policies, not its capabilities "
                                "(asked live, sys/capabilities-self answers per path)";
    return facts;
  }

 protected:
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("X-Vault-Token", context.token);
    if (const std::string space = namespace_of(context); !space.empty())
      request.headers.emplace_back("X-Vault-Namespace", space);
  }

  // A namespace that cannot be a header value is configuration (exit 2), not an unreachable Vault.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    const std::string space = namespace_of(context);
    if (const auto problem = net::header_value_problem(space); problem && !space.empty())
      co_return TokenFacts::misconfiguration("the Vault namespace (" +
                                             std::string(context.spec.namespace_ ? "namespace:" : "$VAULT_NAMESPACE") +
                                             ") " + *problem + "; nothing was sent");
    co_return co_await Provider::ask(context);
  }

  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/v1/auth/token/lookup-self", error);
  }

  // One POST for every wanted path: {"paths": [...]}.
  std::vector<net::HttpRequest> set_questions(const LiveContext& context, std::string* error) const override {
    const std::vector<std::string> wanted = wanted_paths(context);  // each path once already
    if (wanted.empty()) return {};
    const boost::json::array paths(wanted.begin(), wanted.end());
    auto request = make_request(context, "POST", "/v1/sys/capabilities-self", error);
    if (!request) return {};
    request->headers.emplace_back("Content-Type", "application/json");
    request->body = boost::json::serialize(boost::json::object{{"paths", paths}});
    std::vector<net::HttpRequest> questions;
    questions.push_back(std::move(*request));
    return questions;
  }

  void read_set_answers(const LiveContext& context, const std::vector<net::HttpOutcome>& outcomes,
                        TokenFacts& facts) const override {
    const net::HttpOutcome& outcome = outcomes.front();
    const std::string asked = "POST /v1/sys/capabilities-self";
    if (!outcome.response) return unanswered(context, asked + " failed: " + outcome.error, facts);
    const net::HttpResponse& response = *outcome.response;
    if (response.status == 403) {
      facts.unverifiable_reason = "the token may not ask " + asked + " (HTTP 403: " + vault_error(response) +
                                  "); a policy with path \"sys/capabilities-self\" { capabilities = [\"update\"] } "
                                  "(Vault's default policy has it) lets the gate check";
      return;
    }
    boost::json::value root;
    std::string error;
    if (response.status != 200 || !parse_json_body(response.body, &root, &error))
      return unanswered(context, asked + " answered HTTP " + std::to_string(response.status) + ": " +
                                     (response.status == 200 ? error : vault_error(response)), facts);
    const bool one_path = wanted_paths(context).size() == 1;
    for (const std::string& scope : context.wanted) {
      const auto wanted = parse_scope(scope);
      if (!wanted) continue;
      const auto held = capabilities_of(root, wanted->path, one_path);
      if (!held) {
        facts.unanswered.emplace_back(scope, "Vault's answer to " + asked + " has no list of capability names for " +
                                                 wanted->path);
        continue;
      }
      judge(scope, *wanted, *held, facts);
    }
  }

 private:
  static void judge(const std::string& scope, const PathCapability& wanted, const std::vector<std::string>& held,
                    TokenFacts& facts) {
    const auto has = [&](std::string_view capability) {
      return std::find(held.begin(), held.end(), capability) != held.end();
    };
    if (has("deny")) {
      // Vault answers ["deny"] for an explicit deny and for a path no policy
      // grants ("Capabilities", acl.go): the fix covers both.
      facts.proven_missing.push_back(scope);
      facts.explicitly_denied.push_back(scope);
      facts.notes.push_back(scope + ": Vault answers deny for " + wanted.path +
                            " (no policy of the token grants it, or one denies it)");
    } else if (has("root") || has(wanted.capability)) {
      facts.granted.push_back(scope);
    } else {
      facts.proven_missing.push_back(scope);
      facts.notes.push_back(scope + ": the token has " + (held.empty() ? "no capability" : util::join(held, ", ")) +
                            " on " + wanted.path);
    }
  }

  static std::vector<std::string> wanted_paths(const LiveContext& context) {
    std::vector<std::string> paths;
    for (const std::string& scope : context.wanted)
      if (const auto parsed = parse_scope(scope); parsed && std::find(paths.begin(), paths.end(), parsed->path) == paths.end())
        paths.push_back(parsed->path);
    return paths;
  }

  static void unanswered(const LiveContext& context, const std::string& why, TokenFacts& facts) {
    for (const std::string& scope : context.wanted)
      if (parse_scope(scope)) facts.unanswered.emplace_back(scope, why);
  }

  // Vault's errors: {"errors": ["permission denied"]}.
  static std::string vault_error(const net::HttpResponse& response) {
    const std::string said = error_message_of(response.body);
    return said.empty() ? "no reason given" : said;
  }
};

// path "secret/data/web/prod" { capabilities = ["read", "list"] }
std::string stanza(const std::string& path, const std::vector<std::string>& capabilities) {
  std::string quoted;
  for (const std::string& capability : capabilities) quoted += (quoted.empty() ? "\"" : ", \"") + capability + "\"";
  return "path \"" + path + "\" { capabilities = [" + quoted + "] }";
}
}  // namespace

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<VaultProvider>(); }

// The policy stanzas that grant what is missing, one per path (the first
// name of an any-group), and the policies the token has now; a path a policy
// denies needs that deny removed, since deny wins over every grant.
std::string write_fix(const FixRequest& request) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_path;
  std::vector<std::string> denied;
  for (const std::vector<std::string>& group : request.scopes) {
    if (group.empty()) continue;
    const auto wanted = parse_scope(group.front());
    if (!wanted) continue;
    const auto& deny = request.facts.explicitly_denied;
    if (std::find(deny.begin(), deny.end(), group.front()) != deny.end() &&
        std::find(denied.begin(), denied.end(), wanted->path) == denied.end())
      denied.push_back(wanted->path);
    auto entry = std::find_if(by_path.begin(), by_path.end(), [&](const auto& e) { return e.first == wanted->path; });
    if (entry == by_path.end()) entry = by_path.insert(by_path.end(), {wanted->path, {}});
    if (std::find(entry->second.begin(), entry->second.end(), wanted->capability) == entry->second.end())
      entry->second.push_back(wanted->capability);
  }
  std::vector<std::string> stanzas;
  for (const auto& [path, capabilities] : by_path) stanzas.push_back(stanza(path, capabilities));
  std::string fix;
  if (!stanzas.empty()) {
    const auto& policies = request.facts.policies;
    fix = "add to a policy of the token" +
          (policies.empty() ? std::string() : " (it has " + util::join(policies, ", ") + ")") + ": " +
          util::join(stanzas, " ");
  }
  if (!denied.empty())
    fix += "; if a policy of the token denies " + util::join(denied, ", ") +
           " (Vault answers deny for both), remove that deny: deny wins over every grant";
  return fix;
}

// The vault CLI's TLS variables ("vault" command docs, environment
// variables): VAULT_CACERT, the CA to trust alone; VAULT_CLIENT_CERT and
// VAULT_CLIENT_KEY, a client certificate (the cert auth method);
// VAULT_TLS_SERVER_NAME. nullopt when none is set.
std::optional<Connection> read_connection(const ConnectionInputs& in, std::string* error) {
  error->clear();
  auto tls = std::make_shared<net::TlsIdentity>();
  std::string* into[] = {&tls->ca_pem, &tls->client_cert_pem, &tls->client_key_pem};
  const char* variables[] = {"VAULT_CACERT", "VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY"};
  std::vector<std::string> named;
  for (int i = 0; i < 3; ++i) {
    const auto path = in.environment.get_non_empty(variables[i]);
    if (!path) continue;
    named.push_back(variables[i]);
    auto text = read_credential_file(in.files, *path, variables[i], error);
    if (!text) return std::nullopt;
    *into[i] = std::move(*text);
  }
  in.redactor.add_multiline_secret(tls->client_key_pem);
  tls->server_name = in.environment.get_non_empty("VAULT_TLS_SERVER_NAME").value_or("");
  if (named.empty() && tls->server_name.empty()) return std::nullopt;
  if (tls->client_cert_pem.empty() != tls->client_key_pem.empty()) {
    *error = tls->client_key_pem.empty() ? "VAULT_CLIENT_CERT is set, but not VAULT_CLIENT_KEY (its key)"
                                         : "VAULT_CLIENT_KEY is set, but not VAULT_CLIENT_CERT (its certificate)";
    return std::nullopt;
  }
  tls->source = util::join(named, ", ");
  Connection connection;
  connection.tls = std::move(tls);
  return connection;
}

// `scopegate init --preset vault`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  vault:
    preset: vault                     # address from $VAULT_ADDR, token from $VAULT_TOKEN
    # namespace: team-a               # Vault Enterprise; default $VAULT_NAMESPACE

features:
  deploy-secrets:
    description: Read the web app's production secrets
    requires: ["read secret/data/web/prod"]
  sign-release:
    description: Sign the release with the transit key
    requires: ["update transit/sign/release"]
)";
}  // namespace vault

const PresetInfo& vault_preset() {
  static const PresetInfo row{
      .name = "vault",
      .summary = "HashiCorp Vault tokens (lookup-self, asked sys/capabilities-self per path)",
      .default_base_url = "${VAULT_ADDR}",
      .default_token_env = "VAULT_TOKEN",
      .fix_template = "add a policy granting {scopes} to the token",
      .own_keys = {"namespace"},
      .create = &vault::create,
      .starter_manifest = vault::kStarterManifest,
      .fix_writer = &vault::write_fix,
      .scope_problem = &vault::scope_problem,
      .read_connection = &vault::read_connection,
  };
  return row;
}

}  // namespace scopegate::providers

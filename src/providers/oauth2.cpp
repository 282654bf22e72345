// OAuth 2.0 token introspection (RFC 7662):
//   {"active": true, "scope": "read write", "exp": 1767225600, "client_id": "..."}
//   {"active": false} means the token is not valid; HTTP 401 means the
//   authorization server did not accept the CLIENT (RFC 7662 section 2.3).
#include <boost/json/value.hpp>

#include "providers/claims.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/base64.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// RFC 6749 section 2.3.1: HTTP Basic over the form-encoded client id and
// secret, as the introspection request carries them.
std::string oauth2_client_credentials(std::string_view client_id, std::string_view client_secret) {
  return util::base64_encode(util::percent_encode(client_id) + ":" + util::percent_encode(client_secret));
}

class OAuth2Provider final : public Provider {
 public:
  explicit OAuth2Provider(const manifest::ProviderSpec& spec) : spec_(spec) {}

  TokenFacts interpret(const net::HttpResponse& response) const override {
    // RFC 7662 section 2.3: a 401 is about the caller's client credentials
    // (invalid_client), not the token; a new token would not help.
    if (response.status == 401) return client_refused(response);
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    std::string error;
    const auto* active = root.is_object() ? root.get_object().if_contains("active") : nullptr;
    if (!active || !active->is_bool())
      return TokenFacts::failed("the introspection answer has no boolean \"active\" (RFC 7662)");
    if (!active->get_bool())
      return TokenFacts::rejected("the authorization server says the token is not active");

    TokenFacts facts;
    // RFC 7662 makes "scope" optional: without any scope claim the scopes are unknown, not none.
    if (!read_scope_facts(root, spec_, "the introspection answer", &facts, &error))
      return TokenFacts::failed("cannot read the introspection answer: " + error);
    facts.key_name = string_at(root, "/client_id");
    facts.account = string_at(root, "/username");
    if (!facts.account) facts.account = string_at(root, "/sub");
    if (!read_expiry(root, "/exp", &facts, &error, NullExpiry::kUnknown)) facts.notes.push_back(error);
    return facts;
  }

 protected:
  // RFC 7662 section 2.1: the token in a form body, the caller authenticated
  // as a client (RFC 6749 section 2.3.1: Basic with form-encoded id and secret).
  // Only this request carries the client's credential; probes carry the
  // token (Bearer, as for every preset), never the client secret.
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    const std::string& endpoint = context.introspection_url.empty() ? context.base_url : context.introspection_url;
    auto request = build_request(context, "POST", endpoint, error);
    if (!request) return request;
    request->headers.emplace_back("Authorization",
                                  "Basic " + oauth2_client_credentials(context.client_id, context.client_secret));
    request->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request->body = "token=" + util::percent_encode(context.token) + "&token_type_hint=access_token";
    return request;
  }

 private:
  TokenFacts client_refused(const net::HttpResponse& response) const {
    const std::string detail = error_message_of(response.body);
    const std::string id = spec_.client_id_env ? spec_.client_id_env->value : "client_id_env";
    const std::string secret = spec_.client_secret_env ? spec_.client_secret_env->value : "client_secret_env";
    return TokenFacts::failed("the authorization server refused scopegate's client credentials (HTTP 401" +
                              (detail.empty() ? std::string() : ": " + detail) + "), so the token was not checked; "
                              "check the client id and secret in " + id + " and " + secret +
                              " (client_id_env, client_secret_env)");
  }

  const manifest::ProviderSpec& spec_;
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace oauth2 {
std::unique_ptr<Provider> create(const manifest::ProviderSpec& spec) {
  return std::make_unique<OAuth2Provider>(spec);
}

// RFC 7662 section 2.1: the introspection endpoint, and the client that may ask it.
void manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  const std::string name = util::quoted(provider.name);
  if (!provider.introspection_url) diagnostics.error(provider.where, "provider " + name + " needs introspection_url");
  if (!provider.client_id_env) diagnostics.error(provider.where, "provider " + name + " needs client_id_env");
  if (!provider.client_secret_env) diagnostics.error(provider.where, "provider " + name + " needs client_secret_env");
}

// `scopegate init --preset oauth2`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  idp:
    preset: oauth2
    introspection_url: https://auth.example.com/oauth2/introspect
    client_id_env: INTROSPECTION_CLIENT_ID          # the caller of the introspection endpoint
    client_secret_env: INTROSPECTION_CLIENT_SECRET
    token_env: API_ACCESS_TOKEN                     # the token being checked

features:
  read-orders:
    description: Read orders
    requires: [orders:read]
  refund:
    description: Issue refunds
    requires: [orders:write, payments:refund]
)";
}  // namespace oauth2

const PresetInfo& oauth2_preset() {
  static const PresetInfo row{
      .name = "oauth2",
      .summary = "OAuth 2.0 token introspection (RFC 7662)",
      .fix_template = "ask the authorization server for a token that carries {scopes} in its {claims}[ ({page})]",
      .own_keys = {"introspection_url", "client_id_env", "client_secret_env", "scope_claims"},
      .create = &oauth2::create,
      .starter_manifest = oauth2::kStarterManifest,
      .manifest_rules = &oauth2::manifest_rules,
      .client_credential = &oauth2_client_credentials,
  };
  return row;
}

}  // namespace scopegate::providers

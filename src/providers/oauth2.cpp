// OAuth 2.0 token introspection (RFC 7662):
//   {"active": true, "scope": "read write", "exp": 1767225600, "client_id": "..."}
//   {"active": false} means the token is not valid.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/base64.h"
#include "util/redactor.h"

namespace scopegate::providers {

namespace {
class OAuth2Provider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    std::string error;
    const auto* active = root.is_object() ? root.get_object().if_contains("active") : nullptr;
    if (!active || !active->is_bool())
      return TokenFacts::failed("the introspection answer has no boolean \"active\" (RFC 7662)");
    if (!active->get_bool())
      return TokenFacts::rejected("the authorization server says the token is not active");

    TokenFacts facts;
    // RFC 7662 makes "scope" optional: without it the scopes are unknown, not none.
    if (root.get_object().contains("scope")) {
      facts.scopes_listed = true;
      if (!string_list_at(root, "/scope", " ", &facts.granted, &error))
        return TokenFacts::failed("cannot read the introspection answer: " + error);
    } else {
      facts.unverifiable_reason = "the introspection answer has no \"scope\" member";
    }
    facts.key_name = string_at(root, "/client_id");
    facts.account = string_at(root, "/username");
    if (!facts.account) facts.account = string_at(root, "/sub");
    if (!read_expiry(root, "/exp", &facts, &error)) facts.notes.push_back(error);
    return facts;
  }

 protected:
  // RFC 7662 section 2.1: the token in a form body, the caller authenticated
  // as a client (RFC 6749 section 2.3.1: Basic with form-encoded id and secret).
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    auto request = make_request(context, "POST", context.base_url, error);
    if (!request) return request;
    request->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request->body = "token=" + util::percent_encode(context.token) + "&token_type_hint=access_token";
    return request;
  }
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("Authorization",
                                 "Basic " + oauth2_client_credentials(context.client_id, context.client_secret));
  }
};
}  // namespace

std::string oauth2_client_credentials(std::string_view client_id, std::string_view client_secret) {
  return util::base64_encode(util::percent_encode(client_id) + ":" + util::percent_encode(client_secret));
}

std::unique_ptr<Provider> create_oauth2(const manifest::ProviderSpec&) {
  return std::make_unique<OAuth2Provider>();
}

}  // namespace scopegate::providers
